package io.samsa.common.errors;

/**
 * Broker error {@link Errors#NOT_COORDINATOR} (16): this is not the correct coordinator; find the coordinator again.
 */
public class NotCoordinatorException extends RefreshRetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public NotCoordinatorException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public NotCoordinatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
