package io.samsa.kafka;

import io.samsa.kafka.embedded.ClientTelemetryLog;
import io.samsa.kafka.embedded.ClientTelemetryPush;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client telemetry through the adapter, in Apache's types: {@code clientInstanceId} returns Apache's {@link Uuid}
 * of the id the broker filed the pushes under, and a {@link KafkaMetric} registered for subscription (as Kafka
 * Streams registers its own) is pushed with the producer's metrics.
 */
class ClientTelemetryAdapterIT {

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void clientInstanceIdAndApplicationMetricsInApachesTypes(
            @KafkaCluster(clientTelemetry = true, shared = false) KafkaTestCluster kafka) throws Exception {
        kafka.setClientMetricsSubscription("adapter", List.of("org.apache.kafka.producer.", "org.apache.kafka.stream."),
                500);
        ClientTelemetryLog log = kafka.clientTelemetry();
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put("client.id", "adapter-telemetry");
        MetricConfig metricConfig = new MetricConfig();
        CumulativeSum processed = new CumulativeSum();
        processed.record(metricConfig, 42.0, 0L);
        KafkaMetric appMetric = new KafkaMetric(new Object(), new MetricName("process-total", "stream-thread-metrics",
                "records processed", Map.of("thread-id", "t1")), processed, metricConfig, Time.SYSTEM);
        try (Producer<String, String> producer = new SamsaKafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            producer.registerMetricForSubscription(appMetric);
            producer.send(new ProducerRecord<>("adapter-telemetry", "k", "v")).get(30, TimeUnit.SECONDS);
            Uuid id = producer.clientInstanceId(Duration.ofSeconds(30));
            assertThat(id).isNotNull();
            ClientTelemetryPush push = log.awaitPush(p -> p.clientInstanceId().equals(id.toString())
                    && p.point("org.apache.kafka.stream.thread.process.total").isPresent(), Duration.ofSeconds(60));
            assertThat(push.clientId()).isEqualTo("adapter-telemetry");
            ClientTelemetryPush.Point point = push.point("org.apache.kafka.stream.thread.process.total").orElseThrow();
            assertThat(point.kind()).isEqualTo(ClientTelemetryPush.Kind.SUM);
            assertThat(point.attributes()).containsEntry("thread_id", "t1");
            assertThat(push.point("org.apache.kafka.producer.record.send.total")).isPresent();
        } finally {
            kafka.deleteClientMetricsSubscription("adapter");
        }
    }
}
