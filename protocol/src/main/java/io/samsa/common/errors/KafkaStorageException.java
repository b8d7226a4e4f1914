package io.samsa.common.errors;

/**
 * Broker error {@link Errors#KAFKA_STORAGE_ERROR} (56): disk error when trying to access log file on the disk.
 */
public class KafkaStorageException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public KafkaStorageException() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public KafkaStorageException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public KafkaStorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public KafkaStorageException(Throwable cause) {
        super(cause);
    }
}
