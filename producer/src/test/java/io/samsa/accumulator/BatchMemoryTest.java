package io.samsa.accumulator;

import io.samsa.common.errors.ClosedException;
import io.samsa.common.errors.RecordTooLargeException;
import io.samsa.common.errors.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.samsa.accumulator.AccumulatorFixtures.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class BatchMemoryTest {

    @Test
    void reservesAndReleasesExactly() {
        BatchMemory m = new BatchMemory(1000);
        assertThat(m.tryReserve(600)).isTrue();
        assertThat(m.tryReserve(500)).isFalse();
        assertThat(m.usedBytes()).isEqualTo(600);
        assertThat(m.availableBytes()).isEqualTo(400);
        assertThat(m.tryReserve(400)).isTrue();
        m.release(1000);
        assertThat(m.usedBytes()).isZero();
        assertThatThrownBy(() -> m.release(1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("released twice");
        assertThat(m.usedBytes()).isZero();
    }

    @Test
    void aRequestBiggerThanTheWholeBudgetFailsAtOnceNamingBothSizes() {
        BatchMemory m = new BatchMemory(1000);
        long start = System.nanoTime();
        assertThatThrownBy(() -> m.reserve(1001, 60_000))
                .isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("1001 bytes")
                .hasMessageContaining("buffer.memory=1000");
        assertThat(System.nanoTime() - start).as("did not wait").isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThatThrownBy(() -> m.tryReserve(1001)).isInstanceOf(RecordTooLargeException.class);
    }

    @Test
    void timesOutWithAMessageNamingTheConfigAndTheSizes() {
        BatchMemory m = new BatchMemory(1000);
        m.tryReserve(900);
        assertThatThrownBy(() -> m.reserve(200, 30))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("200 bytes of buffer.memory")
                .hasMessageContaining("max.block.ms=30")
                .hasMessageContaining("100 of 1000 bytes available");
        assertThat(m.waitingThreads()).isZero();
        assertThat(m.usedBytes()).isEqualTo(900);
        // max.block.ms = 0: fails at once, still with the message.
        assertThatThrownBy(() -> m.reserve(200, 0)).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("max.block.ms=0");
    }

    @Test
    void aWaiterIsWokenAsSoonAsMemoryIsReleased() throws Exception {
        BatchMemory m = new BatchMemory(1000);
        m.tryReserve(1000);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> waiter = pool.submit(() -> {
                m.reserve(300, 60_000);
                return null;
            });
            awaitCondition("the thread to queue", 10_000, () -> m.waitingThreads() == 1);
            assertThat(waiter.isDone()).isFalse();
            m.release(300);
            waiter.get(10, TimeUnit.SECONDS); // woken by the Condition, long before the 60 s limit
            assertThat(m.waitingThreads()).isZero();
            assertThat(m.usedBytes()).isEqualTo(1000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theWaitListenerHearsBlockedWaitsOnlyOnTheBlockingThread() throws Exception {
        BatchMemory m = new BatchMemory(1000);
        List<Long> waits = new CopyOnWriteArrayList<>();
        List<Thread> callers = new CopyOnWriteArrayList<>();
        m.setWaitListener(nanos -> {
            waits.add(nanos);
            callers.add(Thread.currentThread());
        });
        // Room at once, blocking or not: no wait to report.
        assertThat(m.tryReserve(400)).isTrue();
        m.reserve(500, 60_000);
        assertThat(waits).isEmpty();

        // A wait that times out reports its time too, as Apache Kafka's BufferPool does.
        assertThatThrownBy(() -> m.reserve(200, 30)).isInstanceOf(TimeoutException.class);
        assertThat(waits).hasSize(1);
        assertThat(waits.get(0)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
        assertThat(waits.get(0)).isLessThanOrEqualTo(m.waitNanosTotal());

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<Thread> waiterThread = new AtomicReference<>();
            Future<?> waiter = pool.submit(() -> {
                waiterThread.set(Thread.currentThread());
                m.reserve(300, 60_000);
                return null;
            });
            awaitCondition("the thread to queue", 10_000, () -> m.waitingThreads() == 1);
            m.release(300);
            waiter.get(10, TimeUnit.SECONDS);
            assertThat(waits).hasSize(2);
            assertThat(callers.get(1)).isSameAs(waiterThread.get());
            assertThat(waits.get(0) + waits.get(1)).isEqualTo(m.waitNanosTotal());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void waitersAreServedFirstComeFirstServedAndSmallOnesDoNotOvertake() throws Exception {
        BatchMemory m = new BatchMemory(1000);
        m.tryReserve(1000);
        List<String> order = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> big = pool.submit(() -> {
                m.reserve(800, 60_000);
                order.add("big");
                return null;
            });
            awaitCondition("big queued", 10_000, () -> m.waitingThreads() == 1);
            Future<?> small1 = pool.submit(() -> {
                m.reserve(100, 60_000);
                order.add("small1");
                return null;
            });
            awaitCondition("small1 queued", 10_000, () -> m.waitingThreads() == 2);
            Future<?> small2 = pool.submit(() -> {
                m.reserve(100, 60_000);
                order.add("small2");
                return null;
            });
            awaitCondition("small2 queued", 10_000, () -> m.waitingThreads() == 3);

            // 500 free would fit both small ones, but the big one is first in line.
            m.release(500);
            assertThat(m.tryReserve(1)).as("no barging past waiters").isFalse();
            assertThat(order).isEmpty();
            assertThat(m.waitingThreads()).isEqualTo(3);

            m.release(300); // 800 free: exactly the head's need
            big.get(10, TimeUnit.SECONDS);
            assertThat(order).containsExactly("big");
            assertThat(m.waitingThreads()).isEqualTo(2);

            m.release(100); // enough for one small one: the one that came first
            small1.get(10, TimeUnit.SECONDS);
            assertThat(order).containsExactly("big", "small1");
            assertThat(small2.isDone()).isFalse();

            m.release(100);
            small2.get(10, TimeUnit.SECONDS);
            assertThat(order).containsExactly("big", "small1", "small2");
            assertThat(m.usedBytes()).isEqualTo(1000);
            assertThat(m.waitingThreads()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anInterruptedWaiterGetsAClearExceptionAndLeavesTheAccountingConsistent() throws Exception {
        BatchMemory m = new BatchMemory(1000);
        m.tryReserve(900);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                m.reserve(500, 60_000);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        awaitCondition("the thread to queue", 10_000, () -> m.waitingThreads() == 1);
        t.interrupt();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class)
                .hasMessageContaining("interrupted while waiting for 500 bytes of buffer.memory");
        assertThat(m.waitingThreads()).isZero();
        assertThat(m.usedBytes()).isEqualTo(900);
        m.release(900);
        assertThat(m.usedBytes()).isZero();
        assertThat(m.tryReserve(1000)).isTrue();
    }

    @Test
    void anInterruptedHeadLetsTheNextWaiterThrough() throws Exception {
        BatchMemory m = new BatchMemory(1000);
        m.tryReserve(1000);
        Thread head = new Thread(() -> {
            try {
                m.reserve(900, 60_000);
            } catch (InterruptedException expected) {
                // the point of the test
            }
        });
        head.start();
        awaitCondition("head queued", 10_000, () -> m.waitingThreads() == 1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> second = pool.submit(() -> {
                m.reserve(200, 60_000);
                return null;
            });
            awaitCondition("second queued", 10_000, () -> m.waitingThreads() == 2);
            m.release(300); // 300 free: not enough for the head, enough for the second
            head.interrupt();
            head.join(10_000);
            second.get(10, TimeUnit.SECONDS); // served as soon as the head left the queue
            assertThat(m.usedBytes()).isEqualTo(900);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closeWakesWaitersWithAClosedException() throws Exception {
        BatchMemory m = new BatchMemory(1000);
        m.tryReserve(1000);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> waiter = pool.submit(() -> {
                m.reserve(10, 60_000);
                return null;
            });
            awaitCondition("queued", 10_000, () -> m.waitingThreads() == 1);
            m.close();
            assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ClosedException.class);
            assertThat(m.waitingThreads()).isZero();
            assertThatThrownBy(() -> m.tryReserve(1)).isInstanceOf(ClosedException.class);
            m.release(1000); // releasing still works after close
            assertThat(m.usedBytes()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
