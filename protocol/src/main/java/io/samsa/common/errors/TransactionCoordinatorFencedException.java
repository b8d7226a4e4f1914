package io.samsa.common.errors;

/**
 * Broker error {@link Errors#TRANSACTION_COORDINATOR_FENCED} (52): the transaction coordinator sending the request
 * is no longer the current coordinator for the producer.
 */
public class TransactionCoordinatorFencedException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public TransactionCoordinatorFencedException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public TransactionCoordinatorFencedException(String message, Throwable cause) {
        super(message, cause);
    }
}
