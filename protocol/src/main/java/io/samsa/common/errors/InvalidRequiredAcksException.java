package io.samsa.common.errors;

/**
 * Broker error {@link Errors#INVALID_REQUIRED_ACKS} (21): produce request specified an invalid value for required
 * acks.
 */
public class InvalidRequiredAcksException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public InvalidRequiredAcksException(String message) {
        super(message);
    }
}
