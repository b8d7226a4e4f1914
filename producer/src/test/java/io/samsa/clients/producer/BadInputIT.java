package io.samsa.clients.producer;

import io.samsa.common.serialization.StringSerializer;
import io.samsa.common.config.ConfigException;
import io.samsa.common.errors.RecordTooLargeException;
import io.samsa.common.KafkaException;
import io.samsa.common.errors.TimeoutException;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Acceptance 6: bad input gets a clear error naming what was wrong, and nothing hangs. */
@KafkaCluster
class BadInputIT {
    private static KafkaProducer<String, String> producer(String bootstrap, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void nullTopicAndNegativePartitionAreRejectedByTheRecord() {
        assertThatThrownBy(() -> new ProducerRecord<String, String>(null, "k", "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Topic");
        assertThatThrownBy(() -> new ProducerRecord<>("t", -1, "k", "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void partitionOutOfRangeFailsThatRecordNamingTopicAndRange(KafkaTestCluster kafka) throws Exception {
        kafka.createTopic("bad-partition", 3, 1);
        try (KafkaProducer<String, String> p = producer(kafka.bootstrapServers(), Map.of())) {
            p.send(new ProducerRecord<>("bad-partition", 0, "k", "v")).get(60, TimeUnit.SECONDS); // metadata known
            AtomicReference<Exception> seen = new AtomicReference<>();
            Throwable e = failureOf(p.send(new ProducerRecord<>("bad-partition", 7, "k", "v"), (md, ex) -> seen.set(ex)));
            assertThat(e).hasMessageContaining("bad-partition").hasMessageContaining("7").hasMessageContaining("0..2");
            // ...and also when the topic's metadata was not known at send time.
            try (KafkaProducer<String, String> fresh = producer(kafka.bootstrapServers(), Map.of())) {
                Throwable e2 = failureOf(fresh.send(new ProducerRecord<>("bad-partition", 9, "k", "v")));
                assertThat(e2).hasMessageContaining("bad-partition").hasMessageContaining("9");
            }
            p.flush();
            assertThat(seen.get()).isNotNull(); // the callback ran too
        }
    }

    @Test
    void aRecordOverMaxRequestSizeFailsNamingTheLimit(KafkaTestCluster kafka) throws Exception {
        try (KafkaProducer<String, String> p = producer(kafka.bootstrapServers(), Map.of("max.request.size", 1000))) {
            Throwable e = failureOf(p.send(new ProducerRecord<>("too-large", "k", "x".repeat(2000))));
            assertThat(e).isInstanceOf(RecordTooLargeException.class).hasMessageContaining("max.request.size")
                    .hasMessageContaining("1000");
        }
    }

    @Test
    void invalidConfigValuesNameTheKey() {
        Properties props = new Properties();
        props.put("bootstrap.servers", "127.0.0.1:9092");
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        props.put("linger.ms", "soon");
        assertThatThrownBy(() -> new KafkaProducer<String, String>(props))
                .isInstanceOf(ConfigException.class).hasMessageContaining("linger.ms").hasMessageContaining("soon");
        props.put("linger.ms", "5");
        props.put("acks", "2");
        assertThatThrownBy(() -> new KafkaProducer<String, String>(props))
                .isInstanceOf(ConfigException.class).hasMessageContaining("acks");
    }

    @Test
    void sendAfterCloseFailsAtOnceAndCloseIsIdempotent(KafkaTestCluster kafka) {
        KafkaProducer<String, String> p = producer(kafka.bootstrapServers(), Map.of());
        p.close();
        p.close(Duration.ofSeconds(1));
        assertThatThrownBy(() -> p.send(new ProducerRecord<>("t", "k", "v")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void noBrokerReachableFailsWithinTheDeliveryTimeout() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, Object> extra = new HashMap<>();
        extra.put("delivery.timeout.ms", 3000);
        extra.put("request.timeout.ms", 1000);
        extra.put("linger.ms", 0);
        extra.put("max.block.ms", 2000);
        try (KafkaProducer<String, String> p = producer("127.0.0.1:" + port, extra)) {
            long start = System.nanoTime();
            CompletableFuture<RecordMetadata> f = p.send(new ProducerRecord<>("nowhere", "k", "v"));
            assertThat((System.nanoTime() - start) / 1_000_000).as("send() must not wait for metadata").isLessThan(2000);
            Throwable e = failureOf(f);
            assertThat(e).isInstanceOf(TimeoutException.class).hasMessageContaining("nowhere")
                    .hasMessageContaining("delivery.timeout.ms");
            assertThatThrownBy(() -> p.partitionsFor("nowhere")).isInstanceOf(KafkaException.class)
                    .hasMessageContaining("nowhere");
        }
    }
}
