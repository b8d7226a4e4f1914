package io.samsa.accumulator;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The switches every queue obeys, shared by both sides of the accumulator: whether appends are still accepted,
 * why everything was aborted (a forced close), and how many flushes are in progress.
 *
 * <p><b>Threads.</b> Any thread: application threads close, abort and flush; appends read {@link #isClosed};
 * the I/O thread reads all three (readiness, re-queueing). Each is a single volatile or atomic value.
 */
final class AccumulatorState {
    private volatile boolean closed;
    private volatile RuntimeException abortReason;
    private final AtomicInteger flushesInProgress = new AtomicInteger();

    boolean isClosed() {
        return closed;
    }

    void close() {
        closed = true;
    }

    /** The forced close's reason, or null: a batch coming back from the network is failed with it, not queued. */
    RuntimeException abortReason() {
        return abortReason;
    }

    void abort(RuntimeException reason) {
        abortReason = reason;
        closed = true;
    }

    void beginFlush() {
        flushesInProgress.incrementAndGet();
    }

    void endFlush() {
        flushesInProgress.decrementAndGet();
    }

    boolean flushInProgress() {
        return flushesInProgress.get() > 0;
    }
}
