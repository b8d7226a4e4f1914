package io.samsa.perf.harness;

import java.util.concurrent.locks.LockSupport;

/**
 * Holds a sender to a target rate: record {@code i} may go out no earlier than {@code start + i / rate}. A late
 * sender is not made to catch up in a burst beyond what the schedule allows (the schedule is absolute, so the
 * average holds). Single-threaded (the sending thread).
 */
public final class Throttle {
    private final double recordsPerSec;
    private final long startNs;

    /** @param recordsPerSec the target, or {@code <= 0} for no limit */
    public Throttle(double recordsPerSec, long startNs) {
        this.recordsPerSec = recordsPerSec;
        this.startNs = startNs;
    }

    public boolean unlimited() {
        return recordsPerSec <= 0;
    }

    /**
     * Waits until record {@code i} is due, parking (never spinning: a spin would bill the client under test for
     * CPU it did not use). Parking overshoots by tens of microseconds, so at high rates records leave in small
     * bursts; the average rate holds.
     */
    public void await(long i) throws InterruptedException {
        if (recordsPerSec <= 0) {
            return;
        }
        long due = startNs + (long) (i * 1e9 / recordsPerSec);
        while (true) {
            long wait = due - System.nanoTime();
            if (wait <= 0) {
                return;
            }
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
