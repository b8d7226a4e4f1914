package io.samsa.common.errors;

/**
 * Broker error {@link Errors#BROKER_NOT_AVAILABLE} (8): the broker is not available.
 */
public class BrokerNotAvailableException extends ApiException {
    private static final long serialVersionUID = 1L;

    public BrokerNotAvailableException(String message) {
        super(message);
    }

    public BrokerNotAvailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
