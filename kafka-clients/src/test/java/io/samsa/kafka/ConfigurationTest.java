package io.samsa.kafka;

import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A configuration written for Apache Kafka's producer: the Apache plugins it names are made and configured as
 * Apache's producer does (the configuration as given, objects included, plus the effective {@code client.id}),
 * Samsa's own classes and Apache's built-in serializers are left to the Samsa producer, and keys Samsa does not know
 * are accepted.
 */
class ConfigurationTest {
    /** What the plugins were configured with, in the order configure was called. */
    static final List<String> CONFIGURED = new CopyOnWriteArrayList<>();
    static final List<Map<String, ?>> CONFIGS = new CopyOnWriteArrayList<>();
    static final List<String> CLOSED = new CopyOnWriteArrayList<>();

    public static final class KeySerializer extends StringSerializer {
        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            CONFIGURED.add("serializer isKey=" + isKey);
            CONFIGS.add(configs);
        }

        @Override
        public void close() {
            CLOSED.add("serializer");
        }
    }

    public static final class FirstPartitioner implements Partitioner {
        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                             Cluster cluster) {
            return 0;
        }

        @Override
        public void configure(Map<String, ?> configs) {
            CONFIGURED.add("partitioner");
            CONFIGS.add(configs);
        }

        @Override
        public void close() {
            CLOSED.add("partitioner");
        }
    }

    public static final class Interceptor implements ProducerInterceptor<String, String> {
        @Override
        public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        }

        @Override
        public void configure(Map<String, ?> configs) {
            CONFIGURED.add("interceptor");
            CONFIGS.add(configs);
            if ("fail".equals(configs.get("interceptor.test"))) {
                throw new IllegalArgumentException("interceptor.test=fail");
            }
        }

        @Override
        public void close() {
            CLOSED.add("interceptor");
        }
    }

    /** A Samsa interceptor, named next to Apache ones: it runs inside the Samsa producer. */
    public static final class SamsaInterceptor implements io.samsa.clients.producer.ProducerInterceptor<String, String> {
        @Override
        public io.samsa.clients.producer.ProducerRecord<String, String> onSend(
                io.samsa.clients.producer.ProducerRecord<String, String> record) {
            CONFIGURED.add("samsa interceptor saw " + record.value());
            return record;
        }

        @Override
        public void configure(Map<String, ?> configs) {
            CONFIGURED.add("samsa interceptor");
        }

        @Override
        public void close() {
        }
    }

    @AfterEach
    void forget() {
        CONFIGURED.clear();
        CONFIGS.clear();
        CLOSED.clear();
    }

    @Test
    void apachePluginsAreConfiguredWithTheOriginalValuesAndTheClientId() {
        Supplier<String> telemetry = () -> "an object, as OpenTelemetry's interceptor reads one";
        Map<String, Object> config = NoBroker.config();
        config.put("key.serializer", KeySerializer.class.getName());
        config.put("value.serializer", StringSerializer.class); // Apache's built-in: the Samsa namesake serves
        config.put("partitioner.class", FirstPartitioner.class);
        config.put("interceptor.classes", List.of(Interceptor.class.getName(), SamsaInterceptor.class));
        config.put("opentelemetry.kafka-producer-telemetry.supplier", telemetry);
        config.put("linger.ms", 5); // a typed value

        Plugins<String, String> plugins = Plugins.make(config, null, null);
        try {
            assertThat(CONFIGURED).containsExactly("partitioner", "serializer isKey=true", "interceptor");
            String clientId = plugins.config.clientId();
            assertThat(clientId).startsWith("producer-");
            assertThat(CONFIGS).allSatisfy(c -> {
                assertThat(c.get("opentelemetry.kafka-producer-telemetry.supplier")).isSameAs(telemetry);
                assertThat(c.get("linger.ms")).isEqualTo(5);
                assertThat(c.get("client.id")).isEqualTo(clientId);
                assertThat(c.get("key.serializer")).isEqualTo(KeySerializer.class.getName());
            });
            assertThat(plugins.keySerializer).isInstanceOf(SerializerAdapter.class);
            assertThat(plugins.valueSerializer).as("left to the Samsa producer").isNull();
            assertThat(plugins.config.getClass("value.serializer"))
                    .isEqualTo(io.samsa.common.serialization.StringSerializer.class);
            assertThat(plugins.partitioner).isNotNull();
            assertThat(plugins.interceptors.isEmpty()).isFalse();
            assertThat(plugins.config.getList("interceptor.classes")).containsExactly(SamsaInterceptor.class.getName());
        } finally {
            plugins.keySerializer.close();
            plugins.partitioner.close();
            plugins.interceptors.close();
        }
        assertThat(CLOSED).containsExactly("serializer", "partitioner", "interceptor");
    }

    @Test
    void samsasOwnClassesAndUnknownKeysWork() {
        Properties props = new Properties();
        props.putAll(NoBroker.config());
        props.put("key.serializer", "io.samsa.common.serialization.StringSerializer");
        props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.put("partitioner.class", "org.apache.kafka.clients.producer.RoundRobinPartitioner");
        props.put("interceptor.classes", SamsaInterceptor.class.getName());
        props.put("some.plugin.setting", new Object());
        try (SamsaKafkaProducer<String, String> producer = new SamsaKafkaProducer<>(props)) {
            assertThatCode(() -> producer.send(new ProducerRecord<>("t", "k", "v"))).doesNotThrowAnyException();
        }
        assertThat(CONFIGURED).containsExactly("samsa interceptor", "samsa interceptor saw v");
    }

    @Test
    void apacheMetricReportersAreLeftOutAndSamsasRun() {
        Map<String, Object> config = NoBroker.config();
        config.put("key.serializer", StringSerializer.class);
        config.put("value.serializer", StringSerializer.class);
        // Apache's JmxReporter (its producer's default) needs Apache's metric objects: left out, not an error.
        config.put("metric.reporters", List.of("org.apache.kafka.common.metrics.JmxReporter",
                CountingReporter.class.getName()));
        CountingReporter.CLOSED.set(0);
        try (SamsaKafkaProducer<String, String> producer = new SamsaKafkaProducer<>(config)) {
            assertThat(CountingReporter.CLOSED).hasValue(0);
        }
        assertThat(CountingReporter.CLOSED).as("Samsa's reporter ran in the Samsa producer and was closed")
                .hasValue(1);
    }

    /** A Samsa reporter that counts its closes. */
    public static final class CountingReporter implements io.samsa.metrics.MetricsReporter {
        static final java.util.concurrent.atomic.AtomicInteger CLOSED = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void init(java.util.Collection<io.samsa.metrics.LiveMetric> metrics) {
        }

        @Override
        public void metricChange(io.samsa.metrics.LiveMetric metric) {
        }

        @Override
        public void metricRemoval(io.samsa.metrics.LiveMetric metric) {
        }

        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }
    }

    @Test
    void aRefusedConfigurationIsApachesConfigException() {
        Map<String, Object> config = NoBroker.config();
        config.put("value.serializer", StringSerializer.class);
        assertThatThrownBy(() -> new SamsaKafkaProducer<>(config)).isExactlyInstanceOf(ConfigException.class)
                .hasMessageContaining("key.serializer");
        config.put("key.serializer", StringSerializer.class);
        config.put("acks", "2");
        assertThatThrownBy(() -> new SamsaKafkaProducer<>(config)).isExactlyInstanceOf(ConfigException.class)
                .hasMessageContaining("acks");
    }

    @Test
    void aPluginThatFailsToConfigureFailsConstructionAndWhatWasMadeIsClosed() {
        Map<String, Object> config = NoBroker.config();
        config.put("key.serializer", KeySerializer.class);
        config.put("value.serializer", StringSerializer.class);
        config.put("partitioner.class", FirstPartitioner.class);
        List<Object> interceptors = new ArrayList<>();
        interceptors.add(Interceptor.class);
        config.put("interceptor.classes", interceptors);
        config.put("interceptor.test", "fail");
        assertThatThrownBy(() -> new SamsaKafkaProducer<>(config)).isExactlyInstanceOf(KafkaException.class)
                .hasMessage("Failed to construct kafka producer")
                .hasCauseExactlyInstanceOf(IllegalArgumentException.class);
        assertThat(CLOSED).containsExactlyInAnyOrder("partitioner", "serializer", "interceptor");
    }
}
