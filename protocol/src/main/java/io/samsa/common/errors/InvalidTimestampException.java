package io.samsa.common.errors;

/**
 * Broker error {@link Errors#INVALID_TIMESTAMP} (32): the timestamp of the message is out of acceptable range.
 */
public class InvalidTimestampException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public InvalidTimestampException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public InvalidTimestampException(String message, Throwable cause) {
        super(message, cause);
    }
}
