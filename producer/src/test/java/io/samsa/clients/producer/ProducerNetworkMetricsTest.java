package io.samsa.clients.producer;

import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.common.config.ConfigException;
import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.metrics.LiveMetric;
import io.samsa.metrics.MetricsReporter;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The network metrics (producer-wide and per broker), app-info, the {@code kafka.producer} JMX domain and
 * {@code metric.reporters}, without a broker: the producer connects to a socket that accepts connections (the
 * kernel's backlog does) and never answers, so it connects, writes its ApiVersions request and waits.
 */
class ProducerNetworkMetricsTest {

    private static Object value(Map<MetricName, ? extends Metric> metrics, String group, String name,
                                Map<String, String> tags) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().group().equals(group) && e.getKey().name().equals(name)
                        && e.getKey().tags().equals(tags))
                .map(e -> e.getValue().metricValue())
                .findFirst().orElse(null);
    }

    private static double number(Map<MetricName, ? extends Metric> metrics, String group, String name,
                                 Map<String, String> tags) {
        Object v = value(metrics, group, name, tags);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s for " + what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(ServerSocket silent, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put("bootstrap.servers", "127.0.0.1:" + silent.getLocalPort());
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Test
    void aConnectionAndItsRequestAreCountedProducerWideAndPerBroker() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             KafkaProducer<byte[], byte[]> p = producer(silent, Map.of("client.id", "net-metrics"))) {
            Map<String, String> producerTags = Map.of("client-id", "net-metrics");
            // The bootstrap server's id is not known yet: -1, tagged node--1 as in Apache Kafka.
            Map<String, String> nodeTags = Map.of("client-id", "net-metrics", "node-id", "node--1");
            await("the ApiVersions request to be written",
                    () -> number(p.metrics(), "producer-node-metrics", "request-total", nodeTags) == 1.0);

            Map<MetricName, ? extends Metric> m = p.metrics();
            // An ApiVersions v3+ request: size prefix, header with the client id, software name and version.
            double requestBytes = number(m, "producer-node-metrics", "outgoing-byte-total", nodeTags);
            assertThat(requestBytes).isGreaterThan(20);
            assertThat(number(m, "producer-node-metrics", "request-size-max", nodeTags)).isEqualTo(requestBytes);
            assertThat(number(m, "producer-node-metrics", "response-total", nodeTags)).isZero();
            assertThat(number(m, "producer-node-metrics", "incoming-byte-total", nodeTags)).isZero();
            assertThat(number(m, "producer-node-metrics", "request-latency-max", nodeTags)).isNaN();

            assertThat(number(m, "producer-metrics", "connection-count", producerTags)).isEqualTo(1.0);
            assertThat(number(m, "producer-metrics", "connection-creation-total", producerTags)).isEqualTo(1.0);
            assertThat(number(m, "producer-metrics", "connection-close-total", producerTags)).isZero();
            // Not ready until ApiVersions is answered: no authentication finished, none failed.
            assertThat(number(m, "producer-metrics", "successful-authentication-total", producerTags)).isZero();
            assertThat(number(m, "producer-metrics", "failed-authentication-total", producerTags)).isZero();
            assertThat(number(m, "producer-metrics", "network-io-total", producerTags)).isEqualTo(1.0);
            assertThat(number(m, "producer-metrics", "response-total", producerTags)).isZero();
            assertThat(number(m, "producer-metrics", "select-total", producerTags)).isGreaterThanOrEqualTo(1.0);
            assertThat(number(m, "producer-metrics", "io-wait-time-ns-total", producerTags)).isGreaterThan(0);
            assertThat(number(m, "producer-metrics", "io-wait-ratio", producerTags)).isBetween(0.0, 1.0);
            assertThat(number(m, "producer-metrics", "io-ratio", producerTags)).isBetween(0.0, 1.0);
            // No metadata yet: its age counts from the producer's start.
            assertThat(number(m, "producer-metrics", "metadata-age", producerTags)).isGreaterThanOrEqualTo(0.0);
        }
    }

    @Test
    void appInfoHasTheVersionAnUnknownCommitAndTheStartTime() {
        long before = System.currentTimeMillis();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             KafkaProducer<byte[], byte[]> p = producer(silent, Map.of("client.id", "app-info-test"))) {
            long after = System.currentTimeMillis();
            Map<String, String> tags = Map.of("client-id", "app-info-test");
            Object version = value(p.metrics(), "app-info", "version", tags);
            assertThat(version).isInstanceOf(String.class);
            assertThat((String) version).as("the pom's version, filtered into samsa-version.properties")
                    .matches("\\d+\\.\\d+\\.\\d+.*");
            // The build was not given -Dsamsa.commit.id: Apache's placeholder.
            assertThat(value(p.metrics(), "app-info", "commit-id", tags)).isEqualTo("unknown");
            Object start = value(p.metrics(), "app-info", "start-time-ms", tags);
            assertThat(start).isInstanceOf(Long.class);
            assertThat((Long) start).isBetween(before, after);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void withTheKafkaProducerDomainTheMBeansHaveApacheKafkasObjectNames() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName producerBean = new ObjectName("kafka.producer:type=producer-metrics,client-id=jmx-apache");
        ObjectName nodeBean = new ObjectName(
                "kafka.producer:type=producer-node-metrics,client-id=jmx-apache,node-id=node--1");
        ObjectName appInfoBean = new ObjectName("kafka.producer:type=app-info,client-id=jmx-apache");
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             KafkaProducer<byte[], byte[]> p = producer(silent, Map.of("client.id", "jmx-apache",
                     ProducerConfig.SAMSA_JMX_DOMAIN_CONFIG, "kafka.producer"))) {
            await("the node's MBean", () -> server.isRegistered(nodeBean));
            await("the ApiVersions request to be written", () -> {
                try {
                    return ((Double) server.getAttribute(nodeBean, "request-total")) == 1.0;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(server.getAttribute(producerBean, "connection-count")).isEqualTo(1.0);
            assertThat(server.getAttribute(appInfoBean, "commit-id")).isEqualTo("unknown");
            assertThat(server.getAttribute(appInfoBean, "start-time-ms")).isInstanceOf(Long.class);
            assertThat(server.queryNames(new ObjectName("io.samsa.producer:client-id=jmx-apache,*"), null))
                    .as("nothing under the default domain").isEmpty();
        }
        assertThat(server.isRegistered(producerBean)).as("unregistered at close").isFalse();
        assertThat(server.isRegistered(nodeBean)).isFalse();
        assertThat(server.isRegistered(appInfoBean)).isFalse();
    }

    @Test
    void theDefaultDomainIsSamsas() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             KafkaProducer<byte[], byte[]> p = producer(silent, Map.of("client.id", "jmx-default"))) {
            assertThat(server.isRegistered(new ObjectName("io.samsa.producer:type=app-info,client-id=jmx-default")))
                    .isTrue();
            assertThat(server.queryNames(new ObjectName("kafka.producer:client-id=jmx-default,*"), null)).isEmpty();
        }
    }

    /** What each {@link RecordingReporter} saw, by the client id it was configured with. */
    static final Map<String, RecordingReporter> REPORTERS = new ConcurrentHashMap<>();

    /** A {@code metric.reporters} class that records its calls. */
    public static final class RecordingReporter implements MetricsReporter {
        final List<String> calls = new ArrayList<>();
        final List<MetricName> seen = new ArrayList<>();

        @Override
        public synchronized void configure(Map<String, ?> configs) {
            calls.add("configure");
            REPORTERS.put((String) configs.get("client.id"), this);
        }

        @Override
        public synchronized void init(Collection<LiveMetric> metrics) {
            calls.add("init");
            metrics.forEach(m -> seen.add(m.metricName()));
        }

        @Override
        public synchronized void metricChange(LiveMetric metric) {
            seen.add(metric.metricName());
        }

        @Override
        public synchronized void metricRemoval(LiveMetric metric) {
            seen.remove(metric.metricName());
        }

        @Override
        public synchronized void close() {
            calls.add("close");
        }

        synchronized boolean saw(String group, String name) {
            return seen.stream().anyMatch(n -> n.group().equals(group) && n.name().equals(name));
        }

        synchronized List<String> calls() {
            return List.copyOf(calls);
        }
    }

    @Test
    void aMetricReporterIsConfiguredShownEveryMetricAndClosedWithTheProducer() throws Exception {
        RecordingReporter reporter;
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             KafkaProducer<byte[], byte[]> p = producer(silent, Map.of("client.id", "reported",
                     ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG, RecordingReporter.class.getName()))) {
            reporter = REPORTERS.get("reported");
            assertThat(reporter).as("configured with the client id").isNotNull();
            assertThat(reporter.calls()).containsExactly("configure", "init");
            assertThat(reporter.saw("app-info", "version")).isTrue();
            assertThat(reporter.saw("producer-metrics", "record-send-total")).isTrue();
            // Metrics registered after init reach it too: the broker's, on its first connection.
            await("the node's metrics to reach the reporter",
                    () -> reporter.saw("producer-node-metrics", "request-total"));
        }
        assertThat(reporter.calls()).containsExactly("configure", "init", "close");
    }

    /** A reporter whose init fails; counts its closes. */
    public static final class FailingReporter implements MetricsReporter {
        static final java.util.concurrent.atomic.AtomicInteger CLOSED = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void init(Collection<LiveMetric> metrics) {
            throw new IllegalStateException("reporter init failed");
        }

        @Override
        public void metricChange(LiveMetric metric) {
        }

        @Override
        public void metricRemoval(LiveMetric metric) {
        }

        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }
    }

    @Test
    void aReporterWhoseInitFailsFailsTheProducerAndIsClosed() throws Exception {
        FailingReporter.CLOSED.set(0);
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> producer(silent, Map.of("client.id", "failing-reporter",
                    ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG, FailingReporter.class.getName())))
                    .hasMessageContaining("reporter init failed");
        }
        assertThat(FailingReporter.CLOSED).hasValue(1);
    }

    @Test
    void metricReportersMustImplementSamsasInterface() {
        assertThatThrownBy(() -> TestConfigs.producerConfig(Map.of(ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG,
                String.class.getName())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("metric.reporters")
                .hasMessageContaining("io.samsa.metrics.MetricsReporter");
        assertThatThrownBy(() -> TestConfigs.producerConfig(Map.of(ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG,
                "com.example.NoSuchReporter")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("com.example.NoSuchReporter");
    }

    @Test
    void theJmxDomainMustBeOne() {
        assertThatThrownBy(() -> TestConfigs.producerConfig(Map.of(ProducerConfig.SAMSA_JMX_DOMAIN_CONFIG,
                "kafka:producer")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("samsa.jmx.domain");
        assertThat(TestConfigs.producerConfig(Map.of()).jmxDomain()).isEqualTo("io.samsa.producer");
    }
}
