package io.samsa.clients.producer;

import io.samsa.common.serialization.BooleanSerializer;
import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.common.serialization.ByteBufferSerializer;
import io.samsa.common.serialization.DoubleSerializer;
import io.samsa.common.serialization.FloatSerializer;
import io.samsa.common.serialization.IntegerSerializer;
import io.samsa.common.serialization.LongSerializer;
import io.samsa.common.serialization.Serializer;
import io.samsa.common.serialization.ShortSerializer;
import io.samsa.common.serialization.StringSerializer;
import io.samsa.common.serialization.UUIDSerializer;
import io.samsa.common.serialization.VoidSerializer;
import io.samsa.common.config.ConfigDef;
import io.samsa.common.config.ConfigException;
import io.samsa.common.config.ConfigKey;
import io.samsa.common.config.LogCapture;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProducerConfigTest {

    private static Map<String, Object> base(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("bootstrap.servers", "localhost:9092");
        m.put("key.serializer", StringSerializer.class);
        m.put("value.serializer", StringSerializer.class);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static ProducerConfig config(Object... kv) {
        return new ProducerConfig(base(kv));
    }

    // ---- The table against Apache Kafka 4.1's ----

    private static final org.apache.kafka.common.config.ConfigDef APACHE =
            org.apache.kafka.clients.producer.ProducerConfig.configDef();

    /** How a default reads, for both tables. */
    private static String normalizedDefault(Object v, boolean required) {
        if (required) {
            return "(required)";
        }
        if (v == null) {
            return "null";
        }
        if (v instanceof Class) {
            return ((Class<?>) v).getName();
        }
        if (v instanceof List) {
            return ((List<?>) v).stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return v.toString();
    }

    /** Where Samsa's default knowingly differs from Apache Kafka's, and why (the docs say so too). */
    private static final Map<String, String> DEFAULT_DIFFERENCES = Map.of(
            "bootstrap.servers", "required: Apache Kafka defaults to an empty list, then fails when the producer starts",
            "metric.reporters", "empty: Apache Kafka's default is its JmxReporter; Samsa's JMX is always on, its "
                    + "domain set by samsa.jmx.domain");

    @Test
    void typesDefaultsAndImportanceAreApacheKafkasForEverySharedKey() {
        int shared = 0;
        for (ConfigKey ours : ProducerConfig.configDef().keys()) {
            org.apache.kafka.common.config.ConfigDef.ConfigKey theirs = APACHE.configKeys().get(ours.name());
            if (theirs == null) {
                continue;
            }
            shared++;
            assertThat(ours.type().name()).as("type of %s", ours.name()).isEqualTo(theirs.type.name());
            assertThat(ours.importance().name()).as("importance of %s", ours.name()).isEqualTo(theirs.importance.name());
            if (!DEFAULT_DIFFERENCES.containsKey(ours.name())) {
                assertThat(normalizedDefault(ours.defaultValue(), !ours.hasDefault())).as("default of %s", ours.name())
                        .isEqualTo(normalizedDefault(theirs.defaultValue,
                                theirs.defaultValue == org.apache.kafka.common.config.ConfigDef.NO_DEFAULT_VALUE));
            }
        }
        assertThat(shared).isGreaterThanOrEqualTo(42);
    }

    /** Where Samsa's rule knowingly differs from Apache Kafka's validator; each is explained in the key's doc. */
    private static final Set<String> RULE_DIFFERENCES = Set.of(
            "bootstrap.servers", "key.serializer", "value.serializer", "partitioner.class", // checked early
            "interceptor.classes", // checked early
            "metric.reporters", // checked early: implements io.samsa.metrics.MetricsReporter
            "ssl.engine.factory.class", // checked early: implements io.samsa.security.SslEngineProvider
            "transaction.timeout.ms", // Samsa refuses < 1 at construction, Apache only in initTransactions
            "transaction.two.phase.commit.enable", // Samsa accepts false only: no two-phase commit (KIP-939)
            "socket.connection.setup.timeout.ms", "socket.connection.setup.timeout.max.ms", // Apache has none
            "metrics.sample.window.ms"); // Samsa needs at least 1 ms

    @Test
    void rangesAndAllowedValuesAreApacheKafkasExceptWhereSamsaSaysWhy() {
        for (ConfigKey ours : ProducerConfig.configDef().keys()) {
            org.apache.kafka.common.config.ConfigDef.ConfigKey theirs = APACHE.configKeys().get(ours.name());
            if (theirs == null || RULE_DIFFERENCES.contains(ours.name())) {
                continue;
            }
            String apache = theirs.validator == null ? "" : theirs.validator.toString();
            assertThat(ours.validValues().toLowerCase(Locale.ROOT)).as("valid values of %s", ours.name())
                    .isEqualTo(apache.toLowerCase(Locale.ROOT));
        }
        for (String name : RULE_DIFFERENCES) {
            assertThat(ProducerConfig.configDef().key(name)).as(name).isNotNull();
        }
    }

    @Test
    void constantsHaveApacheKafkasNames() throws Exception {
        int checked = 0;
        for (Field f : org.apache.kafka.clients.producer.ProducerConfig.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != String.class || f.getName().endsWith("_DOC")) {
                continue;
            }
            String key = (String) f.get(null);
            if (ProducerConfig.configDef().key(key) == null) {
                continue;
            }
            Field mine = ProducerConfig.class.getField(f.getName());
            assertThat(mine.get(null)).as(f.getName()).isEqualTo(key);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(37);
        assertThat(ProducerConfig.SECURITY_PROTOCOL_CONFIG)
                .isEqualTo(org.apache.kafka.clients.CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        assertThat(ProducerConfig.METADATA_RECOVERY_STRATEGY_CONFIG)
                .isEqualTo(org.apache.kafka.clients.CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG);
        assertThat(ProducerConfig.SASL_MECHANISM).isEqualTo(org.apache.kafka.common.config.SaslConfigs.SASL_MECHANISM);
        assertThat(ProducerConfig.SASL_JAAS_CONFIG).isEqualTo(org.apache.kafka.common.config.SaslConfigs.SASL_JAAS_CONFIG);
    }

    /**
     * The Apache Kafka producer keys Samsa does not have. A key dropping out of Samsa's table by mistake, or a
     * new Apache key, fails here.
     */
    @Test
    void apacheKeysSamsaLeavesOutAreDeliberate() {
        Set<String> missing = new TreeSet<>(APACHE.names());
        missing.removeAll(ProducerConfig.configNames());
        Set<String> unexpected = missing.stream()
                .filter(k -> !k.startsWith("ssl.") && !k.startsWith("sasl.") && !k.startsWith("metric"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(unexpected).containsExactlyInAnyOrder("client.dns.lookup", "security.providers");
    }

    @Test
    void defaultsAreKafka4s() {
        ProducerConfig c = config();
        assertThat(c.acks()).isEqualTo(Acks.ALL);
        assertThat(c.idempotenceEnabled()).isTrue();
        assertThat(c.getLong(ProducerConfig.LINGER_MS_CONFIG)).isEqualTo(5);
        assertThat(c.getInt(ProducerConfig.BATCH_SIZE_CONFIG)).isEqualTo(16384);
        assertThat(c.getLong(ProducerConfig.BUFFER_MEMORY_CONFIG)).isEqualTo(33554432L);
        assertThat(c.getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).isEqualTo(120000);
        assertThat(c.getInt(ProducerConfig.RETRIES_CONFIG)).isEqualTo(Integer.MAX_VALUE);
        assertThat(c.getString(ProducerConfig.COMPRESSION_TYPE_CONFIG)).isEqualTo("none");
        assertThat(c.getList(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)).containsExactly("localhost:9092");
    }

    // ---- Input forms ----

    @Test
    void anApachePropertiesFileWorksUnchanged() throws Exception {
        Properties props = new Properties();
        props.load(new StringReader(String.join("\n",
                "bootstrap.servers = broker1:9092, broker2:9093",
                "key.serializer = org.apache.kafka.common.serialization.StringSerializer",
                "value.serializer = org.apache.kafka.common.serialization.ByteArraySerializer",
                "acks = 1",
                "linger.ms = 20",
                "batch.size = 65536",
                "enable.idempotence = false",
                "compression.type = none",
                "partitioner.ignore.keys = true",
                "security.protocol = plaintext",
                "metadata.recovery.strategy = NONE",
                "sasl.jaas.config = org.apache.kafka.common.security.plain.PlainLoginModule required;",
                "group.id = shared-with-consumers")));
        ProducerConfig c = new ProducerConfig(props);
        assertThat(c.getList("bootstrap.servers")).containsExactly("broker1:9092", "broker2:9093");
        assertThat(c.getClass("key.serializer")).isEqualTo(StringSerializer.class);
        assertThat(c.getClass("value.serializer")).isEqualTo(ByteArraySerializer.class);
        assertThat(c.acks()).isEqualTo(Acks.LEADER);
        assertThat(c.getLong("linger.ms")).isEqualTo(20);
        assertThat(c.getInt("batch.size")).isEqualTo(65536);
        assertThat(c.idempotenceEnabled()).isFalse();
        assertThat(c.getBoolean("partitioner.ignore.keys")).isTrue();
        assertThat(c.unknownKeys()).containsExactly("group.id");
        assertThat(c.toString()).contains("sasl.jaas.config=[hidden]").doesNotContain("PlainLoginModule");
    }

    @Test
    void everyApacheSerializerNameMeansOurs() {
        Map<String, Class<?>> expected = new HashMap<>();
        expected.put("StringSerializer", StringSerializer.class);
        expected.put("ByteArraySerializer", ByteArraySerializer.class);
        expected.put("ByteBufferSerializer", ByteBufferSerializer.class);
        expected.put("IntegerSerializer", IntegerSerializer.class);
        expected.put("LongSerializer", LongSerializer.class);
        expected.put("ShortSerializer", ShortSerializer.class);
        expected.put("FloatSerializer", FloatSerializer.class);
        expected.put("DoubleSerializer", DoubleSerializer.class);
        expected.put("UUIDSerializer", UUIDSerializer.class);
        expected.put("VoidSerializer", VoidSerializer.class);
        expected.put("BooleanSerializer", BooleanSerializer.class);
        for (Map.Entry<String, Class<?>> e : expected.entrySet()) {
            String apacheName = "org.apache.kafka.common.serialization." + e.getKey();
            ProducerConfig c = config("key.serializer", apacheName, "value.serializer", apacheName);
            assertThat(c.getClass("key.serializer")).as(apacheName).isEqualTo(e.getValue());
            assertThat(c.<Object>newValueSerializer()).isInstanceOf(e.getValue());
        }
        // Every built-in serializer of Apache Kafka is either mapped or rejected with advice.
        for (Class<?> apache : List.of(org.apache.kafka.common.serialization.BytesSerializer.class,
                org.apache.kafka.common.serialization.ListSerializer.class)) {
            assertThatThrownBy(() -> config("value.serializer", apache.getName()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("'value.serializer'")
                    .hasMessageContaining(apache.getName());
        }
        // An Apache class object (kafka-clients on the classpath) is mapped too.
        assertThat(config("key.serializer", org.apache.kafka.common.serialization.LongSerializer.class)
                .getClass("key.serializer")).isEqualTo(LongSerializer.class);
    }

    @Test
    void serializerClassesThatCannotServeAreRejectedNamingKeyAndClass() {
        assertThatThrownBy(() -> config("key.serializer", "com.example.Missing"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value 'com.example.Missing' for configuration 'key.serializer'")
                .hasMessageContaining("could not be loaded");
        assertThatThrownBy(() -> config("value.serializer", "java.lang.String"))
                .hasMessage("Invalid value 'java.lang.String' for configuration 'value.serializer': class "
                        + "java.lang.String does not implement io.samsa.common.serialization.Serializer");
        assertThatThrownBy(() -> new ProducerConfig(Map.of("bootstrap.servers", "h:1")))
                .hasMessageContaining("Missing required configuration 'key.serializer'");
    }

    @Test
    void serializersAreCreatedAndConfiguredForKeyOrValue() {
        ProducerConfig c = config("key.serializer.encoding", "UTF-16BE", "value.serializer", StringSerializer.class);
        Serializer<String> key = c.newKeySerializer();
        Serializer<String> value = c.newValueSerializer();
        assertThat(key.serialize("t", "A")).containsExactly(0, 'A');
        assertThat(value.serialize("t", "A")).containsExactly('A');
        assertThatThrownBy(() -> config("serializer.encoding", "no-such-charset"))
                .hasMessageContaining("'serializer.encoding'").hasMessageContaining("character set");
    }

    @Test
    void withSerializersFillsTheClassesFromInstances() {
        Map<String, Object> m = ProducerConfig.withSerializers(Map.of("bootstrap.servers", "h:1"),
                new IntegerSerializer(), new LongSerializer());
        ProducerConfig c = new ProducerConfig(m);
        assertThat(c.getClass("key.serializer")).isEqualTo(IntegerSerializer.class);
        assertThat(c.getClass("value.serializer")).isEqualTo(LongSerializer.class);
    }

    // ---- Single-key rules ----

    @Test
    void messagesNameKeyValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> config("linger.ms", "abc")).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 'abc' for configuration 'linger.ms': must be a long between 0 and "
                        + "9223372036854775807");
        assertThatThrownBy(() -> config("acks", "2"))
                .hasMessage("Invalid value '2' for configuration 'acks': must be one of [all, -1, 0, 1]");
        assertThatThrownBy(() -> config("metadata.max.idle.ms", 4999))
                .hasMessageContaining("must be a long between 5000 and");
        assertThatThrownBy(() -> config("compression.gzip.level", 10))
                .hasMessageContaining("must be an int between 1 and 9, or -1");
        assertThatThrownBy(() -> config("bootstrap.servers", "localhost"))
                .hasMessageContaining("'bootstrap.servers'").hasMessageContaining("host:port");
        assertThatThrownBy(() -> config("bootstrap.servers", ""))
                .hasMessageContaining("'bootstrap.servers'").hasMessageContaining("non-empty list");
    }

    @Test
    void everyCodecAndItsLevelIsAccepted() {
        for (String codec : List.of("none", "gzip", "snappy", "lz4", "zstd")) {
            ProducerConfig c = config("compression.type", codec);
            assertThat(c.compressionType().configName()).isEqualTo(codec);
        }
        assertThat(config("compression.type", "gzip").compressionLevel()).isEqualTo(-1);
        assertThat(config("compression.type", "lz4").compressionLevel()).isEqualTo(9);
        assertThat(config("compression.type", "zstd").compressionLevel()).isEqualTo(3);
        assertThat(config("compression.type", "snappy").compressionLevel()).isZero();
        assertThat(new ProducerConfig(Map.of("bootstrap.servers", "localhost:9092",
                "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                "value.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                "compression.type", "zstd", "compression.zstd.level", "-7")).compressionLevel()).isEqualTo(-7);
        assertThatThrownBy(() -> config("compression.lz4.level", 18))
                .hasMessageContaining("'compression.lz4.level'").hasMessageContaining("between 1 and 17");
        assertThatThrownBy(() -> config("compression.zstd.level", 23))
                .hasMessageContaining("'compression.zstd.level'");
        assertThatThrownBy(() -> config("compression.zstd.level", -131073))
                .hasMessageContaining("'compression.zstd.level'");
    }

    @Test
    void featuresNotSupportedYetAreRejectedByName() {
        assertThatThrownBy(() -> config("compression.type", "brotli")).hasMessage("Invalid value 'brotli' for "
                + "configuration 'compression.type': must be one of [none, gzip, snappy, lz4, zstd]");
        assertThatThrownBy(() -> config("compression.type", "LZ4")) // exact case, as Apache Kafka
                .hasMessageContaining("must be one of [none, gzip, snappy, lz4, zstd]");
        assertThat(config("security.protocol", "ssl").getString("security.protocol")).isEqualTo("ssl");
        assertThatThrownBy(() -> config("security.protocol", "TLS"))
                .hasMessageContaining("'security.protocol'").hasMessageContaining("SASL_SSL, PLAINTEXT, SSL, SASL_PLAINTEXT");
    }

    @Test
    void aTransactionalIdNeedsIdempotenceAndNamesTheClient() {
        assertThat(config("transactional.id", null).getString("transactional.id")).isNull();
        ProducerConfig txn = config("transactional.id", "tx-1");
        assertThat(txn.getString("transactional.id")).isEqualTo("tx-1");
        assertThat(txn.idempotenceEnabled()).isTrue();
        assertThat(txn.getString("client.id")).isEqualTo("producer-tx-1");
        assertThatThrownBy(() -> config("transactional.id", ""))
                .hasMessageContaining("'transactional.id'").hasMessageContaining("non-empty");
        assertThatThrownBy(() -> config("transactional.id", "tx-1", "enable.idempotence", false))
                .hasMessageContaining("transactional.id=tx-1 conflicts with enable.idempotence=false");
        // acks=1 silently turns idempotence off for a plain producer; a transactional one says why it cannot.
        assertThatThrownBy(() -> config("transactional.id", "tx-1", "acks", "1"))
                .hasMessageContaining("transactional.id=tx-1 needs the idempotent producer")
                .hasMessageContaining("acks=1");
        assertThatThrownBy(() -> config("transaction.timeout.ms", 0))
                .hasMessageContaining("'transaction.timeout.ms'");
        assertThatThrownBy(() -> config("transactional.id", "tx-1", "transaction.two.phase.commit.enable", true))
                .hasMessageContaining("'transaction.two.phase.commit.enable'").hasMessageContaining("KIP-939");
    }

    // ---- Interceptors ----

    /** Remembers its configuration; counts closes. */
    public static class RecordingInterceptor implements ProducerInterceptor<String, String> {
        static final List<RecordingInterceptor> CREATED = new java.util.concurrent.CopyOnWriteArrayList<>();
        Map<String, Object> configs;
        int closes;

        public RecordingInterceptor() {
            CREATED.add(this);
        }

        @Override
        public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
            return record;
        }

        @Override
        public void configure(Map<String, ?> configs) {
            this.configs = new HashMap<>(configs);
        }

        @Override
        public void close() {
            closes++;
        }
    }

    /** A second class, to check order. */
    public static class OtherInterceptor extends RecordingInterceptor {
    }

    public static class FailingConfigureInterceptor extends RecordingInterceptor {
        @Override
        public void configure(Map<String, ?> configs) {
            throw new IllegalStateException("audit.endpoint is not set");
        }
    }

    public static class FailingConstructorInterceptor extends RecordingInterceptor {
        public FailingConstructorInterceptor() {
            throw new IllegalStateException("no licence");
        }
    }

    public static class NoDefaultConstructorInterceptor extends RecordingInterceptor {
        public NoDefaultConstructorInterceptor(String name) {
        }
    }

    public abstract static class AbstractInterceptor extends RecordingInterceptor {
    }

    /** An interceptor written for Apache Kafka's client, not yet moved over. */
    public static class ApacheInterceptor
            implements org.apache.kafka.clients.producer.ProducerInterceptor<String, String> {
        @Override
        public org.apache.kafka.clients.producer.ProducerRecord<String, String> onSend(
                org.apache.kafka.clients.producer.ProducerRecord<String, String> record) {
            return record;
        }

        @Override
        public void onAcknowledgement(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception e) {
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    @Test
    void interceptorsAreCreatedInOrderAndConfiguredWithTheOriginalsAndClientId() {
        RecordingInterceptor.CREATED.clear();
        ProducerConfig c = config("interceptor.classes",
                RecordingInterceptor.class.getName() + ", " + OtherInterceptor.class.getName(),
                "audit.endpoint", "http://audit");
        List<ProducerInterceptor<String, String>> interceptors = c.newInterceptors();
        assertThat(interceptors).hasSize(2);
        assertThat(interceptors.get(0)).isExactlyInstanceOf(RecordingInterceptor.class);
        assertThat(interceptors.get(1)).isExactlyInstanceOf(OtherInterceptor.class);
        RecordingInterceptor first = (RecordingInterceptor) interceptors.get(0);
        assertThat(first.configs).containsEntry("audit.endpoint", "http://audit")
                .containsEntry("client.id", c.clientId())
                .containsEntry("interceptor.classes",
                        RecordingInterceptor.class.getName() + ", " + OtherInterceptor.class.getName());
        // Each call makes new instances (one producer, one set).
        assertThat(c.newInterceptors().get(0)).isNotSameAs(first);
        assertThat(config().newInterceptors()).isEmpty();
        assertThat(config("interceptor.classes", "").getList("interceptor.classes")).isEmpty();
        assertThat(config("interceptor.classes", List.of(RecordingInterceptor.class)).<String, String>newInterceptors())
                .hasSize(1);
    }

    @Test
    void interceptorClassesThatCannotServeAreRejectedWhenTheConfigurationIsBuilt() {
        assertThatThrownBy(() -> config("interceptor.classes", "com.example.Audit"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value 'com.example.Audit' for configuration 'interceptor.classes': "
                        + "class com.example.Audit could not be loaded");
        assertThatThrownBy(() -> config("interceptor.classes", RecordingInterceptor.class.getName() + ",java.lang.String"))
                .hasMessage("Invalid value 'java.lang.String' for configuration 'interceptor.classes': class "
                        + "java.lang.String does not implement io.samsa.clients.producer.ProducerInterceptor");
        assertThatThrownBy(() -> config("interceptor.classes", AbstractInterceptor.class.getName()))
                .hasMessageContaining("'interceptor.classes'").hasMessageContaining("is abstract");
        assertThatThrownBy(() -> config("interceptor.classes", NoDefaultConstructorInterceptor.class.getName()))
                .hasMessageContaining("'interceptor.classes'").hasMessageContaining("no no-argument constructor");
        assertThatThrownBy(() -> config("interceptor.classes", ApacheInterceptor.class.getName()))
                .hasMessageContaining("'interceptor.classes'")
                .hasMessageContaining("implements Apache Kafka's org.apache.kafka.clients.producer.ProducerInterceptor")
                .hasMessageContaining("change its imports to io.samsa.clients.producer");
    }

    /** A serializer with state given to its constructor: usable as an instance only, as in Apache Kafka. */
    static final class PrefixSerializer implements Serializer<String> {
        private final String prefix;

        PrefixSerializer(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public byte[] serialize(String topic, String data) {
            return (prefix + data).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void serializerInstancesNeedNoNoArgumentConstructorButNamedClassesDo() {
        Map<String, Object> base = Map.of("bootstrap.servers", "127.0.0.1:1");
        // Given as instances (a class with a constructor argument, and a lambda): the configuration validates.
        Serializer<String> lambda = (topic, data) -> data.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ProducerConfig c = new ProducerConfig(ProducerConfig.withSerializers(base, new PrefixSerializer("p-"), lambda));
        assertThat(c.getClass("key.serializer")).isEqualTo(PrefixSerializer.class);
        // Named in the configuration, Samsa must create it: the failure names the key and the class.
        ProducerConfig named = new ProducerConfig(Map.of("bootstrap.servers", "127.0.0.1:1",
                "key.serializer", PrefixSerializer.class, "value.serializer", StringSerializer.class));
        assertThatThrownBy(named::newKeySerializer).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'key.serializer'").hasMessageContaining(PrefixSerializer.class.getName())
                .hasMessageContaining("no-argument constructor");
    }

    @Test
    void anInterceptorThatFailsToStartClosesTheOnesAlreadyMade() {
        RecordingInterceptor.CREATED.clear();
        ProducerConfig configureFails = config("interceptor.classes",
                RecordingInterceptor.class.getName() + "," + FailingConfigureInterceptor.class.getName());
        assertThatThrownBy(configureFails::newInterceptors)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'interceptor.classes'")
                .hasMessageContaining("the configure method of interceptor "
                        + FailingConfigureInterceptor.class.getName() + " failed")
                .hasMessageContaining("audit.endpoint is not set");
        assertThat(RecordingInterceptor.CREATED).hasSize(2);
        assertThat(RecordingInterceptor.CREATED).allSatisfy(i -> assertThat(i.closes).isEqualTo(1));

        RecordingInterceptor.CREATED.clear();
        ProducerConfig constructorFails = config("interceptor.classes",
                RecordingInterceptor.class.getName() + "," + FailingConstructorInterceptor.class.getName());
        assertThatThrownBy(constructorFails::newInterceptors)
                .hasMessageContaining("'interceptor.classes'")
                .hasMessageContaining("the constructor of interceptor " + FailingConstructorInterceptor.class.getName())
                .hasMessageContaining("no licence");
        // The first was made and configured, then closed; the failing one never finished constructing.
        assertThat(RecordingInterceptor.CREATED.get(0).configs).isNotNull();
        assertThat(RecordingInterceptor.CREATED.get(0).closes).isEqualTo(1);
    }

    @Test
    void metricWindowsAreApacheKafkasByDefault() {
        assertThat(config().metricConfig().samples()).isEqualTo(2);
        assertThat(config().metricConfig().timeWindowMs()).isEqualTo(30_000L);
        ProducerConfig c = config("metrics.num.samples", "4", "metrics.sample.window.ms", "5000");
        assertThat(c.metricConfig().samples()).isEqualTo(4);
        assertThat(c.metricConfig().timeWindowMs()).isEqualTo(5000L);
        assertThatThrownBy(() -> config("metrics.sample.window.ms", 0))
                .hasMessageContaining("'metrics.sample.window.ms'").hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> config("metrics.num.samples", 0))
                .hasMessageContaining("'metrics.num.samples'").hasMessageContaining("between 1 and");
    }

    // ---- Rules across keys ----

    @Test
    void deliveryTimeoutMustCoverLingerAndRequestTimeout() {
        assertThatThrownBy(() -> config("delivery.timeout.ms", 30000, "linger.ms", 1, "request.timeout.ms", 30000))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("delivery.timeout.ms (30000)").hasMessageContaining("linger.ms (1)")
                .hasMessageContaining("request.timeout.ms (30000)").hasMessageContaining("= 30001");
        assertThat(config("delivery.timeout.ms", 30001, "linger.ms", 1, "request.timeout.ms", 30000)
                .getInt("delivery.timeout.ms")).isEqualTo(30001);
        // Not set: raised to the sum, as Apache Kafka does.
        assertThat(config("request.timeout.ms", 200000).getInt("delivery.timeout.ms")).isEqualTo(200005);
        assertThat(config("linger.ms", Long.MAX_VALUE).getInt("delivery.timeout.ms")).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void explicitIdempotenceConflictsAreErrorsNamingTheKeys() {
        assertThatThrownBy(() -> config("enable.idempotence", true, "acks", "1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("enable.idempotence=true conflicts with acks=1")
                .hasMessageContaining("enable.idempotence=false");
        assertThatThrownBy(() -> config("enable.idempotence", "true", "retries", 0))
                .hasMessageContaining("enable.idempotence=true").hasMessageContaining("retries=0");
        assertThatThrownBy(() -> config("enable.idempotence", true, "max.in.flight.requests.per.connection", 6))
                .hasMessageContaining("enable.idempotence=true")
                .hasMessageContaining("max.in.flight.requests.per.connection=6");
        assertThatThrownBy(() -> config("enable.idempotence", true, "acks", "0", "retries", "0",
                "max.in.flight.requests.per.connection", 10))
                .hasMessageContaining("acks=0").hasMessageContaining("retries=0")
                .hasMessageContaining("max.in.flight.requests.per.connection=10");
        assertThat(config("enable.idempotence", true, "acks", "-1", "max.in.flight.requests.per.connection", 5)
                .idempotenceEnabled()).isTrue();
    }

    @Test
    void defaultIdempotenceGivesWayToAcksAndRetriesWithOneInfoLine() {
        String[] holder = new String[1];
        String log = LogCapture.during(() -> {
            ProducerConfig c = config("acks", "1", "retries", 0);
            assertThat(c.idempotenceEnabled()).isFalse();
            assertThat(c.originals()).doesNotContainKey("enable.idempotence");
            holder[0] = c.values().get("enable.idempotence").toString();
        });
        assertThat(holder[0]).isEqualTo("false");
        assertThat(LogCapture.count(log, "Idempotence is disabled")).isEqualTo(1);
        assertThat(log).contains("INFO").contains("acks=1").contains("retries=0");

        assertThat(config("retries", 0).idempotenceEnabled()).isFalse();
        assertThat(config("acks", "0", "max.in.flight.requests.per.connection", 10).idempotenceEnabled())
                .as("already off because of acks: in-flight no longer matters").isFalse();
        assertThat(config("enable.idempotence", false, "max.in.flight.requests.per.connection", 10)
                .getInt("max.in.flight.requests.per.connection")).isEqualTo(10);
    }

    @Test
    void tooManyInFlightWithDefaultIdempotenceIsAnErrorAsInKafka4() {
        assertThatThrownBy(() -> config("max.in.flight.requests.per.connection", 6))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("max.in.flight.requests.per.connection=6 conflicts with enable.idempotence=true "
                        + "(the default)")
                .hasMessageContaining("enable.idempotence=false");
    }

    @Test
    void emptyClientIdBecomesProducerN() {
        ProducerConfig a = config();
        ProducerConfig b = config("client.id", "");
        ProducerConfig c = config("client.id", "  ");
        assertThat(a.clientId()).matches("producer-\\d+");
        int n = Integer.parseInt(a.clientId().substring("producer-".length()));
        assertThat(b.clientId()).isEqualTo("producer-" + (n + 1));
        assertThat(c.clientId()).isEqualTo("producer-" + (n + 2));
        assertThat(config("client.id", "orders").clientId()).isEqualTo("orders");
    }

    @Test
    void reconnectBackoffAloneMeansAConstantBackoff() {
        ProducerConfig c = config("reconnect.backoff.ms", 200);
        assertThat(c.getLong("reconnect.backoff.max.ms")).isEqualTo(200);
        assertThat(config("reconnect.backoff.ms", 200, "reconnect.backoff.max.ms", 5000)
                .getLong("reconnect.backoff.max.ms")).isEqualTo(5000);
        assertThat(config().getLong("reconnect.backoff.max.ms")).isEqualTo(1000);
    }

    // ---- Unknown keys ----

    @Test
    void unknownKeysNeverFailAndAreWarnedOnceByName() {
        String key = "producer.config.test.unknown." + System.nanoTime();
        String log = LogCapture.during(() -> {
            assertThat(config(key, "v1").unknownKeys()).containsExactly(key);
            assertThat(config(key, "v2").unknownKeys()).containsExactly(key);
        });
        assertThat(LogCapture.count(log, "'" + key + "'")).isEqualTo(1);
        assertThat(log).contains("WARN").doesNotContain("v1");
    }

    // ---- Builder ----

    @Test
    void theBuilderFeedsTheSameTable() {
        ProducerConfig built = ProducerConfig.builder()
                .bootstrapServers(List.of("a:1", "b:2"))
                .keySerializer(StringSerializer.class)
                .valueSerializer(ByteArraySerializer.class)
                .clientId("built")
                .acks(Acks.LEADER)
                .enableIdempotence(false)
                .lingerMs(7)
                .batchSize(1000)
                .bufferMemory(1 << 20)
                .maxBlockMs(100)
                .requestTimeoutMs(1000)
                .deliveryTimeoutMs(5000)
                .retries(3)
                .retryBackoffMs(10)
                .retryBackoffMaxMs(20)
                .maxInFlightRequestsPerConnection(1)
                .maxRequestSize(2048)
                .partitioner(RoundRobinPartitioner.class)
                .partitionerIgnoreKeys(true)
                .partitionerAdaptivePartitioning(false)
                .partitionerAvailabilityTimeoutMs(50)
                .metadataMaxAgeMs(1000)
                .metadataMaxIdleMs(6000)
                .metadataRecoveryStrategy("none")
                .compressionType("none")
                .securityProtocol("PLAINTEXT")
                .saslMechanism("PLAIN")
                .saslJaasConfig("secret")
                .reconnectBackoffMs(5)
                .reconnectBackoffMaxMs(50)
                .socketConnectionSetupTimeoutMs(100)
                .socketConnectionSetupTimeoutMaxMs(200)
                .connectionsMaxIdleMs(-1)
                .sendBufferBytes(-1)
                .receiveBufferBytes(4096)
                .build();

        Properties props = new Properties();
        props.putAll(Map.ofEntries(
                Map.entry("bootstrap.servers", "a:1,b:2"),
                Map.entry("key.serializer", "io.samsa.common.serialization.StringSerializer"),
                Map.entry("value.serializer", "io.samsa.common.serialization.ByteArraySerializer"),
                Map.entry("client.id", "built"), Map.entry("acks", "1"), Map.entry("enable.idempotence", "false"),
                Map.entry("linger.ms", "7"), Map.entry("batch.size", "1000"), Map.entry("buffer.memory", "1048576"),
                Map.entry("max.block.ms", "100"), Map.entry("request.timeout.ms", "1000"),
                Map.entry("delivery.timeout.ms", "5000"), Map.entry("retries", "3"), Map.entry("retry.backoff.ms", "10"),
                Map.entry("retry.backoff.max.ms", "20"), Map.entry("max.in.flight.requests.per.connection", "1"),
                Map.entry("max.request.size", "2048"),
                Map.entry("partitioner.class", "org.apache.kafka.clients.producer.RoundRobinPartitioner"),
                Map.entry("partitioner.ignore.keys", "true"),
                Map.entry("partitioner.adaptive.partitioning.enable", "false"),
                Map.entry("partitioner.availability.timeout.ms", "50"), Map.entry("metadata.max.age.ms", "1000"),
                Map.entry("metadata.max.idle.ms", "6000"), Map.entry("metadata.recovery.strategy", "none"),
                Map.entry("compression.type", "none"), Map.entry("security.protocol", "PLAINTEXT"),
                Map.entry("sasl.mechanism", "PLAIN"), Map.entry("sasl.jaas.config", "secret"),
                Map.entry("reconnect.backoff.ms", "5"), Map.entry("reconnect.backoff.max.ms", "50"),
                Map.entry("socket.connection.setup.timeout.ms", "100"),
                Map.entry("socket.connection.setup.timeout.max.ms", "200"),
                Map.entry("connections.max.idle.ms", "-1"), Map.entry("send.buffer.bytes", "-1"),
                Map.entry("receive.buffer.bytes", "4096")));
        ProducerConfig fromProps = new ProducerConfig(props);

        assertThat(built.values()).isEqualTo(fromProps.values());
        assertThat(built.values()).containsEntry("linger.ms", 7L).containsEntry("acks", "1")
                .containsEntry("partitioner.class", RoundRobinPartitioner.class);
        assertThat(built.getPassword("sasl.jaas.config").value()).isEqualTo("secret");
        // Every key set through the builder was a key of the table.
        assertThat(built.unknownKeys()).isEmpty();
        assertThat(ProducerConfig.builder().set("linger.ms", "9").toMap()).containsEntry("linger.ms", "9");
        assertThatThrownBy(() -> ProducerConfig.builder().bootstrapServers("h:1").keySerializer(StringSerializer.class)
                .valueSerializer(StringSerializer.class).lingerMs(-1).build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("'linger.ms'");
    }

    @Test
    void acksReadsEveryForm() {
        assertThat(config("acks", "-1").acks()).isEqualTo(Acks.ALL);
        assertThat(config("acks", "all").acks().code()).isEqualTo((short) -1);
        assertThat(config("acks", "0", "enable.idempotence", false).acks()).isEqualTo(Acks.NONE);
        assertThat(Acks.LEADER.code()).isEqualTo((short) 1);
        assertThatThrownBy(() -> Acks.fromConfig("2")).hasMessageContaining("[all, -1, 0, 1]");
    }

    @Test
    void theTableIsTheSourceOfConfigNames() {
        assertThat(ProducerConfig.configNames()).contains("bootstrap.servers", "linger.ms", "sasl.jaas.config");
        assertThat(ProducerConfig.configDef().key("sasl.jaas.config").type()).isEqualTo(ConfigDef.Type.PASSWORD);
    }
}
