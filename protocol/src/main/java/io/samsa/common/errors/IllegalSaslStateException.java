package io.samsa.common.errors;

/**
 * Broker error {@link Errors#ILLEGAL_SASL_STATE} (34): request is not valid given the current SASL state.
 */
public class IllegalSaslStateException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public IllegalSaslStateException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public IllegalSaslStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
