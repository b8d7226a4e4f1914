package io.samsa.common.errors;

/**
 * Broker error {@link Errors#UNKNOWN_SUBSCRIPTION_ID} (117): the client sent a push telemetry request with an invalid or outdated subscription ID; it fetches the subscription again.
 */
public class UnknownSubscriptionIdException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public UnknownSubscriptionIdException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public UnknownSubscriptionIdException(String message, Throwable cause) {
        super(message, cause);
    }
}
