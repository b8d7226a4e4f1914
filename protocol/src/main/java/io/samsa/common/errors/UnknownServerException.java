package io.samsa.common.errors;

/**
 * Broker error {@link Errors#UNKNOWN_SERVER_ERROR} (-1): the server experienced an unexpected error when processing
 * the request.
 */
public class UnknownServerException extends ApiException {
    private static final long serialVersionUID = 1L;

    public UnknownServerException() {
        super();
    }

    public UnknownServerException(String message) {
        super(message);
    }

    public UnknownServerException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnknownServerException(Throwable cause) {
        super(cause);
    }
}
