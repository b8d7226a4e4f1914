package io.samsa.producer.internals;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs record completions (futures and user callbacks) on a thread of their own, in the order they are handed
 * over, so that a slow callback never stalls network I/O.
 *
 * <p><b>Why a separate thread.</b> Apache's producer runs callbacks on its I/O thread: one slow callback delays
 * every partition's sends and acknowledgements. Here the I/O thread only enqueues; the callback thread runs them.
 * A single thread keeps Kafka's promise that callbacks of one partition run in send order.
 *
 * <p><b>Bounded.</b> The queue holds at most {@value #CAPACITY} completions. When callbacks cannot keep up, the
 * I/O thread waits for room (backpressure, like Apache's behaviour but only after this buffer), so memory stays
 * bounded whatever the callbacks do.
 *
 * <p>Threads: {@link #execute} from the I/O thread (or an application thread aborting on close); the runner
 * thread takes and runs.
 */
public final class CallbackRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallbackRunner.class);
    static final int CAPACITY = 65_536;
    private static final Runnable STOP = () -> { };

    private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(CAPACITY);
    /** Bytes of finished batches whose completions are queued: they stay reachable until their task ran. */
    private final AtomicLong queuedBatchBytes = new AtomicLong();
    private final Object batchBytesMonitor = new Object();
    private final long maxQueuedBatchBytes;
    private final Thread thread;
    private volatile boolean closed;

    public CallbackRunner(String name) {
        this(name, 32L << 20);
    }

    /**
     * @param maxQueuedBatchBytes how many bytes of finished batches may wait for their completions to run
     *                            before the completing thread waits ({@link #execute(Runnable, int)})
     */
    public CallbackRunner(String name, long maxQueuedBatchBytes) {
        this.maxQueuedBatchBytes = Math.max(1, maxQueuedBatchBytes);
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** True when called from the callback thread (a callback calling flush or close must not wait for itself). */
    public boolean inCallbackThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Queues a completion. Runs it inline when called from the callback thread itself (no self-deadlock) or
     * after close (nothing else would run it).
     */
    public void execute(Runnable task) {
        if (closed || inCallbackThread()) {
            runSafely(task);
            return;
        }
        try {
            while (!queue.offer(task, 100, TimeUnit.MILLISECONDS)) {
                if (closed || !thread.isAlive()) {
                    runSafely(task);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runSafely(task); // never drop a completion: run it here rather than lose it
        }
    }

    /**
     * Queues the completions of a whole finished batch, which keep its {@code bytes} reachable until they ran.
     * Those bytes are no longer charged to {@code buffer.memory} (released so that appends, and callbacks that
     * send, are not held up by slow callbacks), so they are bounded here instead: while more than
     * {@code maxQueuedBatchBytes} are queued the caller (the I/O thread) waits, in steps of 100 ms, for the
     * callback thread to catch up. A batch larger than the bound is let through when nothing else is queued.
     */
    public void execute(Runnable task, int bytes) {
        if (closed || inCallbackThread()) {
            runSafely(task);
            return;
        }
        try {
            synchronized (batchBytesMonitor) {
                long queued;
                while ((queued = queuedBatchBytes.get()) > 0 && queued + bytes > maxQueuedBatchBytes) {
                    if (closed || !thread.isAlive()) {
                        break; // execute() below runs it here
                    }
                    batchBytesMonitor.wait(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runSafely(task); // never drop a completion
            return;
        }
        queuedBatchBytes.addAndGet(bytes);
        execute(() -> {
            try {
                task.run();
            } finally {
                queuedBatchBytes.addAndGet(-bytes);
                synchronized (batchBytesMonitor) {
                    batchBytesMonitor.notifyAll();
                }
            }
        });
    }

    /**
     * Waits until every completion queued before this call has run, at most {@code timeoutMs}.
     *
     * @return false on timeout
     */
    public boolean awaitQueued(long timeoutMs) throws InterruptedException {
        if (inCallbackThread() || closed) {
            return true;
        }
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
        execute(latch::countDown);
        return latch.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    private void run() {
        while (true) {
            Runnable r;
            try {
                r = queue.take();
            } catch (InterruptedException e) {
                continue; // only close() ends this thread, after draining
            }
            if (r == STOP) {
                return;
            }
            runSafely(r);
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
     * Runs what is queued, then stops the thread; waits at most {@code timeoutMs}. Completions handed over
     * afterwards run on the caller's thread.
     */
    public void close(long timeoutMs) {
        if (closed) {
            return;
        }
        if (inCallbackThread()) {
            closed = true;
            return; // the loop drains and ends once this callback returns
        }
        try {
            if (!queue.offer(STOP, Math.max(1, timeoutMs), TimeUnit.MILLISECONDS)) {
                log.warn("Callbacks did not drain within {} ms on close", timeoutMs);
            }
            thread.join(Math.max(1, timeoutMs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed = true;
            // Anything still queued (the thread did not finish in time) runs here: no completion is lost.
            Runnable r;
            while ((r = queue.poll()) != null) {
                if (r != STOP) {
                    runSafely(r);
                }
            }
        }
    }

    @Override
    public void close() {
        close(30_000);
    }
}
