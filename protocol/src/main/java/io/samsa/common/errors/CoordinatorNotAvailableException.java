package io.samsa.common.errors;

/**
 * Broker error {@link Errors#COORDINATOR_NOT_AVAILABLE} (15): the coordinator is not available.
 */
public class CoordinatorNotAvailableException extends RefreshRetriableException {
    private static final long serialVersionUID = 1L;

    public CoordinatorNotAvailableException(String message) {
        super(message);
    }

    public CoordinatorNotAvailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
