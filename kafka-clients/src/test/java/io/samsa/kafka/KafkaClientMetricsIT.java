package io.samsa.kafka;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Micrometer's {@link KafkaClientMetrics}, the binder Spring Boot applies to every Kafka producer, over a
 * {@link SamsaKafkaProducer} sending to a real broker: the producer's metrics become meters under Micrometer's
 * Kafka names ({@code kafka.producer.record.send.total}, ...), tagged with the client id and, as
 * {@code kafka.version}, Samsa's version from the {@code app-info} group; they read live values, and the binder's
 * periodic re-read picks up metrics that appear later (a new topic's).
 */
@KafkaCluster
class KafkaClientMetricsIT {
    private static final String CLIENT_ID = "micrometer-it";
    private static final int BUFFER_MEMORY = 8 * 1024 * 1024;

    /**
     * The binder's scheduler, run by hand: {@link #refresh()} is the binder's periodic re-read of {@code metrics()},
     * so the test sees it pick up new metrics without waiting for a period.
     */
    static final class ManualRefresh extends ScheduledThreadPoolExecutor {
        private volatile Runnable refresh;

        ManualRefresh() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period,
                                                      TimeUnit unit) {
            refresh = command;
            return super.schedule(() -> { }, 1, TimeUnit.DAYS);
        }

        void refresh() {
            refresh.run();
        }
    }

    @Test
    void kafkaClientMetricsBindsSamsaProducerMetrics(KafkaTestCluster kafka) throws Exception {
        String topic = "micrometer-metrics";
        kafka.createTopic(topic, 1, 1);
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put("client.id", CLIENT_ID);
        config.put("buffer.memory", BUFFER_MEMORY);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ManualRefresh scheduler = new ManualRefresh();
        try (SamsaKafkaProducer<String, String> producer =
                     new SamsaKafkaProducer<>(config, new StringSerializer(), new StringSerializer());
             KafkaClientMetrics binder = new KafkaClientMetrics(producer, List.of(), scheduler,
                     Duration.ofDays(1))) {
            binder.bindTo(registry);
            // Bound before the first record: the topic's metrics do not exist yet.
            assertThat(registry.find("kafka.producer.topic.record.send.total").meters()).isEmpty();
            for (int i = 0; i < 25; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.flush();
            // The binder's periodic re-read finds the new map and binds the topic's metrics.
            scheduler.refresh();

            FunctionCounter sent = registry.get("kafka.producer.record.send.total").functionCounter();
            assertThat(sent.count()).isGreaterThanOrEqualTo(25);
            assertThat(sent.getId().getTags())
                    .contains(Tag.of("client.id", CLIENT_ID), Tag.of("kafka.version", MetricsView.VERSION));
            FunctionCounter topicSent = registry.get("kafka.producer.topic.record.send.total")
                    .tag("topic", topic).functionCounter();
            assertThat(topicSent.count()).isEqualTo(25);

            // Buffer utilisation and latency, as gauges reading the live value.
            Gauge available = registry.get("kafka.producer.buffer.available.bytes").gauge();
            assertThat(available.value()).isPositive().isLessThanOrEqualTo(BUFFER_MEMORY);
            assertThat(registry.get("kafka.producer.buffer.total.bytes").gauge().value()).isEqualTo(BUFFER_MEMORY);
            Gauge latency = registry.get("kafka.producer.request.latency.avg").gauge();
            assertThat(latency.value()).isPositive();
            assertThat(latency.getId().getTags())
                    .contains(Tag.of("client.id", CLIENT_ID), Tag.of("kafka.version", MetricsView.VERSION));

            // More records: the meters bound earlier read the new values (no re-binding needed).
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "more-" + i));
            }
            producer.flush();
            assertThat(topicSent.count()).isEqualTo(30);
            assertThat(sent.count()).isGreaterThanOrEqualTo(30);

            // The app-info group: the start time is a gauge, the version (a String) only a tag.
            assertThat(registry.find("kafka.app.info.start.time.ms").gauge()).isNotNull();
            assertThat(registry.find("kafka.app.info.version").meter()).isNull();

            // Every meter reads a number: no metric value the binder cannot turn into one.
            for (Meter meter : registry.getMeters()) {
                meter.measure().forEach(m -> assertThat(m.getValue()).as(meter.getId().toString()).isNotNull());
            }
        } finally {
            scheduler.shutdownNow();
            assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        // Closing the binder took its meters out of the registry.
        assertThat(registry.find("kafka.producer.record.send.total").meters()).isEmpty();
    }
}
