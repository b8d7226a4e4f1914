package io.samsa.common.errors;

/**
 * SASL authentication failed: the broker answered SASL_AUTHENTICATION_FAILED (58), UNSUPPORTED_SASL_MECHANISM
 * (33) or ILLEGAL_SASL_STATE (34), or the broker's SCRAM answer did not prove that it knows the password.
 * The name mirrors Apache Kafka's {@code org.apache.kafka.common.errors.SaslAuthenticationException}.
 */
public class SaslAuthenticationException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public SaslAuthenticationException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public SaslAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
