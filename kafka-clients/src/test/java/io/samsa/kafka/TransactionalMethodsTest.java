package io.samsa.kafka;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Until transactions are supported, the transactional methods fail exactly as on a non-transactional Apache Kafka
 * producer, checked against Apache's own (constructed without a broker: it connects lazily). With idempotence (the
 * default) Apache's producer has a transaction manager that is not transactional; without, it has none; the
 * messages differ accordingly. {@code transactional.id} is refused at construction, naming the key.
 */
class TransactionalMethodsTest {
    private static final String NOT_TRANSACTIONAL = "Transactional method invoked on a non-transactional producer.";
    private static final Map<TopicPartition, OffsetAndMetadata> OFFSETS =
            Map.of(new TopicPartition("t", 0), new OffsetAndMetadata(5));
    private static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("group");

    private static final List<ThrowingConsumer<Producer<String, String>>> METHODS = List.of(
            Producer::initTransactions,
            Producer::beginTransaction,
            p -> p.sendOffsetsToTransaction(OFFSETS, GROUP),
            p -> p.sendOffsetsToTransaction(OFFSETS, null),
            p -> p.sendOffsetsToTransaction(OFFSETS, new ConsumerGroupMetadata("group", 1, "", Optional.empty())),
            Producer::commitTransaction,
            Producer::abortTransaction);

    private static Map<String, Object> config(Map<String, Object> extra) {
        Map<String, Object> config = NoBroker.config();
        config.putAll(extra);
        return config;
    }

    @Test
    void eachMethodFailsAsOnApachesProducer() {
        for (Map<String, Object> extra : List.<Map<String, Object>>of(Map.of(), Map.of("enable.idempotence", "false"),
                Map.of("acks", "1"))) {
            try (Producer<String, String> samsa = new SamsaKafkaProducer<>(config(extra), new StringSerializer(),
                    new StringSerializer());
                 Producer<String, String> apache = new KafkaProducer<>(config(extra), new StringSerializer(),
                         new StringSerializer())) {
                for (boolean closed : new boolean[]{false, true}) {
                    if (closed) {
                        samsa.close(Duration.ZERO);
                        apache.close(Duration.ZERO);
                    }
                    for (int i = 0; i < METHODS.size(); i++) {
                        Throwable expected = failure(METHODS.get(i), apache);
                        assertThat(failure(METHODS.get(i), samsa)).as("method %d with %s, closed: %s", i, extra, closed)
                                .isExactlyInstanceOf(expected.getClass()).hasMessage(expected.getMessage());
                    }
                }
            }
        }
    }

    @Test
    void anIdempotentProducerIsNotTransactional() {
        try (Producer<String, String> producer = new SamsaKafkaProducer<>(config(Map.of()), new StringSerializer(),
                new StringSerializer())) {
            assertThatThrownBy(producer::initTransactions).isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage(NOT_TRANSACTIONAL);
            // As Apache's producer: nothing to send for no offsets, so it does not get as far as failing.
            assertThatCode(() -> producer.sendOffsetsToTransaction(Map.of(), GROUP)).doesNotThrowAnyException();
        }
    }

    private static Throwable failure(ThrowingConsumer<Producer<String, String>> method, Producer<String, String> p) {
        try {
            method.accept(p);
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("did not fail");
    }

    @Test
    void transactionalIdIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new SamsaKafkaProducer<>(config(Map.of("transactional.id", "tx-1")),
                new StringSerializer(), new StringSerializer()))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessageContaining("transactional.id")
                .hasMessageContaining("not supported");
    }

    @Test
    void clientTelemetryIsOffAsOnApachesProducerWithoutIt() {
        try (Producer<String, String> samsa = new SamsaKafkaProducer<>(config(Map.of()), new StringSerializer(),
                new StringSerializer());
             Producer<String, String> apache = new KafkaProducer<>(config(Map.of("enable.metrics.push", "false")),
                     new StringSerializer(), new StringSerializer())) {
            Throwable expected = failure(p -> p.clientInstanceId(Duration.ofSeconds(1)), apache);
            assertThat(failure(p -> p.clientInstanceId(Duration.ofSeconds(1)), samsa))
                    .isExactlyInstanceOf(expected.getClass()).hasMessageStartingWith(expected.getMessage());
        }
    }
}
