package io.samsa.common.errors;

import io.samsa.common.TopicPartition;

import java.util.Map;

/**
 * A record is larger than a limit allows: the producer's {@code max.request.size} or {@code buffer.memory}
 * (found in {@code send}, before anything is sent), or the broker's {@code message.max.bytes} /
 * {@code max.message.bytes} ({@link Errors#MESSAGE_TOO_LARGE} for a batch holding just that record; a batch of
 * several is split and resent instead).
 */
public class RecordTooLargeException extends ApiException {
    private static final long serialVersionUID = 1L;

    /** Per partition, the offset of the first record that was too large; empty when not known. */
    private final Map<TopicPartition, Long> recordTooLargePartitions;

    /** With neither message nor cause. */
    public RecordTooLargeException() {
        super();
        this.recordTooLargePartitions = Map.of();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public RecordTooLargeException(String message) {
        super(message);
        this.recordTooLargePartitions = Map.of();
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public RecordTooLargeException(String message, Throwable cause) {
        super(message, cause);
        this.recordTooLargePartitions = Map.of();
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public RecordTooLargeException(Throwable cause) {
        super(cause);
        this.recordTooLargePartitions = Map.of();
    }

    /**
     * With a message and, per partition, where the first record too large is.
     *
     * @param message                  what went wrong
     * @param recordTooLargePartitions the offset of the first record too large, per partition; copied
     */
    public RecordTooLargeException(String message, Map<TopicPartition, Long> recordTooLargePartitions) {
        super(message);
        this.recordTooLargePartitions = Map.copyOf(recordTooLargePartitions);
    }

    /** {@return per partition, the offset of the first record that was too large, when known; else empty} */
    public Map<TopicPartition, Long> recordTooLargePartitions() {
        return recordTooLargePartitions;
    }
}
