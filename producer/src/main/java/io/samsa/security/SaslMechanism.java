package io.samsa.security;

import java.util.Locale;

/** The SASL mechanisms Samsa implements, with their names on the wire (SaslHandshake). */
public enum SaslMechanism {
    PLAIN("PLAIN", null, 0),
    SCRAM_SHA_256("SCRAM-SHA-256", "SHA-256", 32),
    SCRAM_SHA_512("SCRAM-SHA-512", "SHA-512", 64);

    private final String mechanismName;
    private final String hashAlgorithm;
    private final int hashLength;

    SaslMechanism(String mechanismName, String hashAlgorithm, int hashLength) {
        this.mechanismName = mechanismName;
        this.hashAlgorithm = hashAlgorithm;
        this.hashLength = hashLength;
    }

    /** The name sent in SaslHandshake, e.g. {@code "SCRAM-SHA-512"}. */
    public String mechanismName() {
        return mechanismName;
    }

    /** {@code "SHA-256"} / {@code "SHA-512"} for SCRAM; null for PLAIN. */
    String hashAlgorithm() {
        return hashAlgorithm;
    }

    /** {@code "HmacSHA256"} / {@code "HmacSHA512"} for SCRAM. */
    String hmacAlgorithm() {
        return "Hmac" + hashAlgorithm.replace("-", "");
    }

    int hashLength() {
        return hashLength;
    }

    public boolean isScram() {
        return hashAlgorithm != null;
    }

    /** The mechanism named {@code name} (case-insensitive), or null if Samsa does not implement it. */
    public static SaslMechanism forName(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        for (SaslMechanism m : values()) {
            if (m.mechanismName.equals(n)) {
                return m;
            }
        }
        return null;
    }
}
