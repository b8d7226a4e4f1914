package io.samsa.common.errors;

/**
 * Broker error {@link Errors#INVALID_PRODUCER_EPOCH} (47): producer attempted to produce with an old epoch.
 */
public class InvalidProducerEpochException extends ApplicationRecoverableException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public InvalidProducerEpochException(String message) {
        super(message);
    }
}
