package io.samsa.common.config;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The names of the {@code ssl.*} configuration keys and Apache Kafka's defaults for them, under the names of
 * Apache Kafka's {@code org.apache.kafka.common.config.SslConfigs}, so that code such as
 * {@code props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, path)} moves over with an import change.
 *
 * <p>Every name and value equals Apache Kafka 4.1's (a test compares them). What each key means to Samsa, and
 * which values it accepts, is in the producer's configuration table ({@code ProducerConfig.configDef()},
 * rendered in {@code docs/configuration.md}), which takes its defaults from here.
 */
public final class SslConfigs {
    private SslConfigs() {
    }

    // ---- Read by Samsa's producer ----

    public static final String SSL_PROTOCOL_CONFIG = "ssl.protocol";
    public static final String DEFAULT_SSL_PROTOCOL = "TLSv1.3";
    public static final String SSL_CIPHER_SUITES_CONFIG = "ssl.cipher.suites";
    public static final String SSL_ENABLED_PROTOCOLS_CONFIG = "ssl.enabled.protocols";
    public static final String DEFAULT_SSL_ENABLED_PROTOCOLS = "TLSv1.2,TLSv1.3";
    public static final String SSL_KEYSTORE_TYPE_CONFIG = "ssl.keystore.type";
    public static final String DEFAULT_SSL_KEYSTORE_TYPE = "JKS";
    public static final String SSL_KEYSTORE_KEY_CONFIG = "ssl.keystore.key";
    public static final String SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG = "ssl.keystore.certificate.chain";
    public static final String SSL_TRUSTSTORE_CERTIFICATES_CONFIG = "ssl.truststore.certificates";
    public static final String SSL_KEYSTORE_LOCATION_CONFIG = "ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD_CONFIG = "ssl.keystore.password";
    public static final String SSL_KEY_PASSWORD_CONFIG = "ssl.key.password";
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "ssl.truststore.type";
    public static final String DEFAULT_SSL_TRUSTSTORE_TYPE = "JKS";
    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = "ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "ssl.truststore.password";
    public static final String SSL_KEYMANAGER_ALGORITHM_CONFIG = "ssl.keymanager.algorithm";
    /**
     * The JDK's default key manager algorithm (SunX509 on OpenJDK), as in Apache Kafka, whose misspelt name this
     * keeps so that code using it compiles unchanged.
     */
    public static final String DEFAULT_SSL_KEYMANGER_ALGORITHM = KeyManagerFactory.getDefaultAlgorithm();
    public static final String SSL_TRUSTMANAGER_ALGORITHM_CONFIG = "ssl.trustmanager.algorithm";
    /** The JDK's default trust manager algorithm (PKIX on OpenJDK), as in Apache Kafka. */
    public static final String DEFAULT_SSL_TRUSTMANAGER_ALGORITHM = TrustManagerFactory.getDefaultAlgorithm();
    public static final String SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG = "ssl.endpoint.identification.algorithm";
    public static final String DEFAULT_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM = "https";
    /**
     * Samsa's value is a class implementing {@code io.samsa.security.SslEngineProvider}, not Apache Kafka's
     * {@code SslEngineFactory}; see the configuration table.
     */
    public static final String SSL_ENGINE_FACTORY_CLASS_CONFIG = "ssl.engine.factory.class";

    // ---- Not read by Samsa's producer ----

    /** Samsa uses the JDK's security providers as installed; it does not pick one per connection. */
    public static final String SSL_PROVIDER_CONFIG = "ssl.provider";
    /** Samsa uses the JDK's default {@code SecureRandom}. */
    public static final String SSL_SECURE_RANDOM_IMPLEMENTATION_CONFIG = "ssl.secure.random.implementation";
}
