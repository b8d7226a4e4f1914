package io.samsa.accumulator;

import io.samsa.common.errors.ClosedException;
import io.samsa.common.errors.RecordTooLargeException;
import io.samsa.common.errors.TimeoutException;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * Charges batch buffers against {@code buffer.memory}: the accounting behind "memory is bounded", without owning
 * any memory itself.
 *
 * <h2>Accounting only; recycling is {@link BufferPool}'s</h2>
 * This class owns no memory: it counts bytes. Batches allocate their buffers through {@link BufferPool}, which
 * hands out recycled {@code batch.size} buffers when it has one (why: see there). Bytes are released here when a
 * batch is done - before its completions have run - while its buffer returns to the pool only after they ran and
 * no request holds it (KAFKA-19012: {@code BufferReuseTest} checks that no two live batches share memory).
 *
 * <h2>Fairness and blocking</h2>
 * Threads that must wait queue up FIFO, each on its own {@link Condition}. Memory freed by {@link #release} goes
 * to the head of the queue first; a later, smaller request does not overtake it (else a big record could starve
 * behind a stream of small ones), and a non-blocking {@link #tryReserve} fails while anyone is queued. A waiter is
 * signalled the moment its bytes are granted - no polling.
 *
 * <pre>
 *   release(n) -&gt; available += n -&gt; while head fits: available -= head.bytes, head.granted = true, signal(head)
 * </pre>
 *
 * <p>Reservations are whole: a waiter holds nothing until all its bytes are granted, so waiters never hold memory
 * while waiting for more (no hoarding, no deadlock between two half-served waiters).
 *
 * <h2>Threads and locking</h2>
 * Any thread. One {@link ReentrantLock} guards {@code available}, the waiter queue and {@code closed}; it is held
 * only for arithmetic and signalling, never while allocating or copying. {@link RecordAccumulator} never calls in
 * here while holding a partition lock, so there is no lock ordering between the two. The read-only accessors use
 * volatile snapshots and take no lock (the sender asks {@link #waitingThreads()} once per partition per
 * {@code ready}).
 */
public final class BatchMemory {

    private final long totalBytes;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. FIFO: the head is served first. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** Guarded by {@link #lock}; negative only transiently after {@link #reserveForced}. */
    private long available;
    /** Guarded by {@link #lock}. */
    private boolean closed;
    /** Guarded by {@link #lock}: total time threads spent blocked, for the producer's metrics. */
    private long waitNanosTotal;
    /**
     * Hears each blocked wait's nanoseconds ({@code bufferpool-wait-ratio}); read only on the blocking path, so a
     * reservation that finds room never touches it.
     */
    private volatile LongConsumer waitListener = nanos -> { };

    // Lock-free snapshots for readers (written under the lock).
    private volatile int waiterCount;
    private volatile long availableSnapshot;

    /** One blocked thread. */
    private static final class Waiter {
        final int bytes;
        final Condition condition;
        boolean granted; // guarded by the pool lock

        Waiter(int bytes, Condition condition) {
            this.bytes = bytes;
            this.condition = condition;
        }
    }

    /** @param totalBytes {@code buffer.memory} */
    public BatchMemory(long totalBytes) {
        if (totalBytes < 0) {
            throw new IllegalArgumentException("buffer.memory must be >= 0, got " + totalBytes);
        }
        this.totalBytes = totalBytes;
        this.available = totalBytes;
        this.availableSnapshot = totalBytes;
    }

    /**
     * Reserves {@code bytes} if they are available now and nobody is queued ahead; never blocks.
     *
     * @return false if the caller would have to wait
     * @throws RecordTooLargeException if {@code bytes} exceeds {@code buffer.memory} (it could never be granted)
     * @throws ClosedException if closed
     */
    public boolean tryReserve(int bytes) {
        checkFits(bytes);
        lock.lock();
        try {
            ensureOpen(bytes);
            if (waiters.isEmpty() && available >= bytes) {
                take(bytes);
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reserves {@code bytes}, waiting up to {@code maxBlockMs} for other batches to be released. Waiters are
     * served in arrival order.
     *
     * @throws TimeoutException     if not granted in time; names {@code buffer.memory}, the bytes needed and
     *                              available, and {@code max.block.ms}
     * @throws RecordTooLargeException at once if {@code bytes} exceeds {@code buffer.memory}
     * @throws ClosedException      if closed before or while waiting
     * @throws InterruptedException if interrupted while waiting; nothing is reserved then (bytes granted at the
     *                              same moment are given back), and the interrupt status is cleared as usual
     */
    public void reserve(int bytes, long maxBlockMs) throws InterruptedException {
        reserve(bytes, TimeUnit.MILLISECONDS.toNanos(Math.max(0, maxBlockMs)), maxBlockMs);
    }

    /**
     * As {@link #reserve(int, long)}, waiting at most {@code waitNanos} (what is left of the caller's
     * {@code max.block.ms} budget, whose configured value {@code maxBlockMs} the timeout message names).
     */
    void reserve(int bytes, long waitNanos, long maxBlockMs) throws InterruptedException {
        checkFits(bytes);
        long waited = -1;
        lock.lock();
        try {
            ensureOpen(bytes);
            if (waiters.isEmpty() && available >= bytes) {
                take(bytes);
                return;
            }
            if (waitNanos <= 0) {
                throw timeout(bytes, maxBlockMs);
            }
            Waiter me = new Waiter(bytes, lock.newCondition());
            waiters.addLast(me);
            waiterCount = waiters.size();
            long start = System.nanoTime();
            long left = waitNanos;
            boolean ok = false;
            try {
                while (!me.granted) {
                    if (closed) {
                        throw closed(bytes);
                    }
                    if (left <= 0) {
                        throw timeout(bytes, maxBlockMs);
                    }
                    left = me.condition.awaitNanos(left);
                }
                ok = true;
            } catch (InterruptedException e) {
                InterruptedException clear = new InterruptedException("interrupted while waiting for " + bytes
                        + " bytes of buffer.memory (" + totalBytes + " bytes in total); nothing was reserved");
                clear.initCause(e);
                throw clear;
            } finally {
                waited = System.nanoTime() - start;
                waitNanosTotal += waited;
                if (!ok) {
                    if (me.granted) {
                        available += bytes; // granted in the same instant we gave up: give it back
                    } else {
                        waiters.remove(me);
                    }
                    // Either way the queue changed: whoever is now at the head may be servable.
                    grantWaiters();
                }
                waiterCount = waiters.size();
                availableSnapshot = available;
            }
        } finally {
            lock.unlock();
            // Outside the lock: the listener feeds a sensor, and the next waiter need not wait for it.
            if (waited >= 0) {
                waitListener.accept(waited);
            }
        }
    }

    /**
     * Sets who hears of each blocked wait, with the nanoseconds it lasted (granted, timed out, closed or
     * interrupted alike): the producer's {@code bufferpool-wait-ratio}. Called on the blocked thread, outside
     * the lock; never for a reservation that did not wait. Set it before the first reservation.
     */
    public void setWaitListener(LongConsumer listener) {
        this.waitListener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Charges {@code bytes} even if that takes {@code available} below zero; never blocks and ignores the queue.
     * Only for the sender thread when it splits an in-flight batch: it must not block (it is the thread that frees
     * memory), and the parent's bytes are released right after, so the overshoot is bounded by one batch's
     * header overheads.
     */
    public void reserveForced(int bytes) {
        lock.lock();
        try {
            take(bytes);
        } finally {
            lock.unlock();
        }
    }

    /** Returns bytes reserved earlier and wakes the waiters they satisfy, in order. */
    public void release(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot release " + bytes + " bytes");
        }
        if (bytes == 0) {
            return;
        }
        lock.lock();
        try {
            available += bytes;
            if (available > totalBytes) {
                available -= bytes;
                throw new IllegalStateException("releasing " + bytes + " bytes would make " + (available + bytes)
                        + " available out of buffer.memory=" + totalBytes + ": a batch was released twice");
            }
            grantWaiters();
            availableSnapshot = available;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter with a {@link ClosedException}; later reservations fail. Releasing still works. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (Waiter w : waiters) {
                w.condition.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- state (lock-free reads) -------------------------------------------------------------------------

    /** {@code buffer.memory}. */
    public long totalBytes() {
        return totalBytes;
    }

    /** Bytes not charged to any batch (a snapshot). */
    public long availableBytes() {
        return availableSnapshot;
    }

    /** Bytes charged to live batch buffers (a snapshot). */
    public long usedBytes() {
        return totalBytes - availableSnapshot;
    }

    /** Threads blocked waiting for memory right now: when non-zero, every batch is sent without lingering. */
    public int waitingThreads() {
        return waiterCount;
    }

    /** Total nanoseconds threads have spent blocked here. */
    public long waitNanosTotal() {
        lock.lock();
        try {
            return waitNanosTotal;
        } finally {
            lock.unlock();
        }
    }

    // ---- internals ---------------------------------------------------------------------------------------

    private void take(int bytes) {
        available -= bytes;
        availableSnapshot = available;
    }

    private void grantWaiters() {
        Waiter head;
        while ((head = waiters.peekFirst()) != null && available >= head.bytes) {
            waiters.pollFirst();
            available -= head.bytes;
            head.granted = true;
            head.condition.signal();
        }
        waiterCount = waiters.size();
    }

    private void checkFits(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("cannot reserve " + bytes + " bytes");
        }
        if (bytes > totalBytes) {
            throw new RecordTooLargeException("cannot reserve " + bytes + " bytes: more than buffer.memory=" + totalBytes
                    + " bytes in total, so it could never be granted; raise buffer.memory or send smaller records");
        }
    }

    private void ensureOpen(int bytes) {
        if (closed) {
            throw closed(bytes);
        }
    }

    private static ClosedException closed(int bytes) {
        return new ClosedException("the producer was closed while " + bytes
                + " bytes of buffer.memory were requested; the record was not appended");
    }

    private TimeoutException timeout(int bytes, long maxBlockMs) {
        return new TimeoutException("Failed to allocate " + bytes + " bytes of buffer.memory within max.block.ms="
                + maxBlockMs + " ms: " + Math.max(0, available) + " of " + totalBytes + " bytes available, "
                + waiters.size() + " thread(s) waiting in all. Records are produced faster than they are sent and"
                + " acknowledged: raise buffer.memory or max.block.ms, or check the brokers are reachable");
    }
}
