package io.samsa.accumulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every batch that is not done yet, queued or in flight: what a flush waits for and what a forced close fails.
 * A batch enters when it is created (by an append, or by a split) and leaves when its outcome is decided.
 *
 * <p><b>Threads.</b> Any thread: appending threads add, the completing thread removes, flush and close take
 * snapshots. A concurrent set, so no lock is held across threads.
 */
final class IncompleteBatches {
    private final Set<ProducerBatch> batches = ConcurrentHashMap.newKeySet();

    void add(ProducerBatch batch) {
        batches.add(batch);
    }

    void remove(ProducerBatch batch) {
        batches.remove(batch);
    }

    boolean isEmpty() {
        return batches.isEmpty();
    }

    /** The batches not done right now, copied: batches completing meanwhile do not disturb the caller's loop. */
    List<ProducerBatch> snapshot() {
        return new ArrayList<>(batches);
    }

    /**
     * Waits until every batch incomplete now is done, including the smaller batches a split one became.
     *
     * @param deadlineNanos a {@link System#nanoTime()} value
     * @return false if the deadline passed first
     */
    boolean awaitAll(long deadlineNanos) throws InterruptedException {
        for (ProducerBatch b : snapshot()) {
            if (!b.awaitDone(deadlineNanos)) {
                return false;
            }
        }
        return true;
    }
}
