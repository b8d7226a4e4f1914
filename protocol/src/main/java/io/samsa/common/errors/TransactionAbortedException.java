package io.samsa.common.errors;

/**
 * A record sent inside a transaction fails with this when the transaction is aborted before the record was
 * written: it was never made visible to readers of committed data.
 */
public class TransactionAbortedException extends ApiException {
    private static final long serialVersionUID = 1L;

    public TransactionAbortedException() {
        super();
    }

    public TransactionAbortedException(String message) {
        super(message);
    }

    public TransactionAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
