package io.samsa.common.errors;

/**
 * A record sent inside a transaction fails with this when the transaction is aborted before the record was
 * written: it was never made visible to readers of committed data.
 */
public class TransactionAbortedException extends ApiException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public TransactionAbortedException() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public TransactionAbortedException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public TransactionAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
