package io.samsa.telemetry;

import io.samsa.clients.producer.KafkaProducer;
import io.samsa.clients.producer.ProducerConfig;
import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.telemetry.internals.MetricKey;
import org.apache.kafka.common.telemetry.internals.MetricNamingStrategy;
import org.apache.kafka.common.telemetry.internals.TelemetryMetricNamingConvention;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelemetryCollectorTest {

    /**
     * Every metric of a real producer gets the telemetry name and attributes Apache Kafka's client gives a metric of
     * that name, group and tags (its naming strategy, from kafka-clients), so subscriptions written for Apache's
     * producer select ours.
     */
    @Test
    void namesEveryProducerMetricAsApacheKafkasClientDoes() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "naming");
        MetricNamingStrategy<org.apache.kafka.common.MetricName> apache =
                TelemetryMetricNamingConvention.getClientTelemetryMetricNamingStrategy("org.apache.kafka");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            Map<MetricName, ? extends Metric> metrics = producer.metrics();
            TelemetryCollector collector = new TelemetryCollector(() -> metrics);
            List<TelemetryPoint> points = collector.collect(name -> true, false, System.currentTimeMillis());
            Map<String, TelemetryPoint> byKey = new HashMap<>();
            points.forEach(p -> byKey.put(p.name() + p.attributes(), p));
            int numeric = 0;
            for (MetricName n : metrics.keySet()) {
                MetricKey key = apache.metricKey(new org.apache.kafka.common.MetricName(n.name(), n.group(),
                        n.description(), n.tags()));
                Map<String, String> attributes = new LinkedHashMap<>(key.tags());
                attributes.remove("client_id");
                boolean number = metrics.get(n).metricValue() instanceof Number;
                TelemetryPoint p = byKey.get(key.name() + attributes);
                assertEquals(number, p != null, n + " -> " + key.name() + attributes);
                numeric += number ? 1 : 0;
                if (p != null) {
                    assertEquals(n.name().endsWith("-total"), p.sum(), "sum or gauge: " + n);
                }
            }
            assertEquals(numeric, points.size());
            assertTrue(numeric > 40, "producer metrics seen: " + numeric);
        }
    }

    @Test
    void sendsTheChangeOfASumUnderDeltaTemporalityAndTheTotalOtherwise() {
        AtomicReference<Double> total = new AtomicReference<>(10.0);
        MetricName name = new MetricName("record-send-total", "producer-metrics", "", Map.of("client-id", "c"));
        MetricName gauge = new MetricName("buffer-available-bytes", "producer-metrics", "",
                Map.of("client-id", "c"));
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        metrics.put(name, metric(name, total::get));
        metrics.put(gauge, metric(gauge, () -> 7.0));
        TelemetryCollector collector = new TelemetryCollector(() -> metrics);

        List<TelemetryPoint> first = collector.collect(n -> true, true, 1_000);
        assertEquals(10.0, first.get(0).value());
        assertTrue(first.get(0).sum() && first.get(0).delta());
        assertEquals(Map.of(), first.get(0).attributes(), "client_id is left out");
        assertFalse(first.get(1).sum());
        total.set(25.0);
        TelemetryPoint second = collector.collect(n -> true, true, 2_000).get(0);
        assertEquals(15.0, second.value());
        assertEquals(1_000_000_000L, second.startNanos());
        assertEquals(2_000_000_000L, second.timeNanos());

        TelemetryPoint cumulative = collector.collect(n -> true, false, 3_000).get(0);
        assertEquals(25.0, cumulative.value());
        assertFalse(cumulative.delta());
        List<TelemetryPoint> selected = collector.collect(n -> n.endsWith(".available.bytes"), false, 4_000);
        assertEquals(1, selected.size());
        assertEquals("org.apache.kafka.producer.buffer.available.bytes", selected.get(0).name());
    }

    private static Metric metric(MetricName name, java.util.function.Supplier<Double> value) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                return name;
            }

            @Override
            public Object metricValue() {
                return value.get();
            }
        };
    }
}
