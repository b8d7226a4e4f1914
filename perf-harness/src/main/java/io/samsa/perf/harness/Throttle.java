package io.samsa.perf.harness;

import java.util.concurrent.locks.LockSupport;

/**
 * Holds a sender to a target rate: record {@code i} is due at {@code start + i / rate}, and goes out at most
 * {@link #AHEAD_NS} before it is due. A late sender is not made to catch up in a burst beyond what the schedule
 * allows (the schedule is absolute, so the average holds). Single-threaded (the sending thread).
 *
 * <p>Why records may leave a little early: parking for every record costs the sending thread a futex wait and a
 * wake-up each (about 20 us of CPU), so at 50,000 records/s a per-record park would bill the Java clients about a
 * second of CPU per million records, a cost of the harness that kcat (fed by this process) never pays. Parking
 * only once the next record is more than {@link #AHEAD_NS} away makes at most one park per that interval,
 * whatever the rate; records then leave in bursts of one interval's worth, as Apache Kafka's
 * {@code ProducerPerformance} does (its throttler sleeps at least 2 ms).
 */
public final class Throttle {
    /** How early a record may go: the longest burst, and the shortest park. */
    static final long AHEAD_NS = 1_000_000L;

    private final double recordsPerSec;
    private final long startNs;
    private long parks;

    /** @param recordsPerSec the target, or {@code <= 0} for no limit */
    public Throttle(double recordsPerSec, long startNs) {
        this.recordsPerSec = recordsPerSec;
        this.startNs = startNs;
    }

    /** How many times {@link #await} has parked: what the harness costs the sending thread at a fixed rate. */
    long parks() {
        return parks;
    }

    public boolean unlimited() {
        return recordsPerSec <= 0;
    }

    /**
     * Waits until record {@code i} is at most {@link #AHEAD_NS} from due, parking (never spinning: a spin would
     * bill the client under test for CPU it did not use). When it parks, it parks until the record is due.
     */
    public void await(long i) throws InterruptedException {
        if (recordsPerSec <= 0) {
            return;
        }
        long due = startNs + (long) (i * 1e9 / recordsPerSec);
        long wait = due - System.nanoTime();
        if (wait <= AHEAD_NS) {
            return;
        }
        while (wait > 0) {
            parks++;
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            wait = due - System.nanoTime();
        }
    }
}
