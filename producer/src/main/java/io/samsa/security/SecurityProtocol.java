package io.samsa.security;

import java.util.Locale;

/** {@code security.protocol}: how bytes travel to the brokers (Apache Kafka's four values). */
public enum SecurityProtocol {
    /** Plain TCP: no encryption, no authentication. */
    PLAINTEXT(false, false),
    /** TLS: encrypted; the broker authenticated by its certificate, optionally the client by its own (mTLS). */
    SSL(true, false),
    /** SASL authentication over plain TCP (PLAIN sends the password in clear: only for trusted networks). */
    SASL_PLAINTEXT(false, true),
    /** SASL authentication inside TLS. */
    SASL_SSL(true, true);

    private final boolean tls;
    private final boolean sasl;

    SecurityProtocol(boolean tls, boolean sasl) {
        this.tls = tls;
        this.sasl = sasl;
    }

    public boolean usesTls() {
        return tls;
    }

    public boolean usesSasl() {
        return sasl;
    }

    /** Case-insensitive, as Apache Kafka. */
    public static SecurityProtocol forName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
