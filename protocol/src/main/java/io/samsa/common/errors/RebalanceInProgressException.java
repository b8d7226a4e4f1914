package io.samsa.common.errors;

/**
 * Broker error {@link Errors#REBALANCE_IN_PROGRESS} (27): the group is rebalancing, so a rejoin is needed.
 */
public class RebalanceInProgressException extends ApiException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public RebalanceInProgressException() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public RebalanceInProgressException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public RebalanceInProgressException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public RebalanceInProgressException(Throwable cause) {
        super(cause);
    }
}
