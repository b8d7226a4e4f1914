package io.samsa.common.errors;

/**
 * Broker error {@link Errors#UNSUPPORTED_SASL_MECHANISM} (33): the broker does not support the requested SASL
 * mechanism.
 */
public class UnsupportedSaslMechanismException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public UnsupportedSaslMechanismException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public UnsupportedSaslMechanismException(String message, Throwable cause) {
        super(message, cause);
    }
}
