package io.samsa.telemetry;

import org.apache.kafka.shaded.io.opentelemetry.proto.common.v1.AnyValue;
import org.apache.kafka.shaded.io.opentelemetry.proto.common.v1.InstrumentationScope;
import org.apache.kafka.shaded.io.opentelemetry.proto.common.v1.KeyValue;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.Metric;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.MetricsData;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import org.apache.kafka.shaded.io.opentelemetry.proto.resource.v1.Resource;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The telemetry payload is checked against the OpenTelemetry protobuf classes Apache Kafka's client ships (shaded in
 * kafka-clients): the same message built with them serializes to the same bytes, and they read ours back.
 */
class OtlpMetricsTest {
    private static final long T0 = 1_733_400_000_000_000_000L;
    private static final long T1 = T0 + 30_000_000_000L;

    private static List<TelemetryPoint> points() {
        Map<String, String> node = new LinkedHashMap<>();
        node.put("node_id", "node-1");
        Map<String, String> topic = Map.of("topic", "orders \u00e9");
        return List.of(
                new TelemetryPoint("org.apache.kafka.producer.record.send.rate", false, false, false, 1234.5, 0, T1,
                        Map.of()),
                new TelemetryPoint("org.apache.kafka.producer.node.request.latency.avg", false, false, false,
                        Double.NaN, 0, T1, node),
                new TelemetryPoint("org.apache.kafka.app.info.start.time.ms", false, false, true, 1733400000123L, 0,
                        T1, Map.of()),
                new TelemetryPoint("org.apache.kafka.producer.record.send.total", true, false, false, 5e6, T0, T1,
                        Map.of()),
                new TelemetryPoint("org.apache.kafka.producer.topic.byte.total", true, true, false, 0.0, T0, T1,
                        topic));
    }

    private static MetricsData apacheBuilt() {
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("io.samsa").setVersion("1.2.3"));
        for (TelemetryPoint p : points()) {
            NumberDataPoint.Builder point = NumberDataPoint.newBuilder().setTimeUnixNano(p.timeNanos());
            if (p.sum()) {
                point.setStartTimeUnixNano(p.startNanos());
            }
            if (p.integer()) {
                point.setAsInt((long) p.value());
            } else {
                point.setAsDouble(p.value());
            }
            p.attributes().forEach((k, v) -> point.addAttributes(kv(k, v)));
            Metric.Builder m = Metric.newBuilder().setName(p.name());
            if (p.sum()) {
                m.getSumBuilder().addDataPoints(point).setIsMonotonic(true).setAggregationTemporality(p.delta()
                        ? AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
                        : AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
            } else {
                m.getGaugeBuilder().addDataPoints(point);
            }
            scope.addMetrics(m);
        }
        Resource resource = Resource.newBuilder().addAttributes(kv("transactional_id", "txn-1")).build();
        return MetricsData.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(scope))
                .build();
    }

    private static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    @Test
    void encodesTheBytesTheOpenTelemetryClassesWrite() {
        byte[] ours = OtlpMetrics.encode(Map.of("transactional_id", "txn-1"), "1.2.3", points());
        assertArrayEquals(apacheBuilt().toByteArray(), ours);
    }

    @Test
    void theOpenTelemetryClassesReadItBack() throws Exception {
        byte[] ours = OtlpMetrics.encode(Map.of("transactional_id", "txn-1"), "1.2.3", points());
        MetricsData data = MetricsData.parseFrom(ours);
        assertEquals(1, data.getResourceMetricsCount());
        ResourceMetrics rm = data.getResourceMetrics(0);
        assertEquals("txn-1", rm.getResource().getAttributes(0).getValue().getStringValue());
        List<Metric> metrics = rm.getScopeMetrics(0).getMetricsList();
        assertEquals(5, metrics.size());
        assertEquals(1234.5, metrics.get(0).getGauge().getDataPoints(0).getAsDouble());
        assertEquals("node-1", metrics.get(1).getGauge().getDataPoints(0).getAttributes(0).getValue()
                .getStringValue());
        assertEquals(1733400000123L, metrics.get(2).getGauge().getDataPoints(0).getAsInt());
        Metric total = metrics.get(3);
        assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, total.getSum()
                .getAggregationTemporality());
        assertEquals(T0, total.getSum().getDataPoints(0).getStartTimeUnixNano());
        assertEquals(T1, total.getSum().getDataPoints(0).getTimeUnixNano());
        assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, metrics.get(4).getSum()
                .getAggregationTemporality());
        assertEquals("orders \u00e9", metrics.get(4).getSum().getDataPoints(0).getAttributes(0).getValue()
                .getStringValue());
    }
}
