package io.samsa.common.errors;

/**
 * Broker error {@link Errors#INVALID_REQUEST} (42): this most likely occurs because of a request being malformed by
 * the client library or the message was sent to an incompatible broker.
 */
public class InvalidRequestException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public InvalidRequestException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
