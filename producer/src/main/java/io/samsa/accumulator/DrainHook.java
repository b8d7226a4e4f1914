package io.samsa.accumulator;

import io.samsa.protocol.record.RecordBatch;

/**
 * The sender's say in {@link BatchDrainer#drain}: whether a partition's next batch may go out now, and the
 * producer state (id, epoch, base sequence) a batch is stamped with when it is drained for the first time. The
 * idempotence layer implements it; a producer without idempotence uses {@link #NON_IDEMPOTENT}.
 *
 * <p>Why a hook and not a later step: sequence numbers must be assigned in exactly the order batches are
 * drained, per partition, and a batch whose predecessor's fate is unknown must not be drained at all (Kafka's
 * idempotent producer stops a partition while, e.g., the producer id is being obtained or an earlier sequence
 * is being retried). Only the drain loop sees both at the same moment.
 *
 * <p>Thread: the sender thread, inside {@code drain}.
 */
@FunctionalInterface
public interface DrainHook {

    /** Stamps every batch without producer state (producer id, epoch and sequence -1). */
    DrainHook NON_IDEMPOTENT = batch -> batch.stamp(RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH,
            RecordBatch.NO_SEQUENCE);

    /**
     * Whether {@code first}, the oldest batch of its partition's queue, may be drained now. Called with that
     * partition's lock held: answer from sender-owned state only, quickly, and do not call back into the
     * accumulator. Returning false skips the partition in this drain.
     */
    default boolean mayDrain(ProducerBatch first) {
        return true;
    }

    /**
     * Stamps a batch drained for the first time, by calling one of its {@code stamp} methods with the producer
     * state it is sent with. Called with no lock held (stamping computes the CRC over the whole batch). Retried
     * and split batches are already stamped and are not passed here.
     */
    void stamp(ProducerBatch batch);
}
