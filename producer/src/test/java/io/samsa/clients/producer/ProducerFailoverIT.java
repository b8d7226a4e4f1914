package io.samsa.clients.producer;

import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.common.errors.TimeoutException;
import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.kafka.embedded.PartitionState;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
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
import java.util.concurrent.atomic.AtomicLongArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 4 and 5: brokers going away mid-stream. Records keep being sent while a broker is stopped and
 * restarted (1 node) or the leader of a partition is killed with SIGKILL (3 nodes, replication factor 3,
 * min.insync.replicas=2). Apache Kafka's consumer then sees every record exactly once, in send order per
 * partition. Records whose delivery timeout passes while no broker can take them fail with a timeout.
 */
class ProducerFailoverIT {
    /** Records sent before the broker action starts, so the producer is in full flow when it happens. */
    private static final int BEFORE_ACTION = 10_000;
    /** Records sent after the action finished (node back, or leadership moved), so recovery carries load. */
    private static final int AFTER_ACTION = 10_000;
    /** Unacknowledged records at most: bounds the stream by the broker's progress instead of by sleeps. */
    private static final int WINDOW = 5_000;
    /** Upper bound of the stream, whatever happens. */
    private static final int MAX_RECORDS = 400_000;
    private static final long STREAM_DEADLINE_NS = TimeUnit.MINUTES.toNanos(4);

    /**
     * A broker action run on its own thread while records flow. It calls {@code down.run()} once the node is
     * gone (its process has exited) and {@code up.run()} once the cluster serves again (the node restarted and
     * ready); an action after which no node comes back calls {@code up} right after {@code down}.
     */
    private interface BrokerAction {
        void run(Runnable down, Runnable up);
    }

    /** One stream across a broker action, with when each record was sent and acknowledged. */
    private static final class Stream {
        final List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        final long[] sentAtNs = new long[MAX_RECORDS];
        /** Written by the callback thread; read after {@code flush}. */
        final AtomicLongArray ackedAtNs = new AtomicLongArray(MAX_RECORDS);
        volatile long actionStartNs;
        volatile long downAtNs;
        volatile long upAtNs;

        int size() {
            return futures.size();
        }

        /** Records sent after the action began and before the cluster served again. */
        int sentDuringOutage() {
            int n = 0;
            for (int i = 0; i < size(); i++) {
                if (sentAtNs[i] >= actionStartNs && sentAtNs[i] < upAtNs) {
                    n++;
                }
            }
            return n;
        }

        /**
         * Records sent before the node was gone but acknowledged only after it was (in the given partition, or
         * any when -1): the outage caught them in flight, and the restarted node or a new leader took them, since
         * the old process could no longer answer. (Not "after the action ended": acknowledgements may come
         * before {@code restartNode} has seen the node ready.)
         */
        int inFlightAcrossOutage(int partition) throws Exception {
            int n = 0;
            for (int i = 0; i < size(); i++) {
                long acked = ackedAtNs.get(i);
                if (sentAtNs[i] < downAtNs && acked > downAtNs
                        && (partition < 0 || futures.get(i).get(0, TimeUnit.SECONDS).partition() == partition)) {
                    n++;
                }
            }
            return n;
        }
    }

    /**
     * Sends sequence-numbered 100-byte records (to partition {@code i % partitions}, or sticky when
     * {@code partitions} is 0), starting {@code action} on another thread after {@link #BEFORE_ACTION} records
     * and going on until {@link #AFTER_ACTION} records were sent after it finished. At most {@link #WINDOW}
     * records are unacknowledged at a time, so the stream lasts as long as the broker needs, whatever the
     * machine's speed; {@link #MAX_RECORDS} and a deadline bound it.
     */
    private static Stream stream(KafkaProducer<byte[], byte[]> producer, String topic, int partitions,
                                 BrokerAction action) throws Exception {
        Stream s = new Stream();
        long deadline = System.nanoTime() + STREAM_DEADLINE_NS;
        Thread actor = null;
        int afterAction = 0;
        for (int i = 0; afterAction < AFTER_ACTION; i++) {
            assertThat(i).as("records sent before the action finished and %d more were sent", AFTER_ACTION)
                    .isLessThan(MAX_RECORDS);
            assertThat(System.nanoTime()).as("stream deadline").isLessThan(deadline);
            if (i == BEFORE_ACTION) {
                s.actionStartNs = System.nanoTime();
                actor = new Thread(() -> action.run(() -> s.downAtNs = System.nanoTime(),
                        () -> s.upAtNs = System.nanoTime()), "failover-action");
                actor.start();
            }
            if (actor != null && !actor.isAlive()) {
                afterAction++;
            }
            if (i >= WINDOW) {
                awaitDone(s.futures.get(i - WINDOW), deadline);
            }
            byte[] value = new byte[100];
            ByteBuffer.wrap(value).putLong(i);
            Integer partition = partitions == 0 ? null : i % partitions;
            int index = i;
            s.sentAtNs[i] = System.nanoTime();
            s.futures.add(producer.send(new ProducerRecord<>(topic, partition, null, value), (md, e) -> {
                if (e == null) {
                    s.ackedAtNs.set(index, System.nanoTime());
                }
            }));
        }
        actor.join(TimeUnit.MINUTES.toMillis(3));
        assertThat(actor.isAlive()).as("the broker action finished").isFalse();
        assertThat(s.downAtNs).as("the action took the node down").isPositive();
        assertThat(s.upAtNs).as("the action ended").isPositive();
        return s;
    }

    /** Waits until {@code f} completed, either way (a failure is reported by the later checks). */
    private static void awaitDone(CompletableFuture<?> f, long deadlineNs) throws InterruptedException {
        try {
            f.get(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            // counted by the assertions on every future
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the stream stalled: a record sent " + WINDOW
                    + " records ago was not acknowledged before the deadline");
        }
    }

    private static double metric(KafkaProducer<?, ?> producer, String name) {
        return producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElseThrow(() -> new AssertionError("no metric " + name));
    }

    private static void assertExactlyOnceInOrder(EmbeddedKafkaCluster kafka, String topic, int partitions,
                                                 int records) {
        List<ConsumerRecord<byte[], byte[]>> back = KafkaClients.readAll(kafka.clientConfigs(), topic, partitions,
                records);
        BitSet seen = new BitSet(records);
        long[] last = new long[partitions];
        java.util.Arrays.fill(last, -1);
        for (ConsumerRecord<byte[], byte[]> r : back) {
            long seq = ByteBuffer.wrap(r.value()).getLong();
            assertThat(seen.get((int) seq)).as("record %d duplicated", seq).isFalse();
            seen.set((int) seq);
            assertThat(seq).as("order in partition %d", r.partition()).isGreaterThan(last[r.partition()]);
            last[r.partition()] = seq;
        }
        assertThat(seen.cardinality()).as("records read back").isEqualTo(records);
        assertThat(back).hasSize(records);
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
        int records;
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config(kafka), new ByteArraySerializer(), new ByteArraySerializer())) {
            Stream s = stream(producer, "restart", 0, (down, up) -> {
                kafka.stopNode(1);
                down.run();
                kafka.restartNode(1);
                up.run();
            });
            producer.flush();
            records = s.size();
            for (CompletableFuture<RecordMetadata> f : s.futures) {
                assertThat(f.get(0, TimeUnit.SECONDS).offset()).isGreaterThanOrEqualTo(0);
            }
            // The outage overlapped the stream: records were sent while the node was stopping or down, and some
            // sent before it was gone were acknowledged only by the restarted broker.
            assertThat(s.sentDuringOutage()).as("records sent while the node was stopping or down").isPositive();
            assertThat(s.inFlightAcrossOutage(-1))
                    .as("records in flight when the node went, acked by the restarted one").isPositive();
            // Requests on the wire when the broker went were failed by the connection's end and sent again.
            assertThat(metric(producer, "record-retry-total")).as("records retried").isPositive();
            assertThat(metric(producer, "records-acked-total")).isEqualTo(records);
            assertThat(metric(producer, "record-error-total")).isZero();
            System.out.printf("restart: %d records, %d retried, %d sent during the outage, %d in flight across it%n",
                    records, (long) metric(producer, "record-retry-total"), s.sentDuringOutage(),
                    s.inFlightAcrossOutage(-1));
        }
        assertExactlyOnceInOrder(kafka, "restart", 3, records);

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
        int records;
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config(kafka), new ByteArraySerializer(), new ByteArraySerializer())) {
            // Round-robin over the partitions, so the victim's partition has records pending when it dies.
            Stream s = stream(producer, "failover", 3, (down, up) -> {
                kafka.killNode(victim);
                down.run();
                up.run(); // the victim stays dead: the rest of the stream is the failover
            });
            producer.flush();
            records = s.size();
            for (CompletableFuture<RecordMetadata> f : s.futures) {
                f.get(0, TimeUnit.SECONDS); // every record acknowledged
            }
            assertThat(kafka.describeTopic("failover").get(0).leader()).as("partition 0's leader moved")
                    .isNotEqualTo(victim);
            // Records of the victim's partition sent before the kill were acknowledged after it: by the new
            // leader, after the producer found it (the kill caught them in flight).
            assertThat(s.inFlightAcrossOutage(0)).as("partition 0 records in flight across the kill").isPositive();
            assertThat(metric(producer, "record-retry-total")).as("records retried").isPositive();
            assertThat(metric(producer, "records-acked-total")).isEqualTo(records);
            assertThat(metric(producer, "record-error-total")).isZero();
            System.out.printf("failover: %d records, %d retried, %d of partition 0 in flight across the kill%n",
                    records, (long) metric(producer, "record-retry-total"), s.inFlightAcrossOutage(0));
        }
        assertExactlyOnceInOrder(kafka, "failover", 3, records);
    }
}
