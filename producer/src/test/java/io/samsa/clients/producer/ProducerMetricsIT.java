package io.samsa.clients.producer;

import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed's five models are live on a real producer: throughput, latency, reliability, buffer, batching. */
@KafkaCluster
class ProducerMetricsIT {
    private static double value(Map<MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElseThrow(() -> new AssertionError("no metric " + name));
    }

    @Test
    void theFiveModelsReportWhatHappened(KafkaTestCluster kafka) throws Exception {
        kafka.createTopic("metrics", 2, 1);
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("client.id", "metrics-it");
        config.put("linger.ms", 20);
        config.put("batch.size", 4096);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 2_000; i++) {
                producer.send(new ProducerRecord<>("metrics", new byte[] {(byte) i}, new byte[100]));
            }
            producer.flush();
            Map<MetricName, ? extends Metric> m = producer.metrics();
            // Throughput and reliability
            assertThat(value(m, "records-acked-total")).isEqualTo(2_000);
            // Every attempt counts as a send (as in Apache Kafka): a fresh topic may refuse the first batches
            // for a moment (NOT_LEADER_OR_FOLLOWER), and those records are sent again.
            assertThat(value(m, "record-send-total"))
                    .isEqualTo(2_000 + value(m, "record-retry-total"));
            assertThat(value(m, "record-error-total")).isZero();
            assertThat(value(m, "record-send-rate")).isGreaterThan(0);
            // Latency
            assertThat(value(m, "request-latency-max")).isGreaterThanOrEqualTo(0);
            assertThat(value(m, "record-queue-time-max")).isGreaterThanOrEqualTo(0);
            // Buffer utilisation: everything acknowledged, so nothing is held
            assertThat(value(m, "buffer-total-bytes")).isEqualTo(33_554_432);
            assertThat(value(m, "buffer-used-bytes")).isZero();
            // Batch efficiency: 100-byte records in 4 KiB batches
            assertThat(value(m, "records-per-batch-avg")).isGreaterThan(1);
            assertThat(value(m, "batch-fill-ratio-avg")).isGreaterThan(0).isLessThanOrEqualTo(1.0);
            assertThat(value(m, "batch-size-avg")).isGreaterThan(100);
            assertThat(value(m, "records-per-request-avg")).isGreaterThan(1);
            // JMX
            Object jmx = ManagementFactory.getPlatformMBeanServer().getAttribute(
                    new ObjectName("io.samsa.producer:type=producer-metrics,client-id=metrics-it"), "record-send-total");
            // The same number as metrics(): retries of a fresh topic's first batches count here too.
            assertThat(((Number) jmx).doubleValue()).isEqualTo(2_000 + value(m, "record-retry-total"));
        }
        assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(
                new ObjectName("io.samsa.producer:type=producer-metrics,client-id=metrics-it"))).isFalse();
    }

    private static double topicValue(Map<MetricName, ? extends Metric> metrics, String name, String topic) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("producer-topic-metrics")
                        && topic.equals(e.getKey().tags().get("topic")))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElseThrow(() -> new AssertionError("no metric " + name + " for topic " + topic));
    }

    @Test
    void perTopicMetricsAndMetadataWaitAreFed(KafkaTestCluster kafka) throws Exception {
        kafka.createTopic("metrics-a", 2, 1);
        kafka.createTopic("metrics-b", 1, 1);
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("client.id", "metrics-topics-it");
        config.put("linger.ms", 5);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            assertThat(value(producer.metrics(), "metadata-wait-time-ns-total")).isZero();
            // send() never waits for metadata; partitionsFor on a topic not known yet does, and that is measured.
            assertThat(producer.partitionsFor("metrics-a")).hasSize(2);
            assertThat(value(producer.metrics(), "metadata-wait-time-ns-total")).isGreaterThan(0);
            for (int i = 0; i < 300; i++) {
                producer.send(new ProducerRecord<>("metrics-a", new byte[] {(byte) i}, new byte[50]));
            }
            for (int i = 0; i < 200; i++) {
                producer.send(new ProducerRecord<>("metrics-b", new byte[] {(byte) i}, new byte[50]));
            }
            // Fails at once: metrics-b has one partition.
            producer.send(new ProducerRecord<>("metrics-b", 5, null, new byte[1]));
            producer.flush();
            Map<MetricName, ? extends Metric> m = producer.metrics();
            assertThat(topicValue(m, "record-send-total", "metrics-a"))
                    .isEqualTo(300 + topicValue(m, "record-retry-total", "metrics-a"));
            assertThat(topicValue(m, "record-send-total", "metrics-b"))
                    .isEqualTo(200 + topicValue(m, "record-retry-total", "metrics-b"));
            assertThat(topicValue(m, "byte-total", "metrics-a")).isGreaterThan(300 * 50);
            assertThat(topicValue(m, "record-error-total", "metrics-b")).isEqualTo(1);
            assertThat(value(m, "record-send-total")).isEqualTo(500 + value(m, "record-retry-total"));
            assertThat(value(m, "record-error-total")).isEqualTo(1);
            assertThat(value(m, "flush-time-ns-total")).isGreaterThan(0);
        }
    }

    @Test
    void networkMetricsPerBrokerAndApacheKafkasJmxNames(KafkaTestCluster kafka) throws Exception {
        kafka.createTopic("metrics-net", 1, 1);
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("client.id", "metrics-net-it");
        config.put(ProducerConfig.SAMSA_JMX_DOMAIN_CONFIG, "kafka.producer");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>("metrics-net", new byte[100]));
            }
            producer.flush();

            Set<ObjectName> nodes = server.queryNames(
                    new ObjectName("kafka.producer:type=producer-node-metrics,client-id=metrics-net-it,*"), null);
            // The bootstrap connection (node--1) and the broker's own, by its id.
            assertThat(nodes).anyMatch(n -> n.getKeyProperty("node-id").equals("node--1"));
            ObjectName broker = nodes.stream().filter(n -> !n.getKeyProperty("node-id").startsWith("node--"))
                    .findFirst().orElseThrow(() -> new AssertionError("no broker node in " + nodes));
            assertThat((Double) server.getAttribute(broker, "response-total")).isGreaterThanOrEqualTo(1.0);
            assertThat((Double) server.getAttribute(broker, "incoming-byte-total")).isGreaterThan(0.0);
            assertThat((Double) server.getAttribute(broker, "outgoing-byte-total")).isGreaterThan(100 * 100.0);
            assertThat((Double) server.getAttribute(broker, "request-latency-avg")).isGreaterThanOrEqualTo(0.0);
            // Every response counts producer-wide and for its broker.
            double perNode = 0;
            for (ObjectName n : nodes) {
                perNode += (Double) server.getAttribute(n, "response-total");
            }
            ObjectName producerBean = new ObjectName("kafka.producer:type=producer-metrics,client-id=metrics-net-it");
            assertThat((Double) server.getAttribute(producerBean, "response-total")).isEqualTo(perNode);
            assertThat((Double) server.getAttribute(producerBean, "successful-authentication-total"))
                    .isGreaterThanOrEqualTo(1.0);
            assertThat((Double) server.getAttribute(producerBean, "metadata-age")).isBetween(0.0, 60.0);
            assertThat(server.getAttribute(new ObjectName(
                    "kafka.producer:type=producer-topic-metrics,client-id=metrics-net-it,topic=metrics-net"),
                    "record-send-total")).isInstanceOf(Double.class);
            assertThat(server.getAttribute(new ObjectName("kafka.producer:type=app-info,client-id=metrics-net-it"),
                    "version")).isInstanceOf(String.class);
        }
    }
}
