package io.samsa.common.errors;

/**
 * Broker error {@link Errors#TRANSACTION_ABORTABLE} (120): the server encountered an error with the transaction; the
 * client can abort the transaction to continue using this transactional ID.
 */
public class TransactionAbortableException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public TransactionAbortableException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public TransactionAbortableException(String message, Throwable cause) {
        super(message, cause);
    }
}
