package io.samsa.kafka;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The adapter's per-record future on its own (the producer's side of it, delivery, is exercised by every
 * integration test): Apache's future semantics, its own wait and wake-up, the callback before completion.
 */
class RecordFutureTest {
    private final Conversions conversions = new Conversions();
    private final io.samsa.common.TopicPartition tp = new io.samsa.common.TopicPartition("t", 2);

    @Test
    void anAcknowledgedRecordGivesApacheMetadataToTheCallbackAndEveryGet() throws Exception {
        AtomicReference<RecordMetadata> seen = new AtomicReference<>();
        AtomicReference<Boolean> doneInCallback = new AtomicReference<>();
        RecordFuture[] self = new RecordFuture[1];
        RecordFuture f = new RecordFuture("t", (md, e) -> {
            seen.set(md);
            doneInCallback.set(self[0].isDone());
        }, conversions);
        self[0] = f;
        assertThat(f.isDone()).isFalse();
        f.deliver(tp, 42L, 1000L, 3, 5, null);
        assertThat(f.isDone()).isTrue();
        assertThat(doneInCallback.get()).as("the callback runs before the future completes").isFalse();
        RecordMetadata md = f.get();
        assertThat(md.topic()).isEqualTo("t");
        assertThat(md.partition()).isEqualTo(2);
        assertThat(md.offset()).isEqualTo(42L);
        assertThat(md.timestamp()).isEqualTo(1000L);
        assertThat(md.serializedKeySize()).isEqualTo(3);
        assertThat(md.serializedValueSize()).isEqualTo(5);
        assertThat(seen.get().offset()).isEqualTo(42L);
        assertThat(f.get(0, TimeUnit.MILLISECONDS).offset()).isEqualTo(42L);
        assertThat(f.cancel(true)).isFalse();
        assertThat(f.isCancelled()).isFalse();
    }

    @Test
    void aFailedRecordFailsWithApachesExceptionAndMinusOneMetadata() {
        AtomicReference<RecordMetadata> seen = new AtomicReference<>();
        RecordFuture f = new RecordFuture("t", (md, e) -> seen.set(md), conversions);
        f.deliver(tp, -1L, 1000L, 3, 5, new io.samsa.common.errors.NotEnoughReplicasException("few"));
        assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NotEnoughReplicasException.class).hasRootCauseMessage("few");
        assertThat(seen.get().offset()).isEqualTo(-1L);
        assertThat(seen.get().timestamp()).isEqualTo(-1L);
        assertThat(seen.get().partition()).isEqualTo(2);
    }

    @Test
    void aTimedGetTimesOutThenAWaitingGetIsWokenByDelivery() throws Exception {
        RecordFuture f = new RecordFuture("t", null, conversions);
        assertThatThrownBy(() -> f.get(20, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("20 ms");
        CompletableFuture<RecordMetadata> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return f.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // Deliver only once the waiter is asleep on the future: otherwise this would test nothing.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!waiting(f) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(waiting(f)).isTrue();
        f.deliver(tp, 7L, 1L, -1, 1, null);
        assertThat(waiter.get(10, TimeUnit.SECONDS).offset()).isEqualTo(7L);
    }

    private static boolean waiting(RecordFuture f) throws Exception {
        java.lang.reflect.Field w = RecordFuture.class.getDeclaredField("waiting");
        w.setAccessible(true);
        return w.getBoolean(f);
    }
}
