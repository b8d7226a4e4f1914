package io.samsa.common.errors;

/**
 * Broker error {@link Errors#PRODUCER_FENCED} (90): there is a newer producer with the same transactionalId which
 * fences the current one.
 */
public class ProducerFencedException extends ApplicationRecoverableException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public ProducerFencedException(String message) {
        super(message);
    }
}
