package io.samsa.common.errors;

/**
 * Broker error {@link Errors#CORRUPT_MESSAGE} (2): the message failed its CRC check, exceeded the valid size, had a
 * null key on a compacted topic, or is otherwise corrupt.
 */
public class CorruptRecordException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public CorruptRecordException() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public CorruptRecordException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public CorruptRecordException(Throwable cause) {
        super(cause);
    }
}
