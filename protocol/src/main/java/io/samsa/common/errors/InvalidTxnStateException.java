package io.samsa.common.errors;

/**
 * Broker error {@link Errors#INVALID_TXN_STATE} (48): the producer attempted a transactional operation in an invalid
 * state.
 */
public class InvalidTxnStateException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public InvalidTxnStateException(String message) {
        super(message);
    }
}
