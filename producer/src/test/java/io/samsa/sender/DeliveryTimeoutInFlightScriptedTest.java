package io.samsa.sender;

import io.samsa.common.serialization.StringSerializer;
import io.samsa.common.errors.Errors;
import io.samsa.common.errors.TimeoutException;
import io.samsa.clients.producer.KafkaProducer;
import io.samsa.clients.producer.ProducerRecord;
import io.samsa.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code delivery.timeout.ms} bounds a record's life even when its last attempt is still on the wire: a batch
 * whose request is outstanding at its deadline fails then, not when {@code request.timeout.ms} fires later; the
 * late answer completes nothing twice, retries nothing, and leaves the idempotent sequences right.
 *
 * <p>The broker is scripted ({@link ScriptedCluster}) because a real one cannot be made to hold an answer for a
 * chosen time or never answer at all. The config check ({@code delivery.timeout.ms >= linger.ms +
 * request.timeout.ms}) makes a request outlive its batch's deadline only when the batch went out late in its life,
 * so each test holds the first batch's answer: the idempotent producer sends a partition's second batch only once
 * the first is acknowledged, so batch 1 leaves {@value #HOLD_MS} ms after it was created, with
 * {@value #DELIVERY_MS} - {@value #HOLD_MS} ms of life left and a {@value #REQUEST_MS} ms request timeout.
 */
@Timeout(60)
class DeliveryTimeoutInFlightScriptedTest {
    private static final int DELIVERY_MS = 4_000;
    private static final int REQUEST_MS = 3_500;
    private static final int HOLD_MS = 2_500;

    private ScriptedCluster cluster;
    private KafkaProducer<String, String> producer;
    /** Callback invocations, in order: value and outcome. */
    private final List<String> callbacks = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        cluster = new ScriptedCluster();
        cluster.producerIds.add(new long[] {1000, 0});
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrap());
        config.put("linger.ms", 0);
        config.put("retry.backoff.ms", 10);
        config.put("retry.backoff.max.ms", 50);
        config.put("request.timeout.ms", REQUEST_MS);
        config.put("delivery.timeout.ms", DELIVERY_MS);
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void stop() throws Exception {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        cluster.close();
    }

    private CompletableFuture<RecordMetadata> send(String value) {
        return producer.send(new ProducerRecord<>(ScriptedCluster.TOPIC, null, value),
                (md, e) -> callbacks.add(value + (e == null ? "@" + md.offset() : " failed")));
    }

    private static void assertBatch(ScriptedCluster.Produce p, int epoch, int sequence) {
        assertThat(p.batch.producerId()).as("producer id of %s", p).isEqualTo(1000L);
        assertThat(p.batch.producerEpoch()).as("epoch of %s", p).isEqualTo((short) epoch);
        assertThat(p.batch.baseSequence()).as("sequence of %s", p).isEqualTo(sequence);
    }

    /**
     * v0 is acknowledged {@value #HOLD_MS} ms after v1 was sent, so v1's batch goes out late; returns v1's future
     * and its Produce request, still unanswered. {@code [0]} is when v0's answer was written (nanoTime): v1's
     * request was written after it, so it cannot time out before that + {@value #REQUEST_MS} ms.
     */
    private Object[] sendSecondBatchLate() throws Exception {
        CompletableFuture<RecordMetadata> f0 = send("v0");
        ScriptedCluster.Produce p0 = cluster.nextProduce();
        assertBatch(p0, 0, 0);
        long v1SentAt = System.nanoTime();
        CompletableFuture<RecordMetadata> f1 = send("v1");
        // The scripted broker is slow to answer v0 (the scenario, not a wait for a condition).
        long holdNanos = v1SentAt + TimeUnit.MILLISECONDS.toNanos(HOLD_MS) - System.nanoTime();
        if (holdNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(holdNanos);
        }
        long answeredAt = System.nanoTime();
        p0.ok(0);
        assertThat(f0.get(15, TimeUnit.SECONDS).offset()).isZero();
        ScriptedCluster.Produce p1 = cluster.nextProduce();
        assertBatch(p1, 0, 1);
        return new Object[] {answeredAt, f1, p1};
    }

    /**
     * v1 fails with the delivery timeout while its request is outstanding, before that request could have timed
     * out: the bound is the earliest moment {@code request.timeout.ms} could fire, from the test's own clock.
     */
    private static void assertExpiresBeforeTheRequestTimeout(CompletableFuture<RecordMetadata> f1, long answeredAt)
            throws Exception {
        long leftMs = TimeUnit.NANOSECONDS.toMillis(answeredAt - System.nanoTime()) + REQUEST_MS;
        assertThat(leftMs).as("time left before v1's request could time out").isPositive();
        assertThatThrownBy(() -> f1.get(leftMs, TimeUnit.MILLISECONDS))
                .as("v1 fails on delivery.timeout.ms, not %d ms later on request.timeout.ms", REQUEST_MS)
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TimeoutException.class)
                .hasMessageContaining("delivery.timeout.ms=" + DELIVERY_MS)
                .hasMessageContaining("still unanswered");
    }

    @Test
    void aLateSuccessCompletesNothingTwiceAndAdvancesTheSequence() throws Exception {
        Object[] late = sendSecondBatchLate();
        @SuppressWarnings("unchecked")
        CompletableFuture<RecordMetadata> f1 = (CompletableFuture<RecordMetadata>) late[1];
        ScriptedCluster.Produce p1 = (ScriptedCluster.Produce) late[2];
        assertExpiresBeforeTheRequestTimeout(f1, (Long) late[0]);

        p1.ok(1); // the broker did write it after all
        CompletableFuture<RecordMetadata> f2 = send("v2");
        ScriptedCluster.Produce p2 = cluster.nextProduce();
        assertBatch(p2, 0, 2); // sequence 1 was acknowledged: no gap, no epoch bump
        p2.ok(2);
        assertThat(f2.get(15, TimeUnit.SECONDS).offset()).isEqualTo(2);
        // Callbacks run in order on one thread: v2's ran, so anything v1's late answer triggered ran before it.
        assertThat(callbacks).containsExactly("v0@0", "v1 failed", "v2@2");
        assertThat(f1.isCompletedExceptionally()).isTrue();
        assertThat(cluster.initProducerIdRequests).hasValue(1);
    }

    @Test
    void aLateErrorIsNotRetriedAndLaterRecordsGoOutUnderANewEpoch() throws Exception {
        Object[] late = sendSecondBatchLate();
        @SuppressWarnings("unchecked")
        CompletableFuture<RecordMetadata> f1 = (CompletableFuture<RecordMetadata>) late[1];
        ScriptedCluster.Produce p1 = (ScriptedCluster.Produce) late[2];
        assertExpiresBeforeTheRequestTimeout(f1, (Long) late[0]);

        p1.error(Errors.NOT_LEADER_OR_FOLLOWER); // retriable, but v1's life is over: not sent again
        CompletableFuture<RecordMetadata> f2 = send("v2");
        ScriptedCluster.Produce p2 = cluster.nextProduce();
        // Sequence 1 is given up: sequence 2 under epoch 0 would be OUT_OF_ORDER forever, so the epoch is bumped.
        assertBatch(p2, 1, 0);
        p2.ok(2);
        assertThat(f2.get(15, TimeUnit.SECONDS).offset()).isEqualTo(2);
        assertThat(callbacks).containsExactly("v0@0", "v1 failed", "v2@2");
        assertThat(cluster.initProducerIdRequests).as("a bump needs no new producer id").hasValue(1);
    }

    @Test
    void aBrokerThatNeverAnswersFailsTheRecordOnTimeAndTheNextRecordsStillGetThrough() throws Exception {
        Object[] late = sendSecondBatchLate();
        @SuppressWarnings("unchecked")
        CompletableFuture<RecordMetadata> f1 = (CompletableFuture<RecordMetadata>) late[1];
        assertExpiresBeforeTheRequestTimeout(f1, (Long) late[0]);

        // v2 is pipelined behind the unanswered v1 on the same connection (sequence 2, epoch 0).
        CompletableFuture<RecordMetadata> f2 = send("v2");
        ScriptedCluster.Produce p2 = cluster.nextProduce();
        assertBatch(p2, 0, 2);
        assertThat(f2.isDone()).isFalse();
        // Nothing is answered: request.timeout.ms closes the connection. v1's request ends as a final failure of
        // sequence 1 (the epoch is bumped); v2's is retried under the new epoch from sequence 0.
        ScriptedCluster.Produce retry = cluster.nextProduce();
        assertBatch(retry, 1, 0);
        assertThat(retry.batch.recordCount()).isEqualTo(1);
        retry.ok(2);
        assertThat(f2.get(15, TimeUnit.SECONDS).offset()).isEqualTo(2);
        assertThat(callbacks).containsExactly("v0@0", "v1 failed", "v2@2");
        assertThat(cluster.initProducerIdRequests).hasValue(1);
    }
}
