package io.samsa.common.errors;

/**
 * Broker error {@link Errors#CORRUPT_MESSAGE} (2): the message failed its CRC check, exceeded the valid size, had a
 * null key on a compacted topic, or is otherwise corrupt.
 */
public class CorruptRecordException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public CorruptRecordException() {
        super();
    }

    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }

    public CorruptRecordException(Throwable cause) {
        super(cause);
    }
}
