package io.samsa.clients.producer;

import io.samsa.clients.CommonClientConfigs;
import io.samsa.common.config.SaslConfigs;
import io.samsa.common.config.SslConfigs;
import io.samsa.common.serialization.Serializer;
import io.samsa.common.serialization.StringSerializer;
import io.samsa.common.serialization.UUIDSerializer;
import io.samsa.common.config.ConfigDef;
import io.samsa.common.config.ConfigException;
import io.samsa.common.config.ConfigValues;
import io.samsa.common.config.types.Password;
import io.samsa.security.SaslMechanism;
import io.samsa.security.SaslSettings;
import io.samsa.security.SecurityConfig;
import io.samsa.security.SecurityProtocol;
import io.samsa.security.SslEngineFactory;
import io.samsa.security.SslEngineProvider;
import io.samsa.security.SslSettings;
import io.samsa.metrics.MetricConfig;
import io.samsa.metrics.MetricsReporter;
import io.samsa.protocol.record.compression.CompressionType;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The producer's configuration: every key, its type, default, allowed values and documentation (the table
 * {@link #configDef()}), and a validated configuration built from the user's {@code Properties} or map.
 *
 * <p>Names, meanings and defaults are Apache Kafka 4.1's, and the constants have the names of Apache Kafka's
 * {@code ProducerConfig} (including its misspelt {@link #PARTITIONER_ADPATIVE_PARTITIONING_ENABLE_CONFIG}),
 * so existing code and {@code Properties} files move over with an import change. Where Samsa does not (yet)
 * implement a value Apache Kafka accepts (GSSAPI/OAUTHBEARER, transactions) the value
 * is rejected by name with "not supported yet" rather than silently ignored. The reference in
 * {@code docs/configuration.md} is generated from this table.
 *
 * <p><b>Rules across keys</b> (as Apache Kafka 4.x), applied when the configuration is built:
 * <ul>
 *   <li>{@code delivery.timeout.ms >= linger.ms + request.timeout.ms}: an error if {@code delivery.timeout.ms}
 *       was set; if it was left at its default, it is raised to the sum (logged at WARN).</li>
 *   <li>Idempotence needs {@code acks=all}, {@code retries > 0} and
 *       {@code max.in.flight.requests.per.connection <= 5}. With {@code enable.idempotence=true} set
 *       explicitly, a conflict is an error naming the keys. Left at its default, idempotence is turned off
 *       (logged once at INFO with the reason) when {@code acks} or {@code retries} conflict; a
 *       {@code max.in.flight.requests.per.connection} above 5 is an error unless idempotence is off anyway
 *       (Apache Kafka 4.0 made it an error rather than silently giving up idempotence).</li>
 *   <li>An empty {@code client.id} becomes {@code producer-N}, N counting configurations built in this
 *       JVM.</li>
 *   <li>{@code reconnect.backoff.ms} set without {@code reconnect.backoff.max.ms}: the maximum becomes
 *       {@code reconnect.backoff.ms} (a constant backoff, as the user evidently asked for one).</li>
 * </ul>
 * {@link #values()} and the getters return the effective values after these rules; {@link #originals()}
 * returns what the user gave.
 *
 * <p>Immutable; any thread may read it.
 */
public final class ProducerConfig extends ConfigValues {
    /** The most requests in flight per connection with which the broker can keep an idempotent producer's order. */
    public static final int MAX_IN_FLIGHT_FOR_IDEMPOTENCE = 5;

    // Keys Kafka's clients share are named once, in CommonClientConfigs, SslConfigs and SaslConfigs; the
    // constants here refer to those, as Apache Kafka's ProducerConfig does.
    /** The configuration key {@link CommonClientConfigs#BOOTSTRAP_SERVERS_CONFIG}. */
    public static final String BOOTSTRAP_SERVERS_CONFIG = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;
    /** The configuration key {@link CommonClientConfigs#CLIENT_ID_CONFIG}. */
    public static final String CLIENT_ID_CONFIG = CommonClientConfigs.CLIENT_ID_CONFIG;
    /** The {@code key.serializer} configuration key. */
    public static final String KEY_SERIALIZER_CLASS_CONFIG = "key.serializer";
    /** The {@code value.serializer} configuration key. */
    public static final String VALUE_SERIALIZER_CLASS_CONFIG = "value.serializer";
    /** The {@code acks} configuration key. */
    public static final String ACKS_CONFIG = "acks";
    /** The {@code enable.idempotence} configuration key. */
    public static final String ENABLE_IDEMPOTENCE_CONFIG = "enable.idempotence";
    /** The {@code linger.ms} configuration key. */
    public static final String LINGER_MS_CONFIG = "linger.ms";
    /** The {@code batch.size} configuration key. */
    public static final String BATCH_SIZE_CONFIG = "batch.size";
    /** The {@code buffer.memory} configuration key. */
    public static final String BUFFER_MEMORY_CONFIG = "buffer.memory";
    /** The {@code max.block.ms} configuration key. */
    public static final String MAX_BLOCK_MS_CONFIG = "max.block.ms";
    /** The {@code delivery.timeout.ms} configuration key. */
    public static final String DELIVERY_TIMEOUT_MS_CONFIG = "delivery.timeout.ms";
    /** The configuration key {@link CommonClientConfigs#REQUEST_TIMEOUT_MS_CONFIG}. */
    public static final String REQUEST_TIMEOUT_MS_CONFIG = CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG;
    /** The configuration key {@link CommonClientConfigs#RETRIES_CONFIG}. */
    public static final String RETRIES_CONFIG = CommonClientConfigs.RETRIES_CONFIG;
    /** The configuration key {@link CommonClientConfigs#RETRY_BACKOFF_MS_CONFIG}. */
    public static final String RETRY_BACKOFF_MS_CONFIG = CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG;
    /** The configuration key {@link CommonClientConfigs#RETRY_BACKOFF_MAX_MS_CONFIG}. */
    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = CommonClientConfigs.RETRY_BACKOFF_MAX_MS_CONFIG;
    /** The {@code max.in.flight.requests.per.connection} configuration key. */
    public static final String MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION = "max.in.flight.requests.per.connection";
    /** The {@code max.request.size} configuration key. */
    public static final String MAX_REQUEST_SIZE_CONFIG = "max.request.size";
    /** The {@code partitioner.class} configuration key. */
    public static final String PARTITIONER_CLASS_CONFIG = "partitioner.class";
    /** The {@code partitioner.ignore.keys} configuration key. */
    public static final String PARTITIONER_IGNORE_KEYS_CONFIG = "partitioner.ignore.keys";
    /** Spelt as in Apache Kafka's {@code ProducerConfig}, so code using it compiles unchanged. */
    public static final String PARTITIONER_ADPATIVE_PARTITIONING_ENABLE_CONFIG =
            "partitioner.adaptive.partitioning.enable";
    /** The same key, spelt correctly. */
    public static final String PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE_CONFIG =
            PARTITIONER_ADPATIVE_PARTITIONING_ENABLE_CONFIG;
    /** The {@code partitioner.availability.timeout.ms} configuration key. */
    public static final String PARTITIONER_AVAILABILITY_TIMEOUT_MS_CONFIG = "partitioner.availability.timeout.ms";
    /** The configuration key {@link CommonClientConfigs#METADATA_MAX_AGE_CONFIG}. */
    public static final String METADATA_MAX_AGE_CONFIG = CommonClientConfigs.METADATA_MAX_AGE_CONFIG;
    /** The {@code metadata.max.idle.ms} configuration key. */
    public static final String METADATA_MAX_IDLE_CONFIG = "metadata.max.idle.ms";
    /** Apache Kafka has this one in {@code CommonClientConfigs} only. */
    public static final String METADATA_RECOVERY_STRATEGY_CONFIG =
            CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG;
    /** Apache Kafka has this one in {@code CommonClientConfigs} only. */
    public static final String METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS_CONFIG =
            CommonClientConfigs.METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS_CONFIG;
    /** The {@code interceptor.classes} configuration key. */
    public static final String INTERCEPTOR_CLASSES_CONFIG = "interceptor.classes";
    /** The configuration key {@link CommonClientConfigs#METRIC_REPORTER_CLASSES_CONFIG}. */
    public static final String METRIC_REPORTER_CLASSES_CONFIG = CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG;
    /** Samsa's own key: the JMX domain of the producer's MBeans ({@code kafka.producer} for Apache Kafka's names). */
    public static final String SAMSA_JMX_DOMAIN_CONFIG = "samsa.jmx.domain";
    /** Samsa's own key: the directory of the durable spool (unset: no spool). */
    public static final String SPOOL_DIR_CONFIG = "spool.dir";
    /** Samsa's own key: when the spool fsyncs - always, interval or os. */
    public static final String SPOOL_FSYNC_CONFIG = "spool.fsync";
    /** Samsa's own key: the period of {@code spool.fsync=interval}. */
    public static final String SPOOL_FSYNC_INTERVAL_MS_CONFIG = "spool.fsync.interval.ms";
    /** Samsa's own key: the most bytes the spool's files may take. */
    public static final String SPOOL_MAX_BYTES_CONFIG = "spool.max.bytes";
    /** Samsa's own key: the size of one spool segment file. */
    public static final String SPOOL_SEGMENT_BYTES_CONFIG = "spool.segment.bytes";
    /** Samsa's own key: whether a producer starts on a spool with damage in the middle, skipping it. */
    public static final String SPOOL_SKIP_CORRUPTION_CONFIG = "spool.skip.corruption";
    /** The configuration key {@link CommonClientConfigs#METRICS_SAMPLE_WINDOW_MS_CONFIG}. */
    public static final String METRICS_SAMPLE_WINDOW_MS_CONFIG = CommonClientConfigs.METRICS_SAMPLE_WINDOW_MS_CONFIG;
    /** The configuration key {@link CommonClientConfigs#METRICS_NUM_SAMPLES_CONFIG}. */
    public static final String METRICS_NUM_SAMPLES_CONFIG = CommonClientConfigs.METRICS_NUM_SAMPLES_CONFIG;
    /** The {@code compression.type} configuration key. */
    public static final String COMPRESSION_TYPE_CONFIG = "compression.type";
    /** The {@code compression.gzip.level} configuration key. */
    public static final String COMPRESSION_GZIP_LEVEL_CONFIG = "compression.gzip.level";
    /** The {@code compression.lz4.level} configuration key. */
    public static final String COMPRESSION_LZ4_LEVEL_CONFIG = "compression.lz4.level";
    /** The {@code compression.zstd.level} configuration key. */
    public static final String COMPRESSION_ZSTD_LEVEL_CONFIG = "compression.zstd.level";
    /** The {@code transactional.id} configuration key. */
    public static final String TRANSACTIONAL_ID_CONFIG = "transactional.id";
    /** The {@code transaction.timeout.ms} configuration key. */
    public static final String TRANSACTION_TIMEOUT_CONFIG = "transaction.timeout.ms";
    /** Apache Kafka has this one in {@code CommonClientConfigs} only. */
    public static final String SECURITY_PROTOCOL_CONFIG = CommonClientConfigs.SECURITY_PROTOCOL_CONFIG;
    /** Apache Kafka has this one in {@code SaslConfigs} only. */
    public static final String SASL_MECHANISM = SaslConfigs.SASL_MECHANISM;
    /** Apache Kafka has this one in {@code SaslConfigs} only. */
    public static final String SASL_JAAS_CONFIG = SaslConfigs.SASL_JAAS_CONFIG;
    // ---- ssl.* (Apache Kafka has these in SslConfigs only) ----
    /** The configuration key {@link SslConfigs#SSL_PROTOCOL_CONFIG}. */
    public static final String SSL_PROTOCOL_CONFIG = SslConfigs.SSL_PROTOCOL_CONFIG;
    /** The configuration key {@link SslConfigs#SSL_ENABLED_PROTOCOLS_CONFIG}. */
    public static final String SSL_ENABLED_PROTOCOLS_CONFIG = SslConfigs.SSL_ENABLED_PROTOCOLS_CONFIG;
    /** The configuration key {@link SslConfigs#SSL_CIPHER_SUITES_CONFIG}. */
    public static final String SSL_CIPHER_SUITES_CONFIG = SslConfigs.SSL_CIPHER_SUITES_CONFIG;
    /** The configuration key {@link SslConfigs#SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG}. */
    public static final String SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG =
            SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG;
    /** The configuration key {@link SslConfigs#SSL_TRUSTSTORE_TYPE_CONFIG}. */
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG;
    /** The configuration key {@link SslConfigs#SSL_TRUSTSTORE_LOCATION_CONFIG}. */
    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG;
    /** The configuration key {@link SslConfigs#SSL_TRUSTSTORE_PASSWORD_CONFIG}. */
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG;
    /** The configuration key {@link SslConfigs#SSL_TRUSTSTORE_CERTIFICATES_CONFIG}. */
    public static final String SSL_TRUSTSTORE_CERTIFICATES_CONFIG = SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG;
    /** The configuration key {@link SslConfigs#SSL_KEYSTORE_TYPE_CONFIG}. */
    public static final String SSL_KEYSTORE_TYPE_CONFIG = SslConfigs.SSL_KEYSTORE_TYPE_CONFIG;
    /** The configuration key {@link SslConfigs#SSL_KEYSTORE_LOCATION_CONFIG}. */
    public static final String SSL_KEYSTORE_LOCATION_CONFIG = SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG;
    /** The configuration key {@link SslConfigs#SSL_KEYSTORE_PASSWORD_CONFIG}. */
    public static final String SSL_KEYSTORE_PASSWORD_CONFIG = SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG;
    /** The configuration key {@link SslConfigs#SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG}. */
    public static final String SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG = SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG;
    /** The configuration key {@link SslConfigs#SSL_KEYSTORE_KEY_CONFIG}. */
    public static final String SSL_KEYSTORE_KEY_CONFIG = SslConfigs.SSL_KEYSTORE_KEY_CONFIG;
    /** The configuration key {@link SslConfigs#SSL_KEY_PASSWORD_CONFIG}. */
    public static final String SSL_KEY_PASSWORD_CONFIG = SslConfigs.SSL_KEY_PASSWORD_CONFIG;
    /** The configuration key {@link SslConfigs#SSL_KEYMANAGER_ALGORITHM_CONFIG}. */
    public static final String SSL_KEYMANAGER_ALGORITHM_CONFIG = SslConfigs.SSL_KEYMANAGER_ALGORITHM_CONFIG;
    /** The configuration key {@link SslConfigs#SSL_TRUSTMANAGER_ALGORITHM_CONFIG}. */
    public static final String SSL_TRUSTMANAGER_ALGORITHM_CONFIG = SslConfigs.SSL_TRUSTMANAGER_ALGORITHM_CONFIG;
    /** The configuration key {@link SslConfigs#SSL_ENGINE_FACTORY_CLASS_CONFIG}. */
    public static final String SSL_ENGINE_FACTORY_CLASS_CONFIG = SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG;
    /** The configuration key {@link CommonClientConfigs#RECONNECT_BACKOFF_MS_CONFIG}. */
    public static final String RECONNECT_BACKOFF_MS_CONFIG = CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG;
    /** The configuration key {@link CommonClientConfigs#RECONNECT_BACKOFF_MAX_MS_CONFIG}. */
    public static final String RECONNECT_BACKOFF_MAX_MS_CONFIG = CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG;
    /** The configuration key {@link CommonClientConfigs#SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG}. */
    public static final String SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG =
            CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG;
    /** The configuration key {@link CommonClientConfigs#SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG}. */
    public static final String SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG =
            CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG;
    /** The configuration key {@link CommonClientConfigs#CONNECTIONS_MAX_IDLE_MS_CONFIG}. */
    public static final String CONNECTIONS_MAX_IDLE_MS_CONFIG = CommonClientConfigs.CONNECTIONS_MAX_IDLE_MS_CONFIG;
    /** The configuration key {@link CommonClientConfigs#SEND_BUFFER_CONFIG}. */
    public static final String SEND_BUFFER_CONFIG = CommonClientConfigs.SEND_BUFFER_CONFIG;
    /** The configuration key {@link CommonClientConfigs#RECEIVE_BUFFER_CONFIG}. */
    public static final String RECEIVE_BUFFER_CONFIG = CommonClientConfigs.RECEIVE_BUFFER_CONFIG;

    // ---- Apache Kafka's producer keys that Samsa does not read (yet). The constants exist so that code naming
    // them compiles; the configuration table does not list these keys, so a producer given one ignores it and
    // logs it once as unknown. ----

    /** Samsa connects to the address the JDK resolves a host name to; it has no DNS lookup strategies. */
    public static final String CLIENT_DNS_LOOKUP_CONFIG = CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG;
    /** Push the client's metrics to the cluster when it asks for them (KIP-714); default true. */
    public static final String ENABLE_METRICS_PUSH_CONFIG = CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG;
    /** Samsa records every metric it has at every level. */
    public static final String METRICS_RECORDING_LEVEL_CONFIG = CommonClientConfigs.METRICS_RECORDING_LEVEL_CONFIG;
    /** Two-phase commit (KIP-939): not supported, only {@code false} is accepted. */
    public static final String TRANSACTION_TWO_PHASE_COMMIT_ENABLE_CONFIG = "transaction.two.phase.commit.enable";
    /** Samsa uses the JDK's security providers as installed. */
    public static final String SECURITY_PROVIDERS_CONFIG = "security.providers";
    /** Samsa has no config providers: values are used as given, {@code ${...}} included. */
    public static final String CONFIG_PROVIDERS_CONFIG = "config.providers";
    /**
     * The name of the system property with which Apache Kafka restricts config providers; Samsa has none, and
     * does not read it.
     */
    public static final String AUTOMATIC_CONFIG_PROVIDERS_PROPERTY = "org.apache.kafka.automatic.config.providers";

    /** Read by {@link StringSerializer} and {@link UUIDSerializer}; not in Apache Kafka's table, same meaning. */
    public static final String KEY_SERIALIZER_ENCODING_CONFIG = StringSerializer.KEY_ENCODING_CONFIG;
    /** Read by {@link StringSerializer} and {@link UUIDSerializer}; not in Apache Kafka's table, same meaning. */
    public static final String VALUE_SERIALIZER_ENCODING_CONFIG = StringSerializer.VALUE_ENCODING_CONFIG;
    /** Read by {@link StringSerializer} and {@link UUIDSerializer}; not in Apache Kafka's table, same meaning. */
    public static final String SERIALIZER_ENCODING_CONFIG = StringSerializer.ENCODING_CONFIG;

    /** The table of every key, its rules across keys, and the validators they need: {@link ProducerConfigTable}. */
    private static final ConfigDef CONFIG = ProducerConfigTable.CONFIG;


    /**
     * Validates a configuration given as a map; values may be strings or typed objects.
     *
     * @param configs the configuration, by key
     * @throws ConfigException naming the key at fault when a value is invalid or the rules across keys fail
     */
    public ProducerConfig(Map<String, ?> configs) {
        super(ProducerConfigTable.derive(CONFIG.parse(configs)));
    }

    /**
     * Validates a configuration given as {@code Properties} (its defaults included).
     *
     * @param props the configuration
     * @throws ConfigException naming the key at fault when a value is invalid or the rules across keys fail
     */
    public ProducerConfig(Properties props) {
        this(ConfigDef.toMap(props));
    }

    /** {@return the table of every producer key: the single source of the keys, defaults, rules and documentation} */
    public static ConfigDef configDef() {
        return CONFIG;
    }

    /** {@return the names of every producer key} */
    public static Set<String> configNames() {
        return CONFIG.names();
    }

    /** {@return a new, empty builder: a configuration with typed setters; see {@link Builder}} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The user's configuration with the classes of the given serializer instances as {@code key.serializer} /
     * {@code value.serializer} (a null instance leaves the key as it was), so that a producer constructed with
     * instances validates without the user naming the classes too (as Apache Kafka's producer does).
     *
     * @param configs         the user's configuration; not changed
     * @param keySerializer   the key serializer instance, or null
     * @param valueSerializer the value serializer instance, or null
     * @return a new map: {@code configs} with the serializer classes set
     */
    public static Map<String, Object> withSerializers(Map<String, ?> configs, Serializer<?> keySerializer,
                                                      Serializer<?> valueSerializer) {
        Map<String, Object> out = new LinkedHashMap<>(configs);
        if (keySerializer != null) {
            out.put(KEY_SERIALIZER_CLASS_CONFIG, keySerializer.getClass());
        }
        if (valueSerializer != null) {
            out.put(VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer.getClass());
        }
        return out;
    }

    /** {@return {@code acks} as the enum} */
    public Acks acks() {
        return Acks.fromConfig(getString(ACKS_CONFIG));
    }

    /** {@return whether the producer is idempotent, after the rules of the class comment} */
    public boolean idempotenceEnabled() {
        return getBoolean(ENABLE_IDEMPOTENCE_CONFIG);
    }

    /** {@return {@code compression.type} as the codec} */
    public CompressionType compressionType() {
        return CompressionType.forName(getString(COMPRESSION_TYPE_CONFIG));
    }

    /** {@return the level of the configured codec ({@code compression.<codec>.level}); 0 for codecs without levels} */
    public int compressionLevel() {
        switch (compressionType()) {
            case GZIP:
                return getInt(COMPRESSION_GZIP_LEVEL_CONFIG);
            case LZ4:
                return getInt(COMPRESSION_LZ4_LEVEL_CONFIG);
            case ZSTD:
                return getInt(COMPRESSION_ZSTD_LEVEL_CONFIG);
            default:
                return 0;
        }
    }

    /** {@return the effective {@code client.id}: the user's, or {@code producer-N}} */
    public String clientId() {
        return getString(CLIENT_ID_CONFIG);
    }

    /**
     * A new key serializer of the configured class, configured with {@link #originals()} plus the effective
     * {@code client.id}, as Apache Kafka's producer does.
     *
     * @param <K> the type of the keys the serializer takes
     * @return the serializer; the caller owns it and closes it
     * @throws ConfigException naming {@code key.serializer} when the class cannot be created
     */
    @SuppressWarnings("unchecked")
    public <K> Serializer<K> newKeySerializer() {
        Serializer<K> s = newInstance(KEY_SERIALIZER_CLASS_CONFIG, Serializer.class);
        configureOrClose(s, () -> s.configure(pluginConfigs(), true), s::close);
        return s;
    }

    /**
     * As {@link #newKeySerializer()}, for values.
     *
     * @param <V> the type of the values the serializer takes
     * @return the serializer; the caller owns it and closes it
     * @throws ConfigException naming {@code value.serializer} when the class cannot be created
     */
    @SuppressWarnings("unchecked")
    public <V> Serializer<V> newValueSerializer() {
        Serializer<V> s = newInstance(VALUE_SERIALIZER_CLASS_CONFIG, Serializer.class);
        configureOrClose(s, () -> s.configure(pluginConfigs(), false), s::close);
        return s;
    }

    /**
     * A new instance of {@code partitioner.class}, configured with {@link #originals()} plus the effective
     * {@code client.id}; null when unset (the built-in partitioner applies).
     *
     * @return the partitioner, or null; the caller owns it and closes it
     */
    public Partitioner newPartitioner() {
        Partitioner p = newInstance(PARTITIONER_CLASS_CONFIG, Partitioner.class);
        if (p != null) {
            configureOrClose(p, () -> p.configure(pluginConfigs()), p::close);
        }
        return p;
    }

    /**
     * New instances of the classes of {@code interceptor.classes}, in order, each configured with
     * {@link #originals()} plus the effective {@code client.id} (as Apache Kafka's producer does); empty when
     * none are configured. If one cannot be created or configured, those already made are closed and the
     * failure is reported naming the key and the class.
     *
     * @param <K> the type of the producer's keys
     * @param <V> the type of the producer's values
     * @return the interceptors, unmodifiable; the caller owns them and closes them
     * @throws ConfigException naming {@code interceptor.classes} and the class that failed
     */
    @SuppressWarnings("unchecked")
    public <K, V> List<ProducerInterceptor<K, V>> newInterceptors() {
        List<String> classNames = getList(INTERCEPTOR_CLASSES_CONFIG);
        if (classNames.isEmpty()) {
            return List.of();
        }
        Map<String, Object> configs = pluginConfigs();
        List<ProducerInterceptor<K, V>> out = new ArrayList<>(classNames.size());
        for (String className : classNames) {
            try {
                Class<?> c = ProducerConfigTable.loadInterceptorClass(INTERCEPTOR_CLASSES_CONFIG, className);
                ProducerInterceptor<K, V> interceptor = (ProducerInterceptor<K, V>) instantiate(className, c);
                out.add(interceptor);
                try {
                    interceptor.configure(configs);
                } catch (RuntimeException e) {
                    throw new ConfigException(INTERCEPTOR_CLASSES_CONFIG, className,
                            "the configure method of interceptor " + className + " failed: " + e, e);
                }
            } catch (RuntimeException e) {
                closeQuietly(out, e);
                throw e;
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Runs a new plugin's {@code configure}; if it throws, closes the instance (nobody else holds it) and rethrows
     * the failure unchanged, with a failure to close added as suppressed.
     */
    private static void configureOrClose(Object plugin, Runnable configure, Runnable close) {
        try {
            configure.run();
        } catch (RuntimeException e) {
            try {
                close.run();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** {@return {@code samsa.jmx.domain}: the JMX domain of the producer's MBeans} */
    public String jmxDomain() {
        return getString(SAMSA_JMX_DOMAIN_CONFIG);
    }

    /**
     * New instances of the {@code metric.reporters} classes, in order, each configured with the producer's
     * configuration plus the effective {@code client.id}. If one fails, the ones made before it are closed.
     *
     * @return the reporters, unmodifiable; empty when none are configured
     * @throws ConfigException naming {@code metric.reporters} and the class that failed
     */
    public List<MetricsReporter> newMetricsReporters() {
        List<String> classNames = getList(METRIC_REPORTER_CLASSES_CONFIG);
        if (classNames.isEmpty()) {
            return List.of();
        }
        Map<String, Object> configs = pluginConfigs();
        List<MetricsReporter> out = new ArrayList<>(classNames.size());
        try {
            for (String className : classNames) {
                Class<?> c = ProducerConfigTable.loadClass(METRIC_REPORTER_CLASSES_CONFIG, className,
                        MetricsReporter.class);
                MetricsReporter reporter;
                try {
                    reporter = (MetricsReporter) c.getDeclaredConstructor().newInstance();
                } catch (InvocationTargetException e) {
                    throw new ConfigException(METRIC_REPORTER_CLASSES_CONFIG, className, "the constructor of "
                            + "metrics reporter " + className + " failed: " + e.getCause(), e.getCause());
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new ConfigException(METRIC_REPORTER_CLASSES_CONFIG, className, "metrics reporter class "
                            + className + " could not be created with a public no-argument constructor: " + e, e);
                }
                out.add(reporter);
                try {
                    reporter.configure(configs);
                } catch (RuntimeException e) {
                    throw new ConfigException(METRIC_REPORTER_CLASSES_CONFIG, className,
                            "the configure method of metrics reporter " + className + " failed: " + e, e);
                }
            }
        } catch (RuntimeException e) {
            for (MetricsReporter made : out) {
                try {
                    made.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * {@return the sample windows of the producer's metrics ({@code metrics.num.samples} x {@code
     * metrics.sample.window.ms})}
     */
    public MetricConfig metricConfig() {
        return new MetricConfig(getInt(METRICS_NUM_SAMPLES_CONFIG), getLong(METRICS_SAMPLE_WINDOW_MS_CONFIG));
    }

    private static ProducerInterceptor<?, ?> instantiate(String className, Class<?> c) {
        if (!ProducerInterceptor.class.isAssignableFrom(c)) {
            throw new ConfigException(INTERCEPTOR_CLASSES_CONFIG, className, "class " + className
                    + " does not implement " + ProducerInterceptor.class.getName());
        }
        try {
            return (ProducerInterceptor<?, ?>) c.getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new ConfigException(INTERCEPTOR_CLASSES_CONFIG, className, "the constructor of interceptor "
                    + className + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ConfigException(INTERCEPTOR_CLASSES_CONFIG, className, "interceptor class " + className
                    + " could not be created with a public no-argument constructor: " + e, e);
        }
    }

    /** Closes interceptors made before a later one failed; their own failures are added to {@code cause}. */
    private static void closeQuietly(List<? extends ProducerInterceptor<?, ?>> made, RuntimeException cause) {
        for (ProducerInterceptor<?, ?> interceptor : made) {
            try {
                interceptor.close();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /** What serializers, the partitioner and interceptors are configured with. */
    private Map<String, Object> pluginConfigs() {
        return originals(Map.of(CLIENT_ID_CONFIG, clientId()));
    }

    /**
     * {@code security.protocol} and what it needs, built from the {@code ssl.*} and {@code sasl.*} keys. Building
     * the TLS context reads the key and trust stores, so a missing file or a wrong password fails here, naming
     * the key.
     *
     * @return the security protocol with its TLS engine provider and SASL settings (null where not used)
     * @throws ConfigException naming the key at fault
     */
    public SecurityConfig securityConfig() {
        SecurityProtocol protocol = SecurityProtocol.forName(getString(SECURITY_PROTOCOL_CONFIG));
        SslEngineProvider ssl = null;
        Class<?> providerClass = getClass(SSL_ENGINE_FACTORY_CLASS_CONFIG);
        if (protocol.usesTls() && providerClass != null && providerClass != SslEngineFactory.class) {
            ssl = newSslEngineProvider();
        } else if (protocol.usesTls()) {
            List<String> suites = getList(SSL_CIPHER_SUITES_CONFIG);
            ssl = new SslEngineFactory(new SslSettings(getString(SSL_PROTOCOL_CONFIG),
                    getList(SSL_ENABLED_PROTOCOLS_CONFIG), suites == null ? List.of() : suites,
                    getString(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG),
                    getString(SSL_TRUSTSTORE_TYPE_CONFIG), getString(SSL_TRUSTSTORE_LOCATION_CONFIG),
                    getPassword(SSL_TRUSTSTORE_PASSWORD_CONFIG), getPassword(SSL_TRUSTSTORE_CERTIFICATES_CONFIG),
                    getString(SSL_KEYSTORE_TYPE_CONFIG), getString(SSL_KEYSTORE_LOCATION_CONFIG),
                    getPassword(SSL_KEYSTORE_PASSWORD_CONFIG), getPassword(SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG),
                    getPassword(SSL_KEYSTORE_KEY_CONFIG), getPassword(SSL_KEY_PASSWORD_CONFIG),
                    getString(SSL_KEYMANAGER_ALGORITHM_CONFIG), getString(SSL_TRUSTMANAGER_ALGORITHM_CONFIG)));
        }
        SaslSettings sasl = protocol.usesSasl()
                ? SaslSettings.fromConfig(getString(SASL_MECHANISM), getPassword(SASL_JAAS_CONFIG)) : null;
        return new SecurityConfig(protocol, ssl, sasl);
    }

    /**
     * A new instance of {@code ssl.engine.factory.class}, configured with {@link #originals()} plus the effective
     * {@code client.id}. If {@code configure} fails, the instance is closed and the failure names the key.
     */
    private SslEngineProvider newSslEngineProvider() {
        SslEngineProvider provider = newInstance(SSL_ENGINE_FACTORY_CLASS_CONFIG, SslEngineProvider.class);
        try {
            provider.configure(pluginConfigs());
        } catch (RuntimeException e) {
            try {
                provider.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new ConfigException(SSL_ENGINE_FACTORY_CLASS_CONFIG, provider.getClass(), "the configure method of "
                    + provider.getClass().getName() + " failed: " + e, e);
        }
        return provider;
    }

    /**
     * Typed setters over the same table: each one puts the value under its key, and {@link #build()} validates
     * the whole map exactly as a {@code Properties} file would be. Setters for keys without one here:
     * {@link #set(String, Object)}. Not thread-safe.
     *
     * <pre>{@code
     * ProducerConfig config = ProducerConfig.builder()
     *         .bootstrapServers("broker1:9092,broker2:9092")
     *         .keySerializer(StringSerializer.class)
     *         .valueSerializer(StringSerializer.class)
     *         .acks(Acks.ALL)
     *         .lingerMs(10)
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets any key, known or not, to a value in any form the table accepts.
         *
         * @param key   the configuration key
         * @param value the value: a string or a typed object
         * @return this builder
         */
        public Builder set(String key, Object value) {
            values.put(key, value);
            return this;
        }

        /**
         * Sets every entry of {@code configs}.
         *
         * @param configs values by key
         * @return this builder
         */
        public Builder setAll(Map<String, ?> configs) {
            values.putAll(configs);
            return this;
        }

        /**
         * Sets every entry of {@code props}, its defaults included.
         *
         * @param props values by key
         * @return this builder
         */
        public Builder setAll(Properties props) {
            values.putAll(ConfigDef.toMap(props));
            return this;
        }

        /**
         * Sets {@code bootstrap.servers}: the brokers to ask for the cluster's metadata first.
         *
         * @param hostPorts a comma-separated list of {@code host:port}
         * @return this builder
         */
        public Builder bootstrapServers(String hostPorts) {
            return set(BOOTSTRAP_SERVERS_CONFIG, hostPorts);
        }

        /**
         * Sets {@code bootstrap.servers}: the brokers to ask for the cluster's metadata first.
         *
         * @param hostPorts the brokers as {@code host:port}; copied
         * @return this builder
         */
        public Builder bootstrapServers(List<String> hostPorts) {
            return set(BOOTSTRAP_SERVERS_CONFIG, List.copyOf(hostPorts));
        }

        /**
         * Sets {@code client.id}: the name sent with every request, and the tag of the producer's metrics.
         *
         * @param clientId the client id
         * @return this builder
         */
        public Builder clientId(String clientId) {
            return set(CLIENT_ID_CONFIG, clientId);
        }

        /**
         * Sets {@code key.serializer}.
         *
         * @param serializerClass the class that turns keys into bytes
         * @return this builder
         */
        public Builder keySerializer(Class<? extends Serializer<?>> serializerClass) {
            return set(KEY_SERIALIZER_CLASS_CONFIG, serializerClass);
        }

        /**
         * Sets {@code value.serializer}.
         *
         * @param serializerClass the class that turns values into bytes
         * @return this builder
         */
        public Builder valueSerializer(Class<? extends Serializer<?>> serializerClass) {
            return set(VALUE_SERIALIZER_CLASS_CONFIG, serializerClass);
        }

        /**
         * Sets {@code acks}: how many replicas must have a record before the broker acknowledges it.
         *
         * @param acks none, the leader, or all in-sync replicas
         * @return this builder
         */
        public Builder acks(Acks acks) {
            return set(ACKS_CONFIG, acks.configValue());
        }

        /**
         * Sets {@code enable.idempotence}: whether retries may write a record twice or out of order (false) or
         * not (true).
         *
         * @param enable true for an idempotent producer
         * @return this builder
         */
        public Builder enableIdempotence(boolean enable) {
            return set(ENABLE_IDEMPOTENCE_CONFIG, enable);
        }

        /**
         * Sets {@code linger.ms}: how long a batch waits for more records before it is sent.
         *
         * @param lingerMs the wait in milliseconds
         * @return this builder
         */
        public Builder lingerMs(long lingerMs) {
            return set(LINGER_MS_CONFIG, lingerMs);
        }

        /**
         * Sets {@code batch.size}: the most bytes of records collected into one batch for a partition.
         *
         * @param bytes the batch size in bytes
         * @return this builder
         */
        public Builder batchSize(int bytes) {
            return set(BATCH_SIZE_CONFIG, bytes);
        }

        /**
         * Sets {@code buffer.memory}: the most memory records waiting to be sent may take.
         *
         * @param bytes the limit in bytes
         * @return this builder
         */
        public Builder bufferMemory(long bytes) {
            return set(BUFFER_MEMORY_CONFIG, bytes);
        }

        /**
         * Sets {@code max.block.ms}: how long {@code send} and {@code partitionsFor} may block waiting for
         * metadata or buffer memory.
         *
         * @param ms the limit in milliseconds
         * @return this builder
         */
        public Builder maxBlockMs(long ms) {
            return set(MAX_BLOCK_MS_CONFIG, ms);
        }

        /**
         * Sets {@code delivery.timeout.ms}: how long after {@code send} returns a record may take to be
         * acknowledged, retries included, before it fails.
         *
         * @param ms the limit in milliseconds
         * @return this builder
         */
        public Builder deliveryTimeoutMs(int ms) {
            return set(DELIVERY_TIMEOUT_MS_CONFIG, ms);
        }

        /**
         * Sets {@code request.timeout.ms}: how long the producer waits for the answer to one request.
         *
         * @param ms the limit in milliseconds
         * @return this builder
         */
        public Builder requestTimeoutMs(int ms) {
            return set(REQUEST_TIMEOUT_MS_CONFIG, ms);
        }

        /**
         * Sets {@code retries}: how often a batch that failed with a retriable error is sent again.
         *
         * @param retries the most retries of one batch
         * @return this builder
         */
        public Builder retries(int retries) {
            return set(RETRIES_CONFIG, retries);
        }

        /**
         * Sets {@code retry.backoff.ms}: the first wait before a failed request is retried.
         *
         * @param ms the wait in milliseconds
         * @return this builder
         */
        public Builder retryBackoffMs(long ms) {
            return set(RETRY_BACKOFF_MS_CONFIG, ms);
        }

        /**
         * Sets {@code retry.backoff.max.ms}: the longest wait before a retry, up to which the wait grows.
         *
         * @param ms the wait in milliseconds
         * @return this builder
         */
        public Builder retryBackoffMaxMs(long ms) {
            return set(RETRY_BACKOFF_MAX_MS_CONFIG, ms);
        }

        /**
         * Sets {@code max.in.flight.requests.per.connection}: how many requests may await their answer on one
         * connection.
         *
         * @param requests the limit; at most 5 for an idempotent producer
         * @return this builder
         */
        public Builder maxInFlightRequestsPerConnection(int requests) {
            return set(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, requests);
        }

        /**
         * Sets {@code max.request.size}: the largest request, and so the largest record, the producer sends.
         *
         * @param bytes the limit in bytes
         * @return this builder
         */
        public Builder maxRequestSize(int bytes) {
            return set(MAX_REQUEST_SIZE_CONFIG, bytes);
        }

        /**
         * Sets {@code partitioner.class}: a custom partitioner instead of the built-in one.
         *
         * @param partitionerClass the partitioner's class
         * @return this builder
         */
        public Builder partitioner(Class<? extends Partitioner> partitionerClass) {
            return set(PARTITIONER_CLASS_CONFIG, partitionerClass);
        }

        /**
         * Sets {@code partitioner.ignore.keys}: whether the built-in partitioner spreads keyed records as it does
         * records without a key, rather than hashing the key.
         *
         * @param ignore true to ignore keys when choosing a partition
         * @return this builder
         */
        public Builder partitionerIgnoreKeys(boolean ignore) {
            return set(PARTITIONER_IGNORE_KEYS_CONFIG, ignore);
        }

        /**
         * Sets {@code partitioner.adaptive.partitioning.enable}: whether the built-in partitioner sends more
         * records to faster brokers.
         *
         * @param enable true for adaptive partitioning
         * @return this builder
         */
        public Builder partitionerAdaptivePartitioning(boolean enable) {
            return set(PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE_CONFIG, enable);
        }

        /**
         * Sets {@code partitioner.availability.timeout.ms}: how long a partition's leader may fail to take ready
         * data before the built-in partitioner stops choosing the partition for records without a key (0: never).
         *
         * @param ms the limit in milliseconds
         * @return this builder
         */
        public Builder partitionerAvailabilityTimeoutMs(long ms) {
            return set(PARTITIONER_AVAILABILITY_TIMEOUT_MS_CONFIG, ms);
        }

        /**
         * Sets {@code metadata.max.age.ms}: how old the metadata may get before it is refreshed anyway.
         *
         * @param ms the age in milliseconds
         * @return this builder
         */
        public Builder metadataMaxAgeMs(long ms) {
            return set(METADATA_MAX_AGE_CONFIG, ms);
        }

        /**
         * Sets {@code metadata.max.idle.ms}: how long a topic not written to stays in the metadata the producer
         * keeps.
         *
         * @param ms the time in milliseconds
         * @return this builder
         */
        public Builder metadataMaxIdleMs(long ms) {
            return set(METADATA_MAX_IDLE_CONFIG, ms);
        }

        /**
         * Sets {@code metadata.recovery.strategy}: what the producer does when no known broker is reachable.
         *
         * @param strategy {@code "rebootstrap"} or {@code "none"}
         * @return this builder
         */
        public Builder metadataRecoveryStrategy(String strategy) {
            return set(METADATA_RECOVERY_STRATEGY_CONFIG, strategy);
        }

        /**
         * Sets {@code compression.type}: the codec batches are compressed with.
         *
         * @param codec {@code "none"}, {@code "gzip"}, {@code "snappy"}, {@code "lz4"} or {@code "zstd"}
         * @return this builder
         */
        public Builder compressionType(String codec) {
            return set(COMPRESSION_TYPE_CONFIG, codec);
        }

        /**
         * Sets {@code security.protocol}: how connections to the brokers are encrypted and authenticated.
         *
         * @param protocol {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}
         * @return this builder
         */
        public Builder securityProtocol(String protocol) {
            return set(SECURITY_PROTOCOL_CONFIG, protocol);
        }

        /**
         * SASL credentials without writing JAAS: sets {@code sasl.mechanism} and a {@code sasl.jaas.config} with
         * the login module for the mechanism and the values quoted and escaped.
         *
         * @param mechanism PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512
         * @param username  the user name; not null
         * @param password  the password; not null
         * @return this builder
         * @throws IllegalArgumentException if the user name or password is null
         */
        public Builder saslCredentials(String mechanism, String username, String password) {
            SaslMechanism m = SaslSettings.mechanism(mechanism);
            String module = m == SaslMechanism.PLAIN ? SaslSettings.PLAIN_LOGIN_MODULE : SaslSettings.SCRAM_LOGIN_MODULE;
            set(SASL_MECHANISM, m.mechanismName());
            return set(SASL_JAAS_CONFIG, new Password(module + " required username=" + jaasQuote(username)
                    + " password=" + jaasQuote(password) + ";"));
        }

        private static String jaasQuote(String v) {
            if (v == null) {
                throw new IllegalArgumentException("SASL username and password must not be null");
            }
            return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        /**
         * Sets a trust store file (JKS, PKCS12 or PEM).
         *
         * @param type {@code JKS}, {@code PKCS12} or {@code PEM}
         * @param location the file's path
         * @param password the store's password, or null
         * @return this builder
         */
        public Builder sslTruststore(String type, String location, String password) {
            set(SSL_TRUSTSTORE_TYPE_CONFIG, type);
            set(SSL_TRUSTSTORE_LOCATION_CONFIG, location);
            return password == null ? this : set(SSL_TRUSTSTORE_PASSWORD_CONFIG, new Password(password));
        }

        /**
         * Sets a key store file (JKS, PKCS12 or PEM) with the client certificate, for mutual TLS.
         *
         * @param type {@code JKS}, {@code PKCS12} or {@code PEM}
         * @param location the file's path
         * @param password the store's password, or null
         * @param keyPassword the private key's password, or null
         * @return this builder
         */
        public Builder sslKeystore(String type, String location, String password, String keyPassword) {
            set(SSL_KEYSTORE_TYPE_CONFIG, type);
            set(SSL_KEYSTORE_LOCATION_CONFIG, location);
            if (password != null) {
                set(SSL_KEYSTORE_PASSWORD_CONFIG, new Password(password));
            }
            return keyPassword == null ? this : set(SSL_KEY_PASSWORD_CONFIG, new Password(keyPassword));
        }

        /**
         * Sets {@code ssl.endpoint.identification.algorithm}: whether the broker's certificate must match its
         * host name.
         *
         * @param algorithm {@code "https"} (the default) or {@code ""} to skip host name verification
         * @return this builder
         */
        public Builder sslEndpointIdentificationAlgorithm(String algorithm) {
            return set(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, algorithm);
        }

        /**
         * Sets {@code sasl.mechanism}.
         *
         * @param mechanism PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512
         * @return this builder
         */
        public Builder saslMechanism(String mechanism) {
            return set(SASL_MECHANISM, mechanism);
        }

        /**
         * Sets {@code sasl.jaas.config}: the login module and its options, in JAAS syntax.
         *
         * @param jaas the JAAS configuration; kept as a {@link Password}, so it is not logged
         * @return this builder
         */
        public Builder saslJaasConfig(String jaas) {
            return set(SASL_JAAS_CONFIG, new Password(jaas));
        }

        /**
         * Sets {@code reconnect.backoff.ms}: the first wait before reconnecting to a broker.
         *
         * @param ms the wait in milliseconds
         * @return this builder
         */
        public Builder reconnectBackoffMs(long ms) {
            return set(RECONNECT_BACKOFF_MS_CONFIG, ms);
        }

        /**
         * Sets {@code reconnect.backoff.max.ms}: the longest wait before reconnecting, up to which the wait grows.
         *
         * @param ms the wait in milliseconds
         * @return this builder
         */
        public Builder reconnectBackoffMaxMs(long ms) {
            return set(RECONNECT_BACKOFF_MAX_MS_CONFIG, ms);
        }

        /**
         * Sets {@code socket.connection.setup.timeout.ms}: how long the first attempt to connect may take.
         *
         * @param ms the limit in milliseconds
         * @return this builder
         */
        public Builder socketConnectionSetupTimeoutMs(long ms) {
            return set(SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, ms);
        }

        /**
         * Sets {@code socket.connection.setup.timeout.max.ms}: the limit up to which the connection timeout grows
         * after failed attempts.
         *
         * @param ms the limit in milliseconds
         * @return this builder
         */
        public Builder socketConnectionSetupTimeoutMaxMs(long ms) {
            return set(SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, ms);
        }

        /**
         * Sets {@code connections.max.idle.ms}: how long an unused connection stays open.
         *
         * @param ms the time in milliseconds
         * @return this builder
         */
        public Builder connectionsMaxIdleMs(long ms) {
            return set(CONNECTIONS_MAX_IDLE_MS_CONFIG, ms);
        }

        /**
         * Sets {@code send.buffer.bytes}: the socket's send buffer (-1: the operating system's default).
         *
         * @param bytes the size in bytes
         * @return this builder
         */
        public Builder sendBufferBytes(int bytes) {
            return set(SEND_BUFFER_CONFIG, bytes);
        }

        /**
         * Sets {@code receive.buffer.bytes}: the socket's receive buffer (-1: the operating system's default).
         *
         * @param bytes the size in bytes
         * @return this builder
         */
        public Builder receiveBufferBytes(int bytes) {
            return set(RECEIVE_BUFFER_CONFIG, bytes);
        }

        /** {@return a copy of what was set, for a producer constructor that takes a map} */
        public Map<String, Object> toMap() {
            return new LinkedHashMap<>(values);
        }

        /**
         * Validates what was set.
         *
         * @return the validated configuration
         * @throws ConfigException as {@link ProducerConfig#ProducerConfig(Map)}
         */
        public ProducerConfig build() {
            return new ProducerConfig(values);
        }
    }
}
