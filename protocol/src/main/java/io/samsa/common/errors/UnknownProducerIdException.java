package io.samsa.common.errors;

/**
 * Broker error {@link Errors#UNKNOWN_PRODUCER_ID} (59): the broker could not locate the producer metadata associated
 * with the producer id (handled by the idempotence logic).
 */
public class UnknownProducerIdException extends OutOfOrderSequenceException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public UnknownProducerIdException(String message) {
        super(message);
    }
}
