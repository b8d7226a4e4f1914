package io.samsa.producer;

import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.errors.TimeoutException;
import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.kafka.embedded.PartitionState;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 4 and 5: brokers going away mid-stream. Records keep being sent while a broker is stopped and
 * restarted (1 node) or the leader of a partition is killed with SIGKILL (3 nodes, replication factor 3,
 * min.insync.replicas=2). Apache Kafka's consumer then sees every record exactly once, in send order per
 * partition. Records whose delivery timeout passes while no broker can take them fail with a timeout.
 */
class ProducerFailoverIT {
    private static final int RECORDS = 60_000;

    /** Sends {@code RECORDS} sequence-numbered records, running {@code action} on another thread midway. */
    private static List<CompletableFuture<RecordMetadata>> stream(KafkaProducer<byte[], byte[]> producer,
                                                                 String topic, Runnable action) throws Exception {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>(RECORDS);
        Thread actor = null;
        for (int i = 0; i < RECORDS; i++) {
            if (i == RECORDS / 3) {
                actor = new Thread(action, "failover-action");
                actor.start();
            }
            byte[] value = new byte[100];
            ByteBuffer.wrap(value).putLong(i);
            futures.add(producer.send(new ProducerRecord<>(topic, null, value)));
            if (i % 1000 == 999) {
                Thread.sleep(20); // spread the stream over the outage (about 1.2 s per 60,000 without it)
            }
        }
        actor.join(TimeUnit.MINUTES.toMillis(3));
        assertThat(actor.isAlive()).as("the broker action finished").isFalse();
        return futures;
    }

    private static void assertExactlyOnceInOrder(EmbeddedKafkaCluster kafka, String topic, int partitions) {
        List<ConsumerRecord<byte[], byte[]>> back = ConsumerSupport.readAll(kafka, topic, partitions, RECORDS);
        BitSet seen = new BitSet(RECORDS);
        long[] last = new long[partitions];
        java.util.Arrays.fill(last, -1);
        for (ConsumerRecord<byte[], byte[]> r : back) {
            long seq = ByteBuffer.wrap(r.value()).getLong();
            assertThat(seen.get((int) seq)).as("record %d duplicated", seq).isFalse();
            seen.set((int) seq);
            assertThat(seq).as("order in partition %d", r.partition()).isGreaterThan(last[r.partition()]);
            last[r.partition()] = seq;
        }
        assertThat(seen.cardinality()).as("records read back").isEqualTo(RECORDS);
        assertThat(back).hasSize(RECORDS);
    }

    private static Map<String, Object> config(EmbeddedKafkaCluster kafka) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("acks", "all");
        config.put("linger.ms", 5);
        config.put("request.timeout.ms", 10_000);
        config.put("delivery.timeout.ms", 120_000);
        config.put("retry.backoff.max.ms", 500);
        config.put("reconnect.backoff.max.ms", 500);
        return config;
    }

    @Test
    void brokerStoppedAndRestartedMidStreamLosesAndDuplicatesNothing(
            @KafkaCluster(shared = false) EmbeddedKafkaCluster kafka) throws Exception {
        kafka.createTopic("restart", 3, 1);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config(kafka), new ByteArraySerializer(), new ByteArraySerializer())) {
            List<CompletableFuture<RecordMetadata>> futures = stream(producer, "restart", () -> {
                kafka.stopNode(1);
                kafka.restartNode(1);
            });
            producer.flush();
            for (CompletableFuture<RecordMetadata> f : futures) {
                assertThat(f.get(0, TimeUnit.SECONDS).offset()).isGreaterThanOrEqualTo(-1);
            }
        }
        assertExactlyOnceInOrder(kafka, "restart", 3);

        // Records whose delivery.timeout.ms passes while the broker is down fail with a timeout.
        Map<String, Object> short_ = config(kafka);
        short_.put("request.timeout.ms", 1_000);
        short_.put("delivery.timeout.ms", 3_000);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(short_, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("restart", null, new byte[1])).get(60, TimeUnit.SECONDS);
            kafka.stopNode(1);
            List<CompletableFuture<RecordMetadata>> doomed = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                doomed.add(producer.send(new ProducerRecord<>("restart", null, new byte[1])));
            }
            for (CompletableFuture<RecordMetadata> f : doomed) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                    throw new AssertionError("a record succeeded with the broker down");
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(TimeoutException.class)
                            .hasMessageContaining("delivery.timeout.ms");
                }
            }
        } finally {
            kafka.restartNode(1);
        }
    }

    @Test
    void leaderKilledMidStreamOnThreeNodesLosesAndDuplicatesNothing(
            @KafkaCluster(nodes = 3, shared = false) EmbeddedKafkaCluster kafka) throws Exception {
        kafka.createTopic("failover", 3, 3, Map.of("min.insync.replicas", "2"));
        PartitionState p0 = kafka.describeTopic("failover").get(0);
        int victim = p0.leader();
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config(kafka), new ByteArraySerializer(), new ByteArraySerializer())) {
            List<CompletableFuture<RecordMetadata>> futures = stream(producer, "failover",
                    () -> kafka.killNode(victim));
            producer.flush();
            for (CompletableFuture<RecordMetadata> f : futures) {
                f.get(0, TimeUnit.SECONDS); // every record acknowledged
            }
        }
        assertExactlyOnceInOrder(kafka, "failover", 3);
    }
}
