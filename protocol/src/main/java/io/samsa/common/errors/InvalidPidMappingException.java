package io.samsa.common.errors;

/**
 * Broker error {@link Errors#INVALID_PRODUCER_ID_MAPPING} (49): the producer attempted to use a producer id which is
 * not currently assigned to its transactional id.
 */
public class InvalidPidMappingException extends ApplicationRecoverableException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public InvalidPidMappingException(String message) {
        super(message);
    }
}
