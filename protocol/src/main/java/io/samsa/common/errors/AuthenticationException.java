package io.samsa.common.errors;

/**
 * The producer could not authenticate to a broker: TLS or SASL failed (see the subclasses). Not retriable: the
 * credentials, the trust store or the mechanism must change first. Records waiting for the broker fail with it
 * rather than waiting for {@code delivery.timeout.ms}.
 */
public class AuthenticationException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public AuthenticationException(String message) {
        super(message);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public AuthenticationException(Throwable cause) {
        super(cause);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
