package io.samsa.common;

import io.samsa.common.errors.Errors;
import io.samsa.common.errors.InvalidConfigurationException;

/**
 * {@link Errors#INVALID_RECORD}: the broker validated the batch and refused records in it (e.g. a null key on a
 * compacted topic, a timestamp out of range); the message carries the broker's per-record errors when it sent
 * them. Kept in this package, not {@code common.errors}, because Apache Kafka keeps it here.
 */
public class InvalidRecordException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public InvalidRecordException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
