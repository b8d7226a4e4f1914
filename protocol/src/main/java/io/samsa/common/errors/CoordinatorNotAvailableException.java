package io.samsa.common.errors;

/**
 * Broker error {@link Errors#COORDINATOR_NOT_AVAILABLE} (15): the coordinator is not available.
 */
public class CoordinatorNotAvailableException extends RefreshRetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public CoordinatorNotAvailableException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public CoordinatorNotAvailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
