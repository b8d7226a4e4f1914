package io.samsa.common.errors;

import io.samsa.common.KafkaException;

/**
 * The client could not authenticate to a broker: SASL failed (wrong password, unknown user, mechanism not
 * enabled) or TLS failed (untrusted certificate, host name mismatch, client certificate refused).
 *
 * <p>Not retriable: the same credentials will fail the same way, so records fail at once instead of being
 * retried until {@code delivery.timeout.ms}. The message names the broker and what went wrong; it never
 * contains a password (Samsa never puts one in a message, and the broker's SASL error messages do not either).
 */
public class AuthenticationException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetriable() {
        return false;
    }
}
