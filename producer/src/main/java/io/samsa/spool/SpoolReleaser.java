package io.samsa.spool;

import io.samsa.accumulator.RecordAccumulator;
import io.samsa.network.IoService;

/**
 * The spool's work on the I/O thread: moves records that are in the journal only into batches as soon as
 * {@code buffer.memory} has room (they were spilled while it was full, or put back by a restart), and about once a
 * second gives disk space back, deleting the segments every record of which has its outcome (the accumulator knows
 * the lowest spool position a record not yet done may be at).
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

    /** How soon to look again while records wait in the journal for memory (completions free it meanwhile). */
    private static final long REFILL_RETRY_MS = 5;

    @Override
    public long poll(long nowMs) {
        long wait = accumulator.refill() ? REFILL_RETRY_MS : Long.MAX_VALUE;
        if (nowMs >= nextMs) {
            nextMs = nowMs + PERIOD_MS;
            journal.release(accumulator::journalFloor);
        }
        return Math.min(wait, nextMs - nowMs);
    }

    @Override
    public void close() {
        // The producer closes the journal after the I/O thread has stopped.
    }
}
