package io.samsa.producer;

import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

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
            assertThat(value(m, "record-send-total")).isEqualTo(2_000);
            assertThat(value(m, "records-acked-total")).isEqualTo(2_000);
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
            assertThat(((Number) jmx).doubleValue()).isEqualTo(2_000);
        }
        assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(
                new ObjectName("io.samsa.producer:type=producer-metrics,client-id=metrics-it"))).isFalse();
    }
}
