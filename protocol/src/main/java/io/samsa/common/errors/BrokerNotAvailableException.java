package io.samsa.common.errors;

/**
 * Broker error {@link Errors#BROKER_NOT_AVAILABLE} (8): the broker is not available.
 */
public class BrokerNotAvailableException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public BrokerNotAvailableException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public BrokerNotAvailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
