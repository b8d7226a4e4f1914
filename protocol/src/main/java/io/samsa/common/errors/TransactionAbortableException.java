package io.samsa.common.errors;

/**
 * Broker error {@link Errors#TRANSACTION_ABORTABLE} (120): the server encountered an error with the transaction; the
 * client can abort the transaction to continue using this transactional ID.
 */
public class TransactionAbortableException extends ApiException {
    private static final long serialVersionUID = 1L;

    public TransactionAbortableException(String message) {
        super(message);
    }

    public TransactionAbortableException(String message, Throwable cause) {
        super(message, cause);
    }
}
