package io.samsa.common.errors;

/**
 * Broker error {@link Errors#OUT_OF_ORDER_SEQUENCE_NUMBER} (45): the broker received an out of order sequence number
 * (handled by the idempotence logic).
 */
public class OutOfOrderSequenceException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public OutOfOrderSequenceException(String message) {
        super(message);
    }
}
