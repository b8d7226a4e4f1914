package io.samsa.clients.producer.internals;

import io.samsa.accumulator.BatchMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs record completions (futures and user callbacks) on a thread of their own, in the order they are handed
 * over, so that a slow callback never stalls network I/O.
 *
 * <p><b>Why a separate thread.</b> Apache's producer runs callbacks on its I/O thread: one slow callback delays
 * every partition's sends and acknowledgements. Here the I/O thread only enqueues; the callback thread runs them.
 * A single thread keeps Kafka's promise that callbacks of one partition run in send order.
 *
 * <p><b>Bounded, and no unbounded wait.</b> A user callback may block for any time (or forever), so nothing
 * here waits for the callback thread without a limit:
 * <ul>
 *   <li><b>Finished batches</b> ({@link #execute(Runnable, int, BatchMemory)}, the I/O thread): their bytes were
 *       released from {@code buffer.memory} (so a callback that sends is not held up by callbacks queued behind
 *       it) and are bounded here instead, by {@code maxQueuedBatchBytes} (and {@code maxQueuedTasks}). Beyond
 *       that the I/O thread does <em>not</em> wait: the task is queued anyway and its bytes are charged back to
 *       {@code buffer.memory} until it has run. The backpressure of slow callbacks thus reaches {@code send()},
 *       which waits for memory at most {@code max.block.ms} and then fails with a clear error, while the I/O
 *       thread keeps sending and receiving for every partition; memory stays bounded by {@code buffer.memory}
 *       plus this queue's bound. Counted ({@link #overBoundHandOvers}) and logged.</li>
 *   <li><b>A record that failed in {@code send()}</b> ({@link #execute(Runnable, long)}, an application thread):
 *       waits for room at most what is left of {@code max.block.ms} ({@code trySend}: not at all), then runs
 *       the completion on the caller's thread - as Apache's producer always does for records failed in
 *       {@code send()}. Order is no concern for these: such a record never entered its partition's sequence,
 *       so no record sent before or after it is ordered relative to it. Counted ({@link #callerRuns}) and
 *       logged.</li>
 *   <li><b>Other single completions</b> ({@link #execute(Runnable)}: parked records failing on the I/O thread, a
 *       forced close, the flush marker) are queued without waiting.</li>
 *   <li><b>Close</b> waits for the queue to drain at most its timeout. If a callback is stuck, the completions
 *       behind it stay queued and run, in order, on the callback thread when it returns (a daemon thread: it
 *       does not keep the JVM alive); close does not run them on the closing thread, where they could block it
 *       too.</li>
 * </ul>
 *
 * <p>Threads: {@code execute} from the I/O thread, application threads (send failures, close) and the callback
 * thread itself (runs inline: no self-deadlock); the runner thread takes and runs. Counters are atomic; the
 * queue is concurrent.
 */
public final class CallbackRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallbackRunner.class);
    static final int CAPACITY = 65_536;
    /** Wakes the runner on close; runs as a no-op. */
    private static final Runnable WAKE = () -> { };
    /** Between two warnings about callbacks not keeping up. */
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Unbounded as a structure: bounded by {@link #maxQueuedTasks}/{@link #maxQueuedBatchBytes} as above. */
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    /** Bytes of finished batches whose completions are queued: they stay reachable until their task ran. */
    private final AtomicLong queuedBatchBytes = new AtomicLong();
    private final AtomicInteger queuedTasks = new AtomicInteger();
    private final long maxQueuedBatchBytes;
    private final int maxQueuedTasks;
    /** Threads waiting in {@link #execute(Runnable, long)} for room; the runner notifies only when there are any. */
    private final AtomicInteger roomWaiters = new AtomicInteger();
    private final Object roomMonitor = new Object();
    private final LongAdder overBound = new LongAdder();
    private final LongAdder callerRuns = new LongAdder();
    private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    private final Thread thread;
    private volatile boolean closing;
    /** Set by the runner thread as it ends: from then on, completions run on the thread handing them over. */
    private volatile boolean exited;

    public CallbackRunner(String name) {
        this(name, 32L << 20);
    }

    /**
     * @param maxQueuedBatchBytes how many bytes of finished batches may wait for their completions to run before
     *                            further ones are charged back to {@code buffer.memory}
     */
    public CallbackRunner(String name, long maxQueuedBatchBytes) {
        this(name, maxQueuedBatchBytes, CAPACITY);
    }

    CallbackRunner(String name, long maxQueuedBatchBytes, int maxQueuedTasks) {
        this.maxQueuedBatchBytes = Math.max(1, maxQueuedBatchBytes);
        this.maxQueuedTasks = Math.max(1, maxQueuedTasks);
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** True when called from the callback thread (a callback calling flush or close must not wait for itself). */
    public boolean inCallbackThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Queues a single completion without waiting (over the task bound if need be: see the class comment). Runs it
     * inline when called from the callback thread itself (no self-deadlock) or once that thread has ended.
     */
    public void execute(Runnable task) {
        if (inCallbackThread()) {
            runSafely(task);
            return;
        }
        if (queuedTasks.get() >= maxQueuedTasks) {
            overBound.increment();
            warnSlow("a completion was queued beyond " + maxQueuedTasks + " waiting tasks");
        }
        enqueue(task);
    }

    /**
     * Queues the completion of a record that failed in {@code send()}, waiting for room at most {@code maxWaitMs}
     * (what is left of {@code max.block.ms}; 0 for {@code trySend}); if there is still none, runs it on the
     * caller's thread (see the class comment for why that keeps every promise).
     */
    public void execute(Runnable task, long maxWaitMs) {
        if (inCallbackThread() || exited) {
            runSafely(task);
            return;
        }
        if (queuedTasks.get() >= maxQueuedTasks && !awaitRoom(maxWaitMs)) {
            callerRuns.increment();
            warnSlow("the completion of a record that failed in send() ran on the sending thread after waiting "
                    + Math.max(0, maxWaitMs) + " ms (max.block.ms) for room among " + maxQueuedTasks
                    + " queued completions");
            runSafely(task);
            return;
        }
        enqueue(task);
    }

    /**
     * Queues the completions of a whole finished batch, which keep its {@code bytes} reachable until they ran.
     * Never waits: beyond {@code maxQueuedBatchBytes} (a batch larger than the bound is let through when nothing
     * else is queued) or {@code maxQueuedTasks}, the bytes are charged back to {@code memory} until the task has
     * run (class comment). The completing thread is the I/O thread, or a thread aborting batches on close.
     *
     * @param memory where to charge the bytes when over the bound; null if they are still charged anyway
     */
    public void execute(Runnable task, int bytes, BatchMemory memory) {
        if (inCallbackThread()) {
            runSafely(task);
            return;
        }
        long queued = queuedBatchBytes.get();
        boolean over = (queued > 0 && queued + bytes > maxQueuedBatchBytes) || queuedTasks.get() >= maxQueuedTasks;
        int charged = 0;
        if (over) {
            overBound.increment();
            if (memory != null && bytes > 0) {
                memory.reserveForced(bytes);
                charged = bytes;
            }
            warnSlow(queued + " bytes of finished batches wait for their callbacks (bound " + maxQueuedBatchBytes
                    + "); further ones stay charged to buffer.memory until their callbacks ran, so send() waits"
                    + " (at most max.block.ms) instead of the I/O thread");
        }
        queuedBatchBytes.addAndGet(bytes);
        int release = charged;
        enqueue(() -> {
            try {
                task.run();
            } finally {
                queuedBatchBytes.addAndGet(-bytes);
                if (release > 0) {
                    memory.release(release);
                }
            }
        });
    }

    private void enqueue(Runnable task) {
        if (exited) {
            runSafely(task); // nothing else would run it
            return;
        }
        queuedTasks.incrementAndGet();
        queue.add(task);
        if (exited) {
            // The runner ended between our check and our add: run what it left (each task once: poll is atomic).
            drainHere();
        }
    }

    private boolean awaitRoom(long maxWaitMs) {
        if (maxWaitMs <= 0) {
            return false;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
        roomWaiters.incrementAndGet();
        try {
            synchronized (roomMonitor) {
                while (queuedTasks.get() >= maxQueuedTasks) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || exited) {
                        return !exited && queuedTasks.get() < maxQueuedTasks;
                    }
                    TimeUnit.NANOSECONDS.timedWait(roomMonitor, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
                }
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false; // run it on the caller's thread rather than lose it
        } finally {
            roomWaiters.decrementAndGet();
        }
    }

    private void warnSlow(String what) {
        long now = System.nanoTime();
        long last = lastWarnNanos.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarnNanos.compareAndSet(last, now)) {
            log.warn("Callbacks on {} are not keeping up (is one blocked?): {} ({} hand-over(s) beyond the bound,"
                    + " {} run on the sending thread so far)", thread.getName(), what, overBound.sum(),
                    callerRuns.sum());
        }
    }

    /**
     * Waits until every completion queued before this call has run, at most {@code timeoutMs}.
     *
     * @return false on timeout
     */
    public boolean awaitQueued(long timeoutMs) throws InterruptedException {
        if (inCallbackThread() || exited) {
            return true;
        }
        CountDownLatch latch = new CountDownLatch(1);
        enqueue(latch::countDown);
        return latch.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            while (true) {
                Runnable r;
                try {
                    r = queue.take();
                } catch (InterruptedException e) {
                    continue; // only close() ends this thread, after draining
                }
                runTask(r);
                if (closing && queue.isEmpty()) {
                    return;
                }
            }
        } finally {
            exited = true;
            drainHere(); // anything added while we were deciding to stop
        }
    }

    private void runTask(Runnable r) {
        try {
            runSafely(r);
        } finally {
            queuedTasks.decrementAndGet();
            if (roomWaiters.get() > 0) {
                synchronized (roomMonitor) {
                    roomMonitor.notifyAll();
                }
            }
        }
    }

    private void drainHere() {
        Runnable r;
        while ((r = queue.poll()) != null) {
            runTask(r);
        }
    }

    private static void runSafely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.error("A record callback threw; continuing with the next", e);
        }
    }

    /**
     * Lets what is queued run, then stops the thread; waits for that at most {@code timeoutMs}. If a callback is
     * still running then (stuck), returns anyway: the completions behind it run on the callback thread when it
     * returns. Completions handed over once the thread has ended run on the thread handing them over.
     */
    public void close(long timeoutMs) {
        if (closing) {
            return;
        }
        closing = true;
        enqueue(WAKE); // the runner checks for the end after each task
        if (inCallbackThread()) {
            return; // the loop drains and ends once this callback returns
        }
        try {
            thread.join(Math.max(1, timeoutMs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("Callbacks did not finish within {} ms on close: a callback on {} is still running; the {}"
                    + " completion(s) queued behind it run on that thread when it returns", timeoutMs,
                    thread.getName(), Math.max(0, queuedTasks.get() - 1));
        }
    }

    @Override
    public void close() {
        close(30_000);
    }

    // ---- state, for metrics and tests ---------------------------------------------------------------------

    /** Hand-overs that found the queue beyond its bound (their batch bytes were charged to buffer.memory). */
    public long overBoundHandOvers() {
        return overBound.sum();
    }

    /** Completions of records failed in send() that ran on the sending thread because the queue stayed full. */
    public long callerRuns() {
        return callerRuns.sum();
    }

    /** Bytes of finished batches whose completions are queued right now. */
    public long queuedBatchBytes() {
        return queuedBatchBytes.get();
    }
}
