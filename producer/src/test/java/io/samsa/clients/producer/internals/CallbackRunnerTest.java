package io.samsa.clients.producer.internals;

import io.samsa.accumulator.BatchMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No wait on the callback thread is unbounded: a callback blocked on a latch stands for a user callback that is
 * stuck, and every hand-over and close must still return within its bound while every completion still runs.
 * The checks on "returned" are joins with generous deadlines (a thread that really blocked would never return),
 * not speed assertions.
 */
@Timeout(60)
class CallbackRunnerTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch stuckStarted = new CountDownLatch(1);
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private CallbackRunner runner;

    @AfterEach
    void unblock() {
        release.countDown();
        if (runner != null) {
            runner.close(5_000);
        }
    }

    /** A callback that blocks until the test releases it (at most 30 s, so a failing test cannot hang). */
    private Runnable stuck(String name) {
        return () -> {
            stuckStarted.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.add(name + "@" + Thread.currentThread().getName());
        };
    }

    private Runnable quick(String name) {
        return () -> ran.add(name + "@" + Thread.currentThread().getName());
    }

    /** Runs {@code action} on a new thread and says whether it finished within 10 s. */
    private static boolean returnsOnItsOwn(String name, Runnable action) throws InterruptedException {
        Thread t = new Thread(action, name);
        t.start();
        t.join(10_000);
        return !t.isAlive();
    }

    private void awaitRan(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ran.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(ran).hasSize(n);
    }

    @Test
    void theIoThreadNeverWaitsForAStuckCallbackAndTheOverflowIsChargedToBufferMemory() throws Exception {
        runner = new CallbackRunner("cb", 1_000);
        BatchMemory memory = new BatchMemory(10_000);
        runner.execute(stuck("b0"), 600, memory);
        assertThat(stuckStarted.await(10, TimeUnit.SECONDS)).isTrue();

        // 600 bytes wait for their callbacks; two more batches would take it past the 1000-byte bound.
        assertThat(returnsOnItsOwn("io", () -> {
            runner.execute(quick("b1"), 600, memory);
            runner.execute(quick("b2"), 600, memory);
        })).as("the I/O thread's hand-overs return while the callback is stuck").isTrue();
        assertThat(runner.overBoundHandOvers()).isEqualTo(2);
        assertThat(memory.usedBytes()).as("over the bound: charged back to buffer.memory, so send() waits")
                .isEqualTo(1_200);
        assertThat(runner.queuedBatchBytes()).isEqualTo(1_800);

        release.countDown();
        awaitRan(3);
        assertThat(ran).containsExactly("b0@cb", "b1@cb", "b2@cb");
        assertThat(memory.usedBytes()).as("released once their callbacks ran").isZero();
        assertThat(runner.queuedBatchBytes()).isZero();
    }

    @Test
    void aSendFailureWaitsAtMostItsBudgetThenCompletesOnTheSendingThread() throws Exception {
        runner = new CallbackRunner("cb", 1 << 20, 2);
        runner.execute(stuck("s0"));
        assertThat(stuckStarted.await(10, TimeUnit.SECONDS)).isTrue();
        runner.execute(quick("s1")); // the queue is now at its bound of 2 tasks

        assertThat(returnsOnItsOwn("try-sender", () -> runner.execute(quick("trySend"), 0))).isTrue();
        assertThat(returnsOnItsOwn("sender", () -> runner.execute(quick("send"), 200))).isTrue();
        assertThat(ran).as("no room within the budget: run by the sending thread, not lost")
                .containsExactly("trySend@try-sender", "send@sender");
        assertThat(runner.callerRuns()).isEqualTo(2);

        // With budget left, room appearing ends the wait and the completion runs on the callback thread.
        Thread waiting = new Thread(() -> runner.execute(quick("later"), 30_000), "patient-sender");
        waiting.start();
        release.countDown();
        waiting.join(10_000);
        assertThat(waiting.isAlive()).isFalse();
        awaitRan(5);
        assertThat(ran.subList(2, 5)).containsExactly("s0@cb", "s1@cb", "later@cb");
        assertThat(runner.callerRuns()).isEqualTo(2);
    }

    @Test
    void closeReturnsWithinItsTimeoutWhenACallbackIsStuckAndTheRestRunWhenItReturns() throws Exception {
        runner = new CallbackRunner("cb", 1 << 20);
        runner.execute(stuck("c0"));
        assertThat(stuckStarted.await(10, TimeUnit.SECONDS)).isTrue();
        // Queued behind it, each as stuck: run on the closing thread, any of them would block close.
        runner.execute(stuck("c1"));
        runner.execute(stuck("c2"), 100, new BatchMemory(1_000));

        assertThat(returnsOnItsOwn("closer", () -> runner.close(200))).as("close keeps its timeout").isTrue();
        assertThat(ran).isEmpty();

        release.countDown();
        awaitRan(3);
        assertThat(ran).as("in order, on the callback thread").containsExactly("c0@cb", "c1@cb", "c2@cb");
        // A hand-over after close still runs (on the callback thread if it has not ended yet, else on the caller).
        runner.execute(quick("late"));
        awaitRan(4);
    }
}
