package io.samsa.clients.producer;

import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reliability and latency metrics for failures that need no broker: with nothing listening, records for a topic
 * without metadata stay parked and keep their share of {@code buffer.memory}, which makes "buffer full"
 * deterministic.
 */
class ProducerMetricsWithoutBrokerTest {

    private static double value(Map<MetricName, ? extends Metric> metrics, String group, String name, String topic) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals(group)
                        && (topic == null || topic.equals(e.getKey().tags().get("topic"))))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElseThrow(() -> new AssertionError("no metric " + group + "/" + name));
    }

    private static double producerMetric(KafkaProducer<?, ?> p, String name) {
        return value(p.metrics(), "producer-metrics", name, null);
    }

    @Test
    void bufferExhaustionWaitsFailuresAndFlushTimeAreCounted() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", "127.0.0.1:" + port);
        config.put("buffer.memory", 4096);
        config.put("max.block.ms", 50);
        config.put("linger.ms", 0);
        config.put("request.timeout.ms", 1000);
        config.put("delivery.timeout.ms", 1500);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            assertThat(producerMetric(p, "buffer-exhausted-total")).isZero();
            assertThat(producerMetric(p, "flush-time-ns-total")).isZero();
            assertThat(producerMetric(p, "bufferpool-wait-ratio")).isZero();

            // Parked (no metadata ever arrives), holding ~3 KB of the 4 KB.
            CompletableFuture<RecordMetadata> parked = p.send(new ProducerRecord<>("idle-topic", new byte[3000]));
            // No room: trySend fails at once, send after max.block.ms; both count as buffer exhaustion.
            CompletableFuture<RecordMetadata> tried = p.trySend(new ProducerRecord<>("idle-topic", new byte[3000]));
            CompletableFuture<RecordMetadata> blocked = p.send(new ProducerRecord<>("idle-topic", new byte[3000]));
            assertThatThrownBy(() -> tried.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(BufferExhaustedException.class).hasMessageContaining("buffer.memory");
            assertThatThrownBy(() -> blocked.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(BufferExhaustedException.class).hasMessageContaining("max.block.ms");
            assertThat(producerMetric(p, "buffer-exhausted-total")).isEqualTo(2);
            // Only the blocking send waited for memory: its max.block.ms shows in the total and the ratio.
            double waitedNs = producerMetric(p, "bufferpool-wait-time-ns-total");
            assertThat(waitedNs).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
            assertThat(producerMetric(p, "bufferpool-wait-ratio")).isGreaterThan(0.0);

            // flush waits for the parked record to expire (delivery.timeout.ms) and measures that wait.
            p.flush();
            assertThat(parked).isCompletedExceptionally();
            assertThat(producerMetric(p, "flush-time-ns-total")).isGreaterThan(0);

            // Every failure is counted, once, producer-wide and for its topic.
            assertThat(producerMetric(p, "record-error-total")).isEqualTo(3);
            assertThat(value(p.metrics(), "producer-topic-metrics", "record-error-total", "idle-topic"))
                    .isEqualTo(3);
            assertThat(producerMetric(p, "records-acked-total")).isZero();
        }
    }
}
