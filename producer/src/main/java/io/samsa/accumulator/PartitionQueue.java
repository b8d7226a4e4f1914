package io.samsa.accumulator;

import io.samsa.common.Node;
import io.samsa.common.TopicPartition;
import io.samsa.common.Cluster;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * One partition's batches, oldest first. The unit of locking in the accumulator.
 *
 * <pre>
 *   head (drained first)                                            tail (appends go here)
 *   [ RETRY seq 40 ][ RETRY seq 52 ][ SEALED ][ SEALED ][ OPEN: growing buffer ]
 *     re-enqueued in record order       full / superseded       the only appendable batch
 * </pre>
 *
 * <h2>Threads and locking</h2>
 * The monitor of this object guards {@link #batches}, {@link #nextRecordNo}, {@link #capacityHint} and every
 * field of the batches while
 * they are queued. Holders: application threads for one append; the sender for a peek in {@code ready}, a poll
 * in {@code drain}, an insert in {@code reenqueue}, a sweep in {@code expiredBatches}; a closing thread in
 * {@code abortAll}. Nobody blocks, allocates a buffer or runs a completion hook while holding it, and no other
 * lock is taken inside it (the sticky partitioner's bookkeeping is lock-free).
 *
 * <p>{@link #size} mirrors {@code batches.size()} (written under the monitor) so that {@code ready} and
 * {@code hasUndrained} can skip empty partitions without locking them. The leader cache is sender-thread-only.
 */
final class PartitionQueue {
    final TopicPartition tp;
    /** Guarded by {@code this}. */
    private final ArrayDeque<ProducerBatch> batches = new ArrayDeque<>();
    /** Guarded by {@code this}: number of records ever appended here; the next one's position. */
    long nextRecordNo;
    /**
     * Guarded by {@code this}: how big this partition's batches have been getting (the bytes its last batch held
     * when it was sealed full or drained, rounded up to a buffer size). A new batch starts at least this big, so a
     * busy partition does not pay for growing from the small initial buffer batch after batch, while a quiet one
     * (one record per linger) keeps small buffers. Zero until the first batch is done.
     */
    int capacityHint;
    /**
     * Guarded by {@code this}; null until needed: the partition's records that are in the spool's journal only,
     * oldest first (buffer.memory was full when they were sent, or a restarted producer put them back). While it is
     * not empty every new record of the partition joins it, so the partition's order holds; the I/O thread moves
     * them into batches as memory frees.
     */
    java.util.ArrayDeque<Spilled> spilled;

    /** A record in the journal only: where, its record number, and its hook (null for a replayed record). */
    record Spilled(long position, long recordNo, RecordCompletion completion) {
    }

    /** Written under {@code this}; read without it. */
    private volatile int size;

    // Sender thread only: the leader as of the last Cluster snapshot seen (snapshots are immutable).
    private Cluster leaderFrom;
    private Node leader;

    PartitionQueue(TopicPartition tp) {
        this.tp = tp;
    }

    // ---- lock held -------------------------------------------------------------------------------------------

    ProducerBatch peekFirst() {
        return batches.peekFirst();
    }

    ProducerBatch peekLast() {
        return batches.peekLast();
    }

    /** Batches queued (lock held: exact). */
    int batchCount() {
        return batches.size();
    }

    void addLast(ProducerBatch b) {
        batches.addLast(b);
        b.setQueued(true);
        size = batches.size();
    }

    ProducerBatch pollFirst() {
        ProducerBatch b = batches.pollFirst();
        if (b != null) {
            b.setQueued(false);
            size = batches.size();
        }
        return b;
    }

    boolean remove(ProducerBatch b) {
        boolean removed = batches.remove(b);
        if (removed) {
            b.setQueued(false);
            size = batches.size();
        }
        return removed;
    }

    /**
     * Puts a retried or split batch back where its records belong: before the first queued batch whose records
     * came later. The queue is always sorted by {@link ProducerBatch#firstRecordNo()}, so with several batches of
     * a partition in flight and retried, they go out again in their original (sequence) order, ahead of anything
     * newer. Usually the batch lands at the head; the scan is over the few retried batches at most.
     */
    void insertInOrder(ProducerBatch b) {
        if (batches.isEmpty() || batches.peekFirst().firstRecordNo() > b.firstRecordNo()) {
            batches.addFirst(b);
        } else {
            // Rare (several retries interleaving): rebuild the order. ArrayDeque has no positional insert.
            ArrayDeque<ProducerBatch> copy = new ArrayDeque<>(batches.size() + 1);
            boolean placed = false;
            for (Iterator<ProducerBatch> it = batches.iterator(); it.hasNext(); ) {
                ProducerBatch q = it.next();
                if (!placed && q.firstRecordNo() > b.firstRecordNo()) {
                    copy.addLast(b);
                    placed = true;
                }
                copy.addLast(q);
            }
            if (!placed) {
                copy.addLast(b);
            }
            batches.clear();
            batches.addAll(copy);
        }
        b.setQueued(true);
        size = batches.size();
    }

    /** Removes and returns every batch (abort). */
    ArrayDeque<ProducerBatch> drainAll() {
        ArrayDeque<ProducerBatch> all = new ArrayDeque<>(batches);
        for (ProducerBatch b : all) {
            b.setQueued(false);
        }
        batches.clear();
        size = 0;
        return all;
    }

    Iterator<ProducerBatch> iterator() {
        return batches.iterator();
    }

    // ---- no lock ---------------------------------------------------------------------------------------------

    /** Batches queued, as last published (no lock: may be stale by the time it is used). */
    int size() {
        return size;
    }

    /** Sender thread: the partition's leader in {@code cluster}, or null; cached per snapshot. */
    Node leader(Cluster cluster) {
        if (cluster != leaderFrom) {
            leader = cluster.leaderFor(tp);
            leaderFrom = cluster;
        }
        return leader;
    }

    @Override
    public String toString() {
        return "PartitionQueue(" + tp + ", batches=" + size + ")";
    }
}
