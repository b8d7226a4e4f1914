package io.samsa.common.errors;

/**
 * The producer could not authenticate to a broker: TLS or SASL failed (see the subclasses). Not retriable: the
 * credentials, the trust store or the mechanism must change first. Records waiting for the broker fail with it
 * rather than waiting for {@code delivery.timeout.ms}.
 */
public class AuthenticationException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(Throwable cause) {
        super(cause);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
