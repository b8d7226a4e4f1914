package io.samsa.clients.producer;

import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.common.serialization.StringSerializer;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How futures and callbacks complete, seen from the application, against the real broker: in send order per
 * partition, on a thread of their own (a slow callback holds back later callbacks, never the network), and
 * all of them before {@code flush()} returns.
 */
@KafkaCluster
class CallbackOrderIT {
    private static final int PARTITIONS = 4;

    private static KafkaProducer<String, String> producer(KafkaTestCluster kafka, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** One callback invocation, as it was seen. */
    private record Seen(int partition, int sendIndex, long offset, boolean futureDone, Exception error) {
    }

    @Test
    void callbacksAndFuturesCompleteInSendOrderPerPartition(KafkaTestCluster kafka) throws Exception {
        String topic = "callback-order";
        kafka.createTopic(topic, PARTITIONS, 1);
        int n = 20_000;
        List<Seen> seen = new CopyOnWriteArrayList<>();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>(n);
        // Small batches and several in flight: many requests per partition, each answered separately.
        try (KafkaProducer<String, String> producer = producer(kafka, Map.of("linger.ms", 2, "batch.size", 2048))) {
            for (int i = 0; i < n; i++) {
                int partition = i % PARTITIONS;
                int index = i;
                // The callback may run before send() returns the future: it gets it through this hand-over.
                CompletableFuture<CompletableFuture<RecordMetadata>> self = new CompletableFuture<>();
                CompletableFuture<RecordMetadata> f = producer.send(
                        new ProducerRecord<>(topic, partition, "k" + i, "v" + i), (md, e) -> {
                            boolean done;
                            try {
                                done = self.get(30, TimeUnit.SECONDS).isDone();
                            } catch (Exception interrupted) {
                                done = false;
                            }
                            seen.add(new Seen(md.partition(), index, md.offset(), done, e));
                        });
                self.complete(f);
                futures.add(f);
            }
            for (CompletableFuture<RecordMetadata> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            producer.flush(); // callbacks of completed futures may still be running; flush waits for them too
        }

        assertThat(seen).hasSize(n);
        assertThat(seen).allSatisfy(s -> {
            assertThat(s.error()).isNull();
            // Apache Kafka's order: the callback first, then the future (so get() returning means it ran).
            assertThat(s.futureDone()).as("future of record #%d done when its callback ran", s.sendIndex()).isFalse();
            assertThat(s.partition()).isEqualTo(s.sendIndex() % PARTITIONS);
        });
        for (int p = 0; p < PARTITIONS; p++) {
            int partition = p;
            List<Seen> inPartition = seen.stream().filter(s -> s.partition() == partition).toList();
            assertThat(inPartition).hasSize(n / PARTITIONS);
            for (int i = 1; i < inPartition.size(); i++) {
                Seen before = inPartition.get(i - 1);
                Seen now = inPartition.get(i);
                assertThat(now.sendIndex()).as("callback order in partition %d", partition)
                        .isGreaterThan(before.sendIndex());
                assertThat(now.offset()).as("offsets in callback order in partition %d", partition)
                        .isGreaterThan(before.offset());
            }
            // And the offsets are where the records really are: Apache's consumer agrees.
            assertThat(inPartition.get(0).offset()).isZero();
            assertThat(inPartition.get(inPartition.size() - 1).offset()).isEqualTo(n / PARTITIONS - 1);
        }
        for (int i = 0; i < n; i++) {
            assertThat(futures.get(i).get(1, TimeUnit.SECONDS).offset()).isEqualTo(i / PARTITIONS);
        }
    }

    @Test
    void aSlowCallbackDoesNotStallTheNetwork(KafkaTestCluster kafka) throws Exception {
        String topic = "slow-callback";
        kafka.createTopic(topic, 2, 1);
        int later = 2_000;
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean releasedInTime = new AtomicBoolean();
        AtomicInteger laterCallbacks = new AtomicInteger();
        AtomicReference<Exception> laterError = new AtomicReference<>();
        try (KafkaProducer<String, String> producer = producer(kafka, Map.of("linger.ms", 1, "batch.size", 4096))) {
            CompletableFuture<RecordMetadata> first = producer.send(new ProducerRecord<>(topic, 0, "k", "first"),
                    (md, e) -> {
                        entered.countDown();
                        try {
                            releasedInTime.set(release.await(120, TimeUnit.SECONDS));
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                        }
                    });
            assertThat(entered.await(60, TimeUnit.SECONDS)).as("the first callback started").isTrue();

            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < later; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "later-" + i), (md, e) -> {
                    if (e != null) {
                        laterError.set(e);
                    }
                    laterCallbacks.incrementAndGet();
                }));
            }
            // While the callback thread is held, the I/O thread keeps sending and the broker keeps acknowledging.
            waitUntil(() -> metric(producer, "records-acked-total") >= later + 1, 60,
                    "every record acknowledged while the first callback is blocked");
            List<ConsumerRecord<byte[], byte[]>> written = KafkaClients.readAll(kafka.clientConfigs(), topic, 2,
                    later + 1);
            assertThat(written).hasSize(later + 1);
            // Completions run in order on one thread: none of the later ones may have overtaken the blocked one.
            assertThat(laterCallbacks.get()).isZero();
            assertThat(futures).noneMatch(CompletableFuture::isDone);
            assertThat(first).isNotDone(); // completes after its callback, as in Apache Kafka

            release.countDown();
            assertThat(first.get(60, TimeUnit.SECONDS).hasOffset()).isTrue();
            for (CompletableFuture<RecordMetadata> f : futures) {
                assertThat(f.get(60, TimeUnit.SECONDS).hasOffset()).isTrue();
            }
            waitUntil(() -> laterCallbacks.get() == later, 60, "every later callback ran");
            assertThat(laterError.get()).isNull();
            assertThat(releasedInTime.get()).isTrue();
        } finally {
            release.countDown();
        }
    }

    @Test
    void flushReturnsOnlyAfterEveryEarlierRecordCompletedAndItsCallbackRan(KafkaTestCluster kafka)
            throws Exception {
        String topic = "flush-waits";
        kafka.createTopic(topic, 3, 1);
        int n = 5_000;
        AtomicInteger callbacksRun = new AtomicInteger();
        // A linger far longer than the test: without flush() nothing would be sent before it ends.
        try (KafkaProducer<String, String> producer = producer(kafka, Map.of("linger.ms", 600_000,
                "delivery.timeout.ms", 900_000))) {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                futures.clear();
                int before = callbacksRun.get();
                for (int i = 0; i < n; i++) {
                    boolean slow = i >= n - 5; // the last callbacks take a while: flush must wait for them too
                    futures.add(producer.send(new ProducerRecord<>(topic, "k" + i, "r" + round + "-" + i),
                            (md, e) -> {
                                if (slow) {
                                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                                }
                                if (e == null) {
                                    callbacksRun.incrementAndGet();
                                }
                            }));
                }
                producer.flush();
                assertThat(futures).as("round %d", round).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
                assertThat(callbacksRun.get() - before).as("callbacks run when flush returned, round %d", round)
                        .isEqualTo(n);
            }
        }
        assertThat(KafkaClients.readAll(kafka.clientConfigs(), topic, 3, 3L * n)).hasSize(3 * n);
    }

    /**
     * Apache Kafka's order: a record's callback runs before its future completes, so code that waits on the future
     * may rely on what the callback did (a slow callback makes the point: the future waits for it). With the
     * other order this fails at once: get() returns while the callback still sleeps.
     */
    @Test
    void aFutureCompletesOnlyAfterItsCallbackRan(KafkaTestCluster kafka) throws Exception {
        String topic = "callback-before-future";
        kafka.createTopic(topic, 1, 1);
        try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
            for (int i = 0; i < 20; i++) {
                AtomicInteger ran = new AtomicInteger();
                long pauseMs = i % 2 == 0 ? 20 : 1;
                CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>(topic, "k", "v" + i),
                        (md, e) -> {
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pauseMs));
                            ran.incrementAndGet();
                        });
                f.get(60, TimeUnit.SECONDS);
                assertThat(ran).as("callback of record %d when its get() returned", i).hasValue(1);
            }
        }
    }

    static double metric(KafkaProducer<?, ?> producer, String name) {
        for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics")) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("no metric " + name);
    }

    static void waitUntil(BooleanSupplier condition, long seconds, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
