package io.samsa.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.samsa.clients.producer.KafkaProducer;
import io.samsa.clients.producer.ProducerRecord;
import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.prometheus.NoBroker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamsaMeterBinderTest {

    private static final String TOPIC_ERRORS = "samsa.producer.topic.record.error.total";

    @Test
    void everyMetricIsAMeterWithItsTagsTotalsAsFunctionCounters() {
        try (KafkaProducer<byte[], byte[]> producer = NoBroker.producer("binder-test");
             SamsaMeterBinder binder = new SamsaMeterBinder(producer)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            binder.bindTo(registry);

            Gauge rate = registry.get("samsa.producer.record.send.rate").tags("client-id", "binder-test").gauge();
            assertThat(rate.value()).isZero();
            assertThat(rate.getId().getDescription()).contains("Records sent to brokers per second");
            FunctionCounter sent = registry.get("samsa.producer.record.send.total").functionCounter();
            assertThat(sent.getId().getTags()).isEqualTo(Tags.of("client-id", "binder-test").stream().toList());
            assertThat(sent.count()).isZero();

            int numeric = 0;
            for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
                if (!(e.getValue().metricValue() instanceof Number)) {
                    continue; // app-info's version and commit id: Strings, not meters
                }
                MetricName name = e.getKey();
                Meter m = registry.get(SamsaMeterBinder.meterName(name)).meter();
                assertThat(m).isInstanceOf(name.name().endsWith("-total") ? FunctionCounter.class : Gauge.class);
                numeric++;
            }
            assertThat(registry.getMeters()).hasSize(numeric);
        }
    }

    @Test
    void refreshBindsMetricsThatAppearedLaterAndCloseRemovesTheMeters() {
        try (KafkaProducer<byte[], byte[]> producer = NoBroker.producer("refresh-test")) {
            SamsaMeterBinder binder = new SamsaMeterBinder(producer);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            binder.bindTo(registry);
            assertThat(registry.find(TOPIC_ERRORS).meter()).isNull();

            // Nothing listens: the record expires after delivery.timeout.ms and is counted for its topic.
            producer.send(new ProducerRecord<>("idle-topic", new byte[10]));
            producer.flush();
            assertThat(registry.find(TOPIC_ERRORS).meter()).isNull();

            binder.refresh();
            FunctionCounter errors = registry.get(TOPIC_ERRORS).tags("client-id", "refresh-test", "topic", "idle-topic")
                    .functionCounter();
            assertThat(errors.count()).isEqualTo(1.0);
            int before = registry.getMeters().size();
            binder.refresh();
            assertThat(registry.getMeters()).hasSize(before);

            binder.close();
            assertThat(registry.getMeters()).isEmpty();
            assertThatThrownBy(() -> binder.bindTo(registry)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aScheduledBinderPicksUpLateMetricsByItself() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = NoBroker.producer("scheduled-test");
             SamsaMeterBinder binder = new SamsaMeterBinder(producer, Duration.ofMillis(50))) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            binder.bindTo(registry);
            producer.send(new ProducerRecord<>("idle-topic", new byte[10]));
            producer.flush();

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (registry.find(TOPIC_ERRORS).meter() == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(registry.get(TOPIC_ERRORS).functionCounter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void namesFollowTheScheme() {
        assertThat(SamsaMeterBinder.meterName(new MetricName("record-send-rate", "producer-metrics", "", Map.of())))
                .isEqualTo("samsa.producer.record.send.rate");
        assertThat(SamsaMeterBinder.meterName(
                new MetricName("byte-total", "producer-topic-metrics", "", Map.of())))
                .isEqualTo("samsa.producer.topic.byte.total");
        assertThatThrownBy(() -> new SamsaMeterBinder(null)).isInstanceOf(NullPointerException.class);
    }
}
