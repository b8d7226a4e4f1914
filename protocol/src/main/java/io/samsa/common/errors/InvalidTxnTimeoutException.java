package io.samsa.common.errors;

/**
 * Broker error {@link Errors#INVALID_TRANSACTION_TIMEOUT} (50): the transaction timeout is larger than the maximum
 * value allowed by the broker (transaction.max.timeout.ms).
 */
public class InvalidTxnTimeoutException extends ApiException {
    private static final long serialVersionUID = 1L;

    public InvalidTxnTimeoutException(String message) {
        super(message);
    }

    public InvalidTxnTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
