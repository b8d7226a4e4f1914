package io.samsa.common.errors;

/**
 * Broker error {@link Errors#INVALID_TIMESTAMP} (32): the timestamp of the message is out of acceptable range.
 */
public class InvalidTimestampException extends ApiException {
    private static final long serialVersionUID = 1L;

    public InvalidTimestampException(String message) {
        super(message);
    }

    public InvalidTimestampException(String message, Throwable cause) {
        super(message, cause);
    }
}
