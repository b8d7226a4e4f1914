package io.samsa.spool;

import io.samsa.accumulator.RecordAccumulator;
import io.samsa.network.IoService;

/**
 * Gives the spool's disk space back: about once a second, on the I/O thread, deletes the segments every record of
 * which has its outcome (the accumulator knows the lowest spool position a record not yet done may be at).
 */
public final class SpoolReleaser implements IoService {
    private static final long PERIOD_MS = 1_000;

    private final SpoolJournal journal;
    private final RecordAccumulator accumulator;
    private long nextMs;

    public SpoolReleaser(SpoolJournal journal, RecordAccumulator accumulator) {
        this.journal = journal;
        this.accumulator = accumulator;
    }

    @Override
    public long poll(long nowMs) {
        if (nowMs < nextMs) {
            return nextMs - nowMs;
        }
        nextMs = nowMs + PERIOD_MS;
        journal.release(accumulator::journalFloor);
        return PERIOD_MS;
    }

    @Override
    public void close() {
        // The producer closes the journal after the I/O thread has stopped.
    }
}
