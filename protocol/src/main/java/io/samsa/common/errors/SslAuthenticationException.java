package io.samsa.common.errors;

/**
 * The TLS handshake with a broker failed: its certificate is not trusted, does not match the host name
 * ({@code ssl.endpoint.identification.algorithm=https}), the broker refused our client certificate, or no
 * protocol version or cipher suite is common. The cause is the JDK's {@code SSLException}. The name mirrors
 * Apache Kafka's {@code org.apache.kafka.common.errors.SslAuthenticationException}.
 */
public class SslAuthenticationException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public SslAuthenticationException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public SslAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
