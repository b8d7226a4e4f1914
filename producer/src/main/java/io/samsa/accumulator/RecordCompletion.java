package io.samsa.accumulator;

import io.samsa.common.TopicPartition;

/**
 * What to run when one record's fate is known: the hook the producer's API layer passes to
 * {@link RecordAccumulator#append} (typically completing the record's future and calling its user callback).
 *
 * <p>Called exactly once per appended record, whatever happens to its batch: acknowledged, failed by the broker,
 * expired by {@code delivery.timeout.ms}, aborted on close, or split and re-sent (then the hook travels to the
 * smaller batch and fires when that one is done). The batch reads the record's relative offset, timestamp and
 * serialized sizes back from its own bytes, so the hook object can stay as small as a future; and it resolves
 * the offset and timestamp before calling, so the API layer does no arithmetic.
 *
 * <p>Thread: the thread that completes the batch - normally the producer's I/O (sender) thread, or an
 * application thread calling {@code close}/{@code abortAll}. Never called while an accumulator lock is held, so a
 * hook may call {@code append} again (a callback that sends). It must be quick: it delays every record after it
 * in the batch. An exception thrown by a hook is logged and does not stop the other records' hooks.
 */
@FunctionalInterface
public interface RecordCompletion {

    /**
     * @param partition           where the record went
     * @param offset              {@code baseOffset + relativeOffset} when acknowledged, or -1 on failure or when the
     *                            broker did not say (e.g. a duplicate of an earlier send)
     * @param timestamp           the broker's LogAppendTime if the topic uses it, else the record's CreateTime as
     *                            given to {@code append} (also on failure)
     * @param serializedKeySize   key bytes, or -1 for a null key
     * @param serializedValueSize value bytes, or -1 for a null value
     * @param exception           null on success, else why the record was not (or may not have been) written
     */
    void onCompletion(TopicPartition partition, long offset, long timestamp, int serializedKeySize,
                      int serializedValueSize, RuntimeException exception);
}
