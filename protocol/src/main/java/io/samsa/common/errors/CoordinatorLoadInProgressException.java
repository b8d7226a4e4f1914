package io.samsa.common.errors;

/**
 * Broker error {@link Errors#COORDINATOR_LOAD_IN_PROGRESS} (14): the coordinator is loading and hence can't process
 * requests.
 */
public class CoordinatorLoadInProgressException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public CoordinatorLoadInProgressException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public CoordinatorLoadInProgressException(String message, Throwable cause) {
        super(message, cause);
    }
}
