package io.samsa.security;

import io.samsa.common.config.types.Password;

import java.util.List;

/**
 * The {@code ssl.*} settings, with Apache Kafka's names and defaults. Secrets are {@link Password}s, so that
 * printing the record shows {@value Password#HIDDEN}. Turned into an {@link javax.net.ssl.SSLContext} by
 * {@link SslEngineFactory}.
 *
 * @param protocol                        {@code ssl.protocol}: the SSLContext protocol (TLSv1.3)
 * @param enabledProtocols                {@code ssl.enabled.protocols} (TLSv1.2, TLSv1.3)
 * @param cipherSuites                    {@code ssl.cipher.suites}: empty for the JDK's defaults
 * @param endpointIdentificationAlgorithm {@code ssl.endpoint.identification.algorithm}: {@code https} checks
 *                                        the broker's certificate names the host we connected to; empty
 *                                        turns that off
 * @param truststoreType                  {@code ssl.truststore.type}: JKS, PKCS12 or PEM
 * @param truststoreLocation              {@code ssl.truststore.location}, or null
 * @param truststorePassword              {@code ssl.truststore.password}, or null
 * @param truststoreCertificates          {@code ssl.truststore.certificates}: PEM certificates given inline
 * @param keystoreType                    {@code ssl.keystore.type}: JKS, PKCS12 or PEM
 * @param keystoreLocation                {@code ssl.keystore.location}, or null (no client certificate)
 * @param keystorePassword                {@code ssl.keystore.password}, or null
 * @param keystoreCertificateChain        {@code ssl.keystore.certificate.chain}: PEM, inline
 * @param keystoreKey                     {@code ssl.keystore.key}: PEM PKCS#8 private key, inline
 * @param keyPassword                     {@code ssl.key.password}: the private key's password, or null
 * @param keyManagerAlgorithm             {@code ssl.keymanager.algorithm}
 * @param trustManagerAlgorithm           {@code ssl.trustmanager.algorithm}
 */
public record SslSettings(String protocol, List<String> enabledProtocols, List<String> cipherSuites,
                          String endpointIdentificationAlgorithm,
                          String truststoreType, String truststoreLocation, Password truststorePassword,
                          Password truststoreCertificates,
                          String keystoreType, String keystoreLocation, Password keystorePassword,
                          Password keystoreCertificateChain, Password keystoreKey, Password keyPassword,
                          String keyManagerAlgorithm, String trustManagerAlgorithm) {

    public SslSettings {
        enabledProtocols = enabledProtocols == null ? List.of() : List.copyOf(enabledProtocols);
        cipherSuites = cipherSuites == null ? List.of() : List.copyOf(cipherSuites);
    }

    /** Kafka's defaults: the JDK's trust store, hostname verification on, no client certificate. */
    public static SslSettings defaults() {
        return new SslSettings("TLSv1.3", List.of("TLSv1.2", "TLSv1.3"), List.of(), "https", "JKS", null, null, null,
                "JKS", null, null, null, null, null, "SunX509", "PKIX");
    }

    public SslSettings withTruststore(String type, String location, String password) {
        return new SslSettings(protocol, enabledProtocols, cipherSuites, endpointIdentificationAlgorithm, type,
                location, password == null ? null : new Password(password), truststoreCertificates, keystoreType,
                keystoreLocation, keystorePassword, keystoreCertificateChain, keystoreKey, keyPassword,
                keyManagerAlgorithm, trustManagerAlgorithm);
    }

    public SslSettings withKeystore(String type, String location, String password, String keyPassword) {
        return new SslSettings(protocol, enabledProtocols, cipherSuites, endpointIdentificationAlgorithm,
                truststoreType, truststoreLocation, truststorePassword, truststoreCertificates, type, location,
                password == null ? null : new Password(password), keystoreCertificateChain, keystoreKey,
                keyPassword == null ? null : new Password(keyPassword), keyManagerAlgorithm, trustManagerAlgorithm);
    }

    public SslSettings withEndpointIdentificationAlgorithm(String algorithm) {
        return new SslSettings(protocol, enabledProtocols, cipherSuites, algorithm, truststoreType,
                truststoreLocation, truststorePassword, truststoreCertificates, keystoreType, keystoreLocation,
                keystorePassword, keystoreCertificateChain, keystoreKey, keyPassword, keyManagerAlgorithm,
                trustManagerAlgorithm);
    }
}
