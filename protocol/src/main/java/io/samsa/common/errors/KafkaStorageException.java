package io.samsa.common.errors;

/**
 * Broker error {@link Errors#KAFKA_STORAGE_ERROR} (56): disk error when trying to access log file on the disk.
 */
public class KafkaStorageException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    public KafkaStorageException() {
        super();
    }

    public KafkaStorageException(String message) {
        super(message);
    }

    public KafkaStorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public KafkaStorageException(Throwable cause) {
        super(cause);
    }
}
