package io.samsa.common.errors;

/**
 * Broker error {@link Errors#REBALANCE_IN_PROGRESS} (27): the group is rebalancing, so a rejoin is needed.
 */
public class RebalanceInProgressException extends ApiException {
    private static final long serialVersionUID = 1L;

    public RebalanceInProgressException() {
        super();
    }

    public RebalanceInProgressException(String message) {
        super(message);
    }

    public RebalanceInProgressException(String message, Throwable cause) {
        super(message, cause);
    }

    public RebalanceInProgressException(Throwable cause) {
        super(cause);
    }
}
