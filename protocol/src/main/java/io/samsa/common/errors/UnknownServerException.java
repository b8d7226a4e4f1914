package io.samsa.common.errors;

/**
 * Broker error {@link Errors#UNKNOWN_SERVER_ERROR} (-1): the server experienced an unexpected error when processing
 * the request.
 */
public class UnknownServerException extends ApiException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public UnknownServerException() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public UnknownServerException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public UnknownServerException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public UnknownServerException(Throwable cause) {
        super(cause);
    }
}
