package io.samsa.clients.producer;

import io.samsa.common.serialization.StringSerializer;
import io.samsa.common.errors.ClosedException;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.samsa.clients.producer.CallbackOrderIT.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code close(Duration)} with records that cannot be delivered: it waits no longer than asked, fails every such
 * record's future (and runs its callback) with a {@link ClosedException} that says why, and the producer is then
 * unusable but may be closed again. The delivery timeout is far longer than the test, so only close can be what
 * fails the records.
 */
@KafkaCluster
class CloseIT {
    private static final int RECORDS = 50;
    private static final long CLOSE_TIMEOUT_MS = 2_000;
    /** Generous: close must honour its timeout, but a loaded machine may add seconds to stopping threads. */
    private static final long CLOSE_BOUND_MS = 30_000;

    private static KafkaProducer<String, String> producer(KafkaTestCluster kafka, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("delivery.timeout.ms", 600_000);
        config.put("request.timeout.ms", 30_000);
        config.put("retry.backoff.ms", 100);
        config.put("retry.backoff.max.ms", 200);
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Records for a topic that does not exist (auto-create off) wait for its metadata until close fails them. */
    @Test
    void closeFailsRecordsParkedForATopicThatDoesNotExist(
            @KafkaCluster(autoCreateTopics = false) KafkaTestCluster kafka) throws Exception {
        String topic = "close-never-created";
        KafkaProducer<String, String> producer = producer(kafka, Map.of());
        List<Exception> callbackErrors = new CopyOnWriteArrayList<>();
        List<CompletableFuture<RecordMetadata>> futures = sendAll(producer, topic, callbackErrors);
        // The broker answers UNKNOWN_TOPIC_OR_PARTITION (retriable): the records stay parked, not failed.
        assertThat(futures).noneMatch(CompletableFuture::isDone);

        long elapsedMs = timedClose(producer);

        assertThat(elapsedMs).as("close(%d ms) took", CLOSE_TIMEOUT_MS).isLessThan(CLOSE_BOUND_MS);
        for (CompletableFuture<RecordMetadata> f : futures) {
            assertThat(failureOf(f)).isInstanceOf(ClosedException.class)
                    .hasMessageContaining(topic)
                    .hasMessageContaining("close timeout " + CLOSE_TIMEOUT_MS + " ms");
        }
        assertThat(callbackErrors).hasSize(RECORDS).allMatch(e -> e instanceof ClosedException);
        afterClose(producer, topic);
    }

    /**
     * A forced close ({@code close(Duration.ZERO)}) fails at once what is still in the accumulator: here batches
     * held back by a linger far longer than the test. A broker that keeps refusing records with a
     * retriable error would be the other way to hold them, but Kafka 4.x clamps min.insync.replicas to the
     * replication factor, so a one-node cluster cannot be made to answer NOT_ENOUGH_REPLICAS.
     */
    @Test
    void aForcedCloseFailsRecordsStillInTheAccumulator(KafkaTestCluster kafka) throws Exception {
        String topic = "close-forced";
        kafka.createTopic(topic, 2, 1);
        KafkaProducer<String, String> producer = producer(kafka, Map.of("linger.ms", 300_000));
        producer.partitionsFor(topic); // metadata known: the records go to the accumulator, not to the parked list
        List<Exception> callbackErrors = new CopyOnWriteArrayList<>();
        List<CompletableFuture<RecordMetadata>> futures = sendAll(producer, topic, callbackErrors);
        assertThat(futures).noneMatch(CompletableFuture::isDone);

        long start = System.nanoTime();
        producer.close(Duration.ZERO);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsedMs).as("close(0) took").isLessThan(CLOSE_BOUND_MS);
        // Closing the accumulator makes its batches sendable and wakes the I/O thread, which may put one on the
        // wire before the abort; the abort fails it anyway (its answer is ignored). Only if the broker answered
        // in the instant between the two could a record be acknowledged: allowed, but then it has an offset.
        int failed = 0;
        for (CompletableFuture<RecordMetadata> f : futures) {
            assertThat(f).as("completed by close").isDone();
            if (f.isCompletedExceptionally()) {
                failed++;
                assertThat(failureOf(f)).isInstanceOf(ClosedException.class)
                        .hasMessageContaining("closed before these records were acknowledged");
            } else {
                assertThat(f.get().hasOffset()).isTrue();
            }
        }
        assertThat(callbackErrors).hasSize(failed).allMatch(e -> e instanceof ClosedException);
        assertThat(failed + metric(producer, "records-acked-total")).isEqualTo(RECORDS);
        afterClose(producer, topic);
    }

    private static List<CompletableFuture<RecordMetadata>> sendAll(KafkaProducer<String, String> producer,
                                                                  String topic, List<Exception> callbackErrors) {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            futures.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i), (md, e) -> {
                if (e != null) {
                    callbackErrors.add(e);
                }
            }));
        }
        return futures;
    }

    private static long timedClose(KafkaProducer<String, String> producer) {
        long start = System.nanoTime();
        producer.close(Duration.ofMillis(CLOSE_TIMEOUT_MS));
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Send after close fails at once; closing again, with or without a timeout, is a no-op. */
    private static void afterClose(KafkaProducer<String, String> producer, String topic) {
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "late")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        producer.close();
        producer.close(Duration.ZERO);
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "later")))
                .isInstanceOf(IllegalStateException.class);
    }

    private static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        assertThat(f).as("completed by close").isDone();
        try {
            f.get(1, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }
}
