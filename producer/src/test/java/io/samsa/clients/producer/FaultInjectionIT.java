package io.samsa.clients.producer;

import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.kafka.embedded.FaultProxy;
import io.samsa.kafka.embedded.PartitionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our own fault-injection suite: records stream through an idempotent producer while the network or a broker
 * misbehaves, then Apache Kafka's consumer reads the log back and every record is accounted for: none acknowledged
 * and missing (lost), none twice (duplicated), none out of send order in its partition (reordered), none at
 * another offset than its acknowledgement said (misplaced). Each scenario runs with Samsa's producer, which must
 * score zero on every count and fail no record, then with Apache Kafka's producer under the same faults as a
 * control, whose counts are reported.
 *
 * <p>The network faults come from {@link FaultProxy}s, real TCP proxies in front of real brokers: connections reset,
 * stalls of 2-8 s (longer than {@code request.timeout.ms}, so requests time out while the broker may have written
 * them), requests cut in the middle. The broker faults are SIGKILL and restart of a partition leader in a 3-node
 * cluster. {@code -Dsamsa.faults.records=N} (default 20,000 per run) makes the runs longer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionIT {
    private static final int RECORDS = Integer.getInteger("samsa.faults.records", 20_000);
    private static final int PARTITIONS = 3;
    private static final int WINDOW = 2_000;
    private static final Duration RUN_DEADLINE = Duration.ofMinutes(4);
    private static final long SEED = Long.getLong("samsa.faults.seed", 20261205L);

    private EmbeddedKafkaCluster kafka;
    private final List<String> report = new ArrayList<>();

    @BeforeAll
    void start() {
        kafka = EmbeddedKafkaCluster.builder().nodes(3).faultProxies()
                .brokerConfig("min.insync.replicas", "2").build().start();
    }

    @AfterAll
    void stop() {
        report.forEach(System.out::println);
        if (kafka != null) {
            kafka.close();
        }
    }

    /** What a run did to the records, read back from the log. */
    record Outcome(String client, String scenario, int acked, int failed, int lost, int duplicated, int reordered,
                   int misplaced, long retries, String faults, String firstFailure) {
        @Override
        public String toString() {
            return String.format("%-8s %-18s acked %6d failed %4d lost %d duplicated %d reordered %d misplaced %d"
                            + " | retried %5d | %s%s", client, scenario, acked, failed, lost, duplicated, reordered,
                    misplaced, retries, faults, firstFailure == null ? "" : " (first failure: " + firstFailure + ")");
        }
    }

    /** The producer under test, reduced to what a run needs. */
    interface Client extends AutoCloseable {
        /** Sends record {@code i} to {@code partition}; completes with its offset. */
        CompletableFuture<Long> send(String topic, int partition, long i);

        /** The producer's {@code record-retry-total}: evidence that the faults reached it. */
        long retries();

        @Override
        void close();
    }

    /** What a scenario does to the cluster while the records flow; {@code sent} tells how far the stream is. */
    interface Faults {
        void run(String topic, AtomicInteger sent) throws Exception;
    }

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void connectionResets() throws Exception {
        both("connection resets", (topic, sent) -> {
            for (int k = 1; k <= 12; k++) {
                awaitSent(sent, RECORDS * k / 14);
                proxies().forEach(FaultProxy::resetConnections);
            }
        });
    }

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void stallsLongerThanTheRequestTimeout() throws Exception {
        Random random = new Random(SEED);
        both("stalls 2-8 s", (topic, sent) -> {
            for (int k = 1; k <= 2; k++) {
                awaitSent(sent, RECORDS * k / 3);
                // 2-8 s, and always longer than request.timeout.ms (4 s) in the second one.
                Duration stall = Duration.ofMillis(k == 1 ? 2_000 + random.nextInt(6_000) : 4_500 + random.nextInt(3_500));
                FaultProxy leader = kafka.faultProxy(leaderOf(topic, k % PARTITIONS));
                leader.stall(stall);
                awaitNanos(stall.toNanos());
            }
        });
    }

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void requestsCutMidFrame() throws Exception {
        both("requests cut", (topic, sent) -> {
            for (int k = 1; k <= 8; k++) {
                awaitSent(sent, RECORDS * k / 10);
                kafka.faultProxy(leaderOf(topic, k % PARTITIONS)).cutNextRequests(1);
            }
        });
    }

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void leaderKilledAndRestarted() throws Exception {
        both("leader kill -9", (topic, sent) -> {
            awaitSent(sent, RECORDS / 3);
            int leader = leaderOf(topic, 0);
            kafka.killNode(leader);
            awaitSent(sent, RECORDS * 2 / 3);
            kafka.restartNode(leader);
        });
    }

    private void both(String scenario, Faults faults) throws Exception {
        String samsaTopic = topic("samsa", scenario);
        Outcome samsa = run("samsa", scenario, samsaTopic, this::samsa, faults);
        String apacheTopic = topic("apache", scenario);
        Outcome apache = run("apache", scenario, apacheTopic, this::apache, faults);
        report.add(samsa.toString());
        report.add(apache.toString());
        System.out.println(samsa);
        System.out.println(apache);
        assertThat(samsa.lost()).as("lost: %s", samsa).isZero();
        assertThat(samsa.duplicated()).as("duplicated: %s", samsa).isZero();
        assertThat(samsa.reordered()).as("reordered: %s", samsa).isZero();
        assertThat(samsa.misplaced()).as("misplaced: %s", samsa).isZero();
        assertThat(samsa.failed()).as("failed: %s", samsa).isZero();
        assertThat(samsa.acked()).isEqualTo(RECORDS);
        assertThat(samsa.retries()).as("the faults made the producer retry: %s", samsa).isPositive();
    }

    private String topic(String client, String scenario) {
        String topic = client + "-" + scenario.replaceAll("[^a-z0-9]+", "-");
        kafka.createTopic(topic, PARTITIONS, 3);
        return topic;
    }

    private Outcome run(String client, String scenario, String topic, java.util.function.Supplier<Client> make,
                        Faults faults) throws Exception {
        long[] offsets = new long[RECORDS];
        java.util.Arrays.fill(offsets, -1);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        AtomicReference<Throwable> faultError = new AtomicReference<>();
        Thread faulter = new Thread(() -> {
            try {
                faults.run(topic, sent);
            } catch (Throwable t) {
                faultError.set(t);
            }
        }, "faults-" + client);
        Semaphore window = new Semaphore(WINDOW);
        long deadline = System.nanoTime() + RUN_DEADLINE.toNanos();
        int resetsBefore = proxies().stream().mapToInt(FaultProxy::connectionsReset).sum();
        int cutsBefore = proxies().stream().mapToInt(FaultProxy::requestsCut).sum();
        long retries;
        try (Client producer = make.get()) {
            faulter.start();
            for (int i = 0; i < RECORDS; i++) {
                if (!window.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new AssertionError(client + " " + scenario + ": no acknowledgement for " + RUN_DEADLINE
                            + " with " + WINDOW + " records in flight, after " + i + " sent");
                }
                int record = i;
                producer.send(topic, i % PARTITIONS, i).whenComplete((offset, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, error.toString());
                    } else {
                        offsets[record] = offset;
                    }
                    window.release();
                });
                sent.incrementAndGet();
            }
            if (!window.tryAcquire(WINDOW, Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new AssertionError(client + " " + scenario + ": records still unacknowledged after "
                        + RUN_DEADLINE);
            }
            faulter.join(TimeUnit.MINUTES.toMillis(2));
            retries = producer.retries();
        } finally {
            proxies().forEach(FaultProxy::resume);
        }
        if (faultError.get() != null) {
            throw new AssertionError("the fault schedule failed", faultError.get());
        }
        String faultCounts = "connections reset " + (proxies().stream().mapToInt(FaultProxy::connectionsReset).sum()
                - resetsBefore) + ", requests cut " + (proxies().stream().mapToInt(FaultProxy::requestsCut).sum()
                - cutsBefore);
        return check(client, scenario, topic, offsets, failed.get(), retries, faultCounts, firstFailure.get());
    }

    /** Reads the topic back and accounts for every record. */
    private Outcome check(String client, String scenario, String topic, long[] offsets, int failed, long retries,
                          String faults, String firstFailure) {
        Map<Long, Integer> seen = new HashMap<>();
        Map<Long, Long> offsetOf = new HashMap<>();
        int reordered = 0;
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put("key.deserializer", ByteArrayDeserializer.class);
        config.put("value.deserializer", ByteArrayDeserializer.class);
        config.put("enable.auto.commit", "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(30));
            long[] last = new long[PARTITIONS];
            java.util.Arrays.fill(last, -1);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " back to " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    long i = ByteBuffer.wrap(r.value()).getLong();
                    seen.merge(i, 1, Integer::sum);
                    offsetOf.putIfAbsent(i, r.offset());
                    if (i < last[r.partition()]) {
                        reordered++;
                    }
                    last[r.partition()] = Math.max(last[r.partition()], i);
                }
            }
        }
        int acked = 0;
        int lost = 0;
        int misplaced = 0;
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] < 0) {
                continue;
            }
            acked++;
            Long at = offsetOf.get((long) i);
            if (at == null) {
                lost++;
            } else if (at != offsets[i]) {
                misplaced++;
            }
        }
        int duplicated = (int) seen.values().stream().filter(n -> n > 1).count();
        return new Outcome(client, scenario, acked, failed, lost, duplicated, reordered, misplaced, retries, faults,
                firstFailure);
    }

    private Map<String, Object> producerConfig(String clientId) {
        Map<String, Object> config = new HashMap<>(kafka.proxiedClientConfigs());
        config.put("client.id", clientId);
        config.put("acks", "all");
        config.put("enable.idempotence", "true");
        config.put("linger.ms", "5");
        // Below the longest stall: requests time out while the broker may have written them, which is what
        // idempotence has to absorb.
        config.put("request.timeout.ms", "4000");
        config.put("delivery.timeout.ms", "120000");
        config.put("retry.backoff.ms", "50");
        return config;
    }

    private Client samsa() {
        KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producerConfig("samsa-faults"),
                new ByteArraySerializer(), new ByteArraySerializer());
        return new Client() {
            @Override
            public CompletableFuture<Long> send(String topic, int partition, long i) {
                return p.send(new ProducerRecord<>(topic, partition, key(i), value(i)))
                        .thenApply(RecordMetadata::offset);
            }

            @Override
            public long retries() {
                return (long) retryTotal(p.metrics());
            }

            @Override
            public void close() {
                p.close(Duration.ofSeconds(30));
            }
        };
    }

    private Client apache() {
        Map<String, Object> config = producerConfig("apache-faults");
        config.put("key.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class);
        config.put("value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class);
        org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> p =
                new org.apache.kafka.clients.producer.KafkaProducer<>(config);
        return new Client() {
            @Override
            public CompletableFuture<Long> send(String topic, int partition, long i) {
                CompletableFuture<Long> f = new CompletableFuture<>();
                p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, partition, key(i), value(i)),
                        (metadata, error) -> {
                            if (error != null) {
                                f.completeExceptionally(error);
                            } else {
                                f.complete(metadata.offset());
                            }
                        });
                return f;
            }

            @Override
            public long retries() {
                return (long) retryTotal(p.metrics());
            }

            @Override
            public void close() {
                p.close(Duration.ofSeconds(30));
            }
        };
    }

    private static double retryTotal(Map<?, ?> metrics) {
        for (Map.Entry<?, ?> e : metrics.entrySet()) {
            Object name = e.getKey();
            String n = name instanceof io.samsa.common.MetricName m ? m.group() + "/" + m.name()
                    : ((org.apache.kafka.common.MetricName) name).group() + "/"
                    + ((org.apache.kafka.common.MetricName) name).name();
            if (n.equals("producer-metrics/record-retry-total")) {
                Object v = e.getValue() instanceof io.samsa.common.Metric m ? m.metricValue()
                        : ((org.apache.kafka.common.Metric) e.getValue()).metricValue();
                return ((Number) v).doubleValue();
            }
        }
        throw new AssertionError("no producer-metrics/record-retry-total");
    }

    private static byte[] key(long i) {
        return ("r" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static byte[] value(long i) {
        return ByteBuffer.allocate(8).putLong(i).array();
    }

    private List<FaultProxy> proxies() {
        List<FaultProxy> out = new ArrayList<>();
        for (int id : kafka.nodeIds()) {
            out.add(kafka.faultProxy(id));
        }
        return out;
    }

    private int leaderOf(String topic, int partition) {
        for (PartitionState p : kafka.describeTopic(topic)) {
            if (p.partition() == partition && p.hasLeader()) {
                return p.leader();
            }
        }
        throw new AssertionError("partition " + partition + " of " + topic + " has no leader");
    }

    /** Waits until the stream has sent {@code count} records (bounded: a stuck stream fails the run itself). */
    private static void awaitSent(AtomicInteger sent, int count) throws InterruptedException {
        await(() -> sent.get() >= count, RUN_DEADLINE);
    }

    private static void awaitNanos(long nanos) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        await(() -> System.nanoTime() >= end, Duration.ofNanos(nanos + 1_000_000_000L));
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(10);
        }
    }
}
