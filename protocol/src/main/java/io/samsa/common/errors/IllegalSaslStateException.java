package io.samsa.common.errors;

/**
 * Broker error {@link Errors#ILLEGAL_SASL_STATE} (34): request is not valid given the current SASL state.
 */
public class IllegalSaslStateException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    public IllegalSaslStateException(String message) {
        super(message);
    }

    public IllegalSaslStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
