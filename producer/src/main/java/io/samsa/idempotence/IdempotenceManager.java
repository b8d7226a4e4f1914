package io.samsa.idempotence;

import io.samsa.accumulator.DrainHook;
import io.samsa.accumulator.ProducerBatch;
import io.samsa.common.TopicPartition;
import io.samsa.common.KafkaException;
import io.samsa.protocol.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The idempotent producer's state: producer id and epoch, and per partition the next sequence number, the last
 * acknowledged one and the batches in flight. With it the broker can drop duplicates of a retried batch and
 * refuse gaps, so records are written exactly once and in order even with up to five requests in flight.
 *
 * <p><b>Threading.</b> Owned by the sender (I/O) thread: every method is called there, including
 * {@link #mayDrain} and {@link #stamp}, which the drainer calls from inside {@code drain} on that thread.
 * Two fields are volatile only so that other threads can read them for metrics and errors.
 *
 * <p><b>The rules</b> (notes section 6, KIP-360):
 * <ul>
 *   <li>A batch gets its sequence when it is first drained; a retry keeps it (same bytes), so the broker
 *       recognises a duplicate of a batch it already wrote and answers with the original offset.</li>
 *   <li>A retried batch goes out only when nothing else of its partition is in flight: otherwise the next
 *       batches would overtake it and be refused as out of order, over and over.</li>
 *   <li>When a sequence's fate becomes unknowable (a batch failed for good or expired after being sent), the
 *       sequences after it can never line up again under this epoch. The fix is a client-side <em>epoch
 *       bump</em>: once nothing is in flight, epoch + 1 and every partition restarts at sequence 0; queued
 *       batches that were stamped under the old epoch are re-stamped (new epoch and sequence, new CRC) as they are
 *       drained. At epoch {@code Short.MAX_VALUE} a new producer id is fetched instead.</li>
 *   <li>A batch whose records expired on {@code delivery.timeout.ms} while its request was outstanding stays in
 *       flight here until that request ends (a bump or a retry of its partition waits for it: the broker may
 *       still write it). Its late answer then settles it like any other: a success through
 *       {@link #onAcknowledged} (the sequence moves on, no bump), an error through {@link #onFailed} (its
 *       sequence is given up, so the epoch is bumped).</li>
 * </ul>
 */
public final class IdempotenceManager implements DrainHook {
    private static final Logger log = LoggerFactory.getLogger(IdempotenceManager.class);

    private final int maxInFlightPerPartition;
    /** Whether batches carry the transactional attribute: the broker keeps them invisible until the EndTxn. */
    private final boolean transactional;

    private volatile long producerId = RecordBatch.NO_PRODUCER_ID;
    private volatile short epoch = RecordBatch.NO_PRODUCER_EPOCH;
    private volatile KafkaException fatalError;
    private boolean bumpPending;
    private String bumpReason;
    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();

    private static final class PartitionState {
        int nextSequence;
        int lastAckedSequence = -1;
        /** Base sequences of the batches in flight. */
        final InFlight inFlight = new InFlight();
    }

    /**
     * A set of base sequences, at most {@code max.in.flight.requests.per.connection} (5 with idempotence) of
     * them, so a short array searched linearly: no boxed sequence, no tree node per batch, and no ordering,
     * which nothing needs.
     */
    static final class InFlight {
        private int[] sequences = new int[5];
        private int size;

        /** Adds {@code sequence}; a sequence already present stays once. */
        void add(int sequence) {
            for (int i = 0; i < size; i++) {
                if (sequences[i] == sequence) {
                    return;
                }
            }
            if (size == sequences.length) {
                sequences = Arrays.copyOf(sequences, size * 2);
            }
            sequences[size++] = sequence;
        }

        void remove(int sequence) {
            for (int i = 0; i < size; i++) {
                if (sequences[i] == sequence) {
                    sequences[i] = sequences[--size];
                    return;
                }
            }
        }

        int size() {
            return size;
        }

        boolean isEmpty() {
            return size == 0;
        }
    }

    public IdempotenceManager(int maxInFlightPerPartition) {
        this(maxInFlightPerPartition, false);
    }

    /** @param transactional whether the producer is transactional (its batches are marked so) */
    public IdempotenceManager(int maxInFlightPerPartition, boolean transactional) {
        this.maxInFlightPerPartition = maxInFlightPerPartition;
        this.transactional = transactional;
    }

    // ---- producer id ------------------------------------------------------------------------------------

    public boolean hasProducerId() {
        return producerId >= 0;
    }

    public long producerId() {
        return producerId;
    }

    public short epoch() {
        return epoch;
    }

    /** A new producer id from InitProducerId: every partition starts again at sequence 0. */
    public void setProducerId(long id, short newEpoch) {
        log.debug("Producer id {} epoch {}", id, newEpoch);
        producerId = id;
        epoch = newEpoch;
        resetSequences();
        bumpPending = false;
    }

    /**
     * The identity a previous producer on the same spool sent with (its batches not yet acknowledged are resent
     * with it, so that the broker drops what it already has), and each partition's next sequence under it.
     * Before the I/O thread starts.
     */
    public void restore(long id, short restoredEpoch, Map<TopicPartition, Integer> nextSequences) {
        log.info("Producer id {} epoch {} restored from the spool", id, restoredEpoch);
        producerId = id;
        epoch = restoredEpoch;
        nextSequences.forEach((tp, seq) -> state(tp).nextSequence = seq);
    }

    /** A non-recoverable error (e.g. no IDEMPOTENT_WRITE permission): nothing may be sent any more. */
    public void setFatal(KafkaException error) {
        fatalError = error;
    }

    public KafkaException fatalError() {
        return fatalError;
    }

    // ---- drain hook (sender thread, inside drain) -------------------------------------------------------

    @Override
    public boolean mayDrain(ProducerBatch first) {
        if (producerId < 0 || bumpPending || fatalError != null) {
            return false;
        }
        PartitionState s = partitions.get(first.topicPartition());
        int inFlight = s == null ? 0 : s.inFlight.size();
        if (first.hasBeenSent()) {
            // A retry waits until its partition has nothing in flight: it must go out before anything newer.
            return inFlight == 0;
        }
        if (inFlight > 0 && (s == null || s.lastAckedSequence < 0)) {
            // Nothing of this partition acknowledged yet in this epoch: the broker may hold no state for us, and
            // a broker without state accepts ANY first sequence (KIP-360). A second batch sent now could be
            // written before a first one that fails (e.g. NOT_LEADER_OR_FOLLOWER on a new partition), which
            // would reorder records and leave the first one refused as out of order for good. So the first
            // batch goes alone; pipelining starts once the broker has acknowledged it.
            return false;
        }
        return inFlight < maxInFlightPerPartition;
    }

    @Override
    public void stamp(ProducerBatch batch) {
        PartitionState s = state(batch.topicPartition());
        batch.stamp(producerId, epoch, s.nextSequence, transactional);
        s.nextSequence = advance(s.nextSequence, batch.recordCount());
    }

    /**
     * Called for every drained batch before it is sent: a batch stamped under an older epoch or producer id (a
     * retry after a bump) gets the current ones and the partition's next sequence.
     */
    public void prepareSend(ProducerBatch batch) {
        if (batch.producerId() != producerId || batch.producerEpoch() != epoch) {
            PartitionState s = state(batch.topicPartition());
            log.debug("Rewriting {} from pid {} epoch {} seq {} to pid {} epoch {} seq {}", batch,
                    batch.producerId(), batch.producerEpoch(), batch.baseSequence(), producerId, epoch, s.nextSequence);
            batch.rewriteProducerState(producerId, epoch, s.nextSequence);
            s.nextSequence = advance(s.nextSequence, batch.recordCount());
        }
        state(batch.topicPartition()).inFlight.add(batch.baseSequence());
    }

    // ---- outcomes (sender thread) -----------------------------------------------------------------------

    /** The broker wrote the batch (or had it already: DUPLICATE_SEQUENCE_NUMBER). */
    public void onAcknowledged(ProducerBatch batch) {
        PartitionState s = state(batch.topicPartition());
        s.inFlight.remove(batch.baseSequence());
        if (batch.producerEpoch() == epoch && batch.producerId() == producerId) {
            int last = lastSequence(batch);
            if (s.lastAckedSequence < 0 || after(last, s.lastAckedSequence)) {
                s.lastAckedSequence = last;
            }
        }
    }

    /** The batch goes back to the queue for another attempt with the same sequence. */
    public void onRetry(ProducerBatch batch) {
        PartitionState s = partitions.get(batch.topicPartition());
        if (s != null) {
            s.inFlight.remove(batch.baseSequence());
        }
    }

    /**
     * The batch was split (MESSAGE_TOO_LARGE): its children carry the same sequence range and are re-sent as
     * retries, so it just leaves the in-flight set.
     */
    public void onSplit(ProducerBatch batch) {
        onRetry(batch);
    }

    /**
     * The batch failed for good (or expired) while it held a sequence number. If it may have been sent, or
     * later sequences were already handed out, the partition's sequence can no longer continue under this
     * epoch: bump once nothing is in flight.
     */
    public void onFailed(ProducerBatch batch, String why) {
        if (batch.baseSequence() == RecordBatch.NO_SEQUENCE) {
            return; // never stamped: no sequence was used
        }
        PartitionState s = partitions.get(batch.topicPartition());
        if (s != null) {
            s.inFlight.remove(batch.baseSequence());
        }
        if (batch.producerEpoch() == epoch && batch.producerId() == producerId) {
            requestBump("a batch of " + batch.topicPartition() + " with sequence " + batch.baseSequence()
                    + " " + why);
        }
    }

    /**
     * OUT_OF_ORDER_SEQUENCE_NUMBER: if an earlier batch of the partition is still unresolved (in flight or
     * being retried) this one merely overtook it and is retried; if it was the next expected batch, the broker
     * lost track (a real gap) and the epoch is bumped.
     */
    public boolean isNextExpected(ProducerBatch batch) {
        PartitionState s = partitions.get(batch.topicPartition());
        if (s == null) {
            return true;
        }
        int expected = s.lastAckedSequence < 0 ? 0 : advance(s.lastAckedSequence, 1);
        return batch.baseSequence() == expected;
    }

    /**
     * True if a batch's sequence is at or before the last one the broker acknowledged for its partition: later
     * records were written before it, so retrying under this epoch can never succeed (the broker would call it
     * out of order forever). Only a new epoch can carry it.
     */
    public boolean isBehindAcknowledged(ProducerBatch batch) {
        PartitionState s = partitions.get(batch.topicPartition());
        if (s == null || s.lastAckedSequence < 0 || batch.producerEpoch() != epoch) {
            return false;
        }
        return !after(batch.baseSequence(), s.lastAckedSequence);
    }

    /** Asks for an epoch bump, carried out by {@link #maybeBump} once nothing is in flight. */
    public void requestBump(String reason) {
        if (!bumpPending) {
            log.info("Bumping the producer epoch once in-flight requests are done: {}", reason);
        }
        bumpPending = true;
        bumpReason = reason;
    }

    public boolean bumpPending() {
        return bumpPending;
    }

    /**
     * Carries out a pending bump if no batch is in flight. Returns true when a new producer id is needed instead
     * (the epoch is exhausted): the caller sends InitProducerId and calls {@link #setProducerId}.
     */
    public boolean maybeBump() {
        if (!bumpPending || producerId < 0) {
            return false;
        }
        for (PartitionState s : partitions.values()) {
            if (!s.inFlight.isEmpty()) {
                return false;
            }
        }
        if (epoch == Short.MAX_VALUE) {
            log.info("Producer epoch exhausted for producer id {}; fetching a new producer id", producerId);
            producerId = RecordBatch.NO_PRODUCER_ID;
            epoch = RecordBatch.NO_PRODUCER_EPOCH;
            bumpPending = false;
            return true;
        }
        epoch = (short) (epoch + 1);
        resetSequences();
        bumpPending = false;
        log.info("Producer id {} bumped to epoch {} ({})", producerId, epoch, bumpReason);
        return false;
    }

    /** Batches of the partition written and not yet answered. */
    public int inFlight(TopicPartition tp) {
        PartitionState s = partitions.get(tp);
        return s == null ? 0 : s.inFlight.size();
    }

    private void resetSequences() {
        for (PartitionState s : partitions.values()) {
            s.nextSequence = 0;
            s.lastAckedSequence = -1;
        }
    }

    private PartitionState state(TopicPartition tp) {
        return partitions.computeIfAbsent(tp, k -> new PartitionState());
    }

    private static int lastSequence(ProducerBatch b) {
        return advance(b.baseSequence(), b.recordCount() - 1);
    }

    /** Sequences wrap from Integer.MAX_VALUE to 0. */
    static int advance(int sequence, int by) {
        return (int) ((sequence + (long) by) % (Integer.MAX_VALUE + 1L));
    }

    /** True if {@code a} comes after {@code b} in sequence order (within half the range: wrap-aware). */
    private static boolean after(int a, int b) {
        long d = ((long) a - b + (Integer.MAX_VALUE + 1L)) % (Integer.MAX_VALUE + 1L);
        return d != 0 && d < (Integer.MAX_VALUE / 2);
    }
}
