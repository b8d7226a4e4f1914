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

    /** The {@code ssl.protocol} configuration key. */
    public static final String SSL_PROTOCOL_CONFIG = "ssl.protocol";
    /** The default of {@link #SSL_PROTOCOL_CONFIG}. */
    public static final String DEFAULT_SSL_PROTOCOL = "TLSv1.3";
    /** The {@code ssl.cipher.suites} configuration key. */
    public static final String SSL_CIPHER_SUITES_CONFIG = "ssl.cipher.suites";
    /** The {@code ssl.enabled.protocols} configuration key. */
    public static final String SSL_ENABLED_PROTOCOLS_CONFIG = "ssl.enabled.protocols";
    /** The default of {@link #SSL_ENABLED_PROTOCOLS_CONFIG}. */
    public static final String DEFAULT_SSL_ENABLED_PROTOCOLS = "TLSv1.2,TLSv1.3";
    /** The {@code ssl.keystore.type} configuration key. */
    public static final String SSL_KEYSTORE_TYPE_CONFIG = "ssl.keystore.type";
    /** The default of {@link #SSL_KEYSTORE_TYPE_CONFIG}. */
    public static final String DEFAULT_SSL_KEYSTORE_TYPE = "JKS";
    /** The {@code ssl.keystore.key} configuration key. */
    public static final String SSL_KEYSTORE_KEY_CONFIG = "ssl.keystore.key";
    /** The {@code ssl.keystore.certificate.chain} configuration key. */
    public static final String SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG = "ssl.keystore.certificate.chain";
    /** The {@code ssl.truststore.certificates} configuration key. */
    public static final String SSL_TRUSTSTORE_CERTIFICATES_CONFIG = "ssl.truststore.certificates";
    /** The {@code ssl.keystore.location} configuration key. */
    public static final String SSL_KEYSTORE_LOCATION_CONFIG = "ssl.keystore.location";
    /** The {@code ssl.keystore.password} configuration key. */
    public static final String SSL_KEYSTORE_PASSWORD_CONFIG = "ssl.keystore.password";
    /** The {@code ssl.key.password} configuration key. */
    public static final String SSL_KEY_PASSWORD_CONFIG = "ssl.key.password";
    /** The {@code ssl.truststore.type} configuration key. */
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "ssl.truststore.type";
    /** The default of {@link #SSL_TRUSTSTORE_TYPE_CONFIG}. */
    public static final String DEFAULT_SSL_TRUSTSTORE_TYPE = "JKS";
    /** The {@code ssl.truststore.location} configuration key. */
    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = "ssl.truststore.location";
    /** The {@code ssl.truststore.password} configuration key. */
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "ssl.truststore.password";
    /** The {@code ssl.keymanager.algorithm} configuration key. */
    public static final String SSL_KEYMANAGER_ALGORITHM_CONFIG = "ssl.keymanager.algorithm";
    /**
     * The JDK's default key manager algorithm (SunX509 on OpenJDK), as in Apache Kafka, whose misspelt name this
     * keeps so that code using it compiles unchanged.
     */
    public static final String DEFAULT_SSL_KEYMANGER_ALGORITHM = KeyManagerFactory.getDefaultAlgorithm();
    /** The {@code ssl.trustmanager.algorithm} configuration key. */
    public static final String SSL_TRUSTMANAGER_ALGORITHM_CONFIG = "ssl.trustmanager.algorithm";
    /** The JDK's default trust manager algorithm (PKIX on OpenJDK), as in Apache Kafka. */
    public static final String DEFAULT_SSL_TRUSTMANAGER_ALGORITHM = TrustManagerFactory.getDefaultAlgorithm();
    /** The {@code ssl.endpoint.identification.algorithm} configuration key. */
    public static final String SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG = "ssl.endpoint.identification.algorithm";
    /** The default of {@link #SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG}. */
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
