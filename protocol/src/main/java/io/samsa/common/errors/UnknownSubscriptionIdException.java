package io.samsa.common.errors;

/**
 * Broker error {@link Errors#UNKNOWN_SUBSCRIPTION_ID} (117): the client sent a push telemetry request with an invalid or outdated subscription ID; it fetches the subscription again.
 */
public class UnknownSubscriptionIdException extends ApiException {
    private static final long serialVersionUID = 1L;

    public UnknownSubscriptionIdException(String message) {
        super(message);
    }

    public UnknownSubscriptionIdException(String message, Throwable cause) {
        super(message, cause);
    }
}
