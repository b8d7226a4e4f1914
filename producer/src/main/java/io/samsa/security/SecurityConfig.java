package io.samsa.security;

/**
 * How connections are secured: the protocol, and what TLS and SASL need. Immutable, shared by every connection
 * of a client; {@link #toString()} shows no secret.
 *
 * @param protocol {@code security.protocol}
 * @param ssl      makes the TLS engines ({@link SslEngineFactory}, or the {@code ssl.engine.factory.class}); null
 *                 unless the protocol uses TLS
 * @param sasl     the SASL mechanism and credentials; null unless the protocol uses SASL
 */
public record SecurityConfig(SecurityProtocol protocol, SslEngineProvider ssl, SaslSettings sasl) {
    public static final SecurityConfig PLAINTEXT = new SecurityConfig(SecurityProtocol.PLAINTEXT, null, null);

    public SecurityConfig {
        if (protocol.usesTls() != (ssl != null)) {
            throw new IllegalArgumentException(protocol + (protocol.usesTls() ? " needs" : " takes no")
                    + " TLS settings");
        }
        if (protocol.usesSasl() != (sasl != null)) {
            throw new IllegalArgumentException(protocol + (protocol.usesSasl() ? " needs" : " takes no")
                    + " SASL settings");
        }
    }

    public static SecurityConfig ssl(SslSettings ssl) {
        return new SecurityConfig(SecurityProtocol.SSL, new SslEngineFactory(ssl), null);
    }

    public static SecurityConfig saslPlaintext(SaslSettings sasl) {
        return new SecurityConfig(SecurityProtocol.SASL_PLAINTEXT, null, sasl);
    }

    public static SecurityConfig saslSsl(SslSettings ssl, SaslSettings sasl) {
        return new SecurityConfig(SecurityProtocol.SASL_SSL, new SslEngineFactory(ssl), sasl);
    }

    @Override
    public String toString() {
        return "SecurityConfig(" + protocol + (sasl == null ? "" : ", " + sasl) + ")";
    }
}
