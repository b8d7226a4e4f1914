package io.samsa.common.errors;

/**
 * Broker error {@link Errors#INVALID_TRANSACTION_TIMEOUT} (50): the transaction timeout is larger than the maximum
 * value allowed by the broker (transaction.max.timeout.ms).
 */
public class InvalidTxnTimeoutException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public InvalidTxnTimeoutException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public InvalidTxnTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
