package io.samsa.telemetry;

import java.util.List;
import java.util.Map;

/**
 * Encodes telemetry points as an OpenTelemetry {@code MetricsData} protobuf message
 * (opentelemetry/proto/metrics/v1/metrics.proto), the payload of a KIP-714 PushTelemetry request. The message has one
 * resource (the client's resource attributes) with one scope holding every metric, each with a single data point:
 *
 * <pre>
 *   MetricsData
 *     1 resource_metrics: ResourceMetrics
 *         1 resource: Resource
 *             1 attributes: KeyValue*         (transactional_id, client_rack when set)
 *         2 scope_metrics: ScopeMetrics
 *             1 scope: InstrumentationScope   (1 name "io.samsa", 2 version)
 *             2 metrics: Metric*
 *                 1 name: string
 *                 5 gauge: Gauge   { 1 data_points: NumberDataPoint }
 *                 7 sum:   Sum     { 1 data_points: NumberDataPoint, 2 aggregation_temporality: enum
 *                                    (1 DELTA, 2 CUMULATIVE), 3 is_monotonic: bool }
 *
 *   NumberDataPoint
 *     2 start_time_unix_nano: fixed64   (sums only)
 *     3 time_unix_nano: fixed64
 *     4 as_double: double  |  6 as_int: sfixed64
 *     7 attributes: KeyValue*
 *
 *   KeyValue { 1 key: string, 2 value: AnyValue { 1 string_value: string } }
 * </pre>
 *
 * Apache Kafka's client sends one ResourceMetrics per metric, repeating the resource each time; one resource for
 * all of them says the same to any OTLP reader in fewer bytes.
 */
public final class OtlpMetrics {
    static final String SCOPE_NAME = "io.samsa";
    private static final int TEMPORALITY_DELTA = 1;
    private static final int TEMPORALITY_CUMULATIVE = 2;

    private OtlpMetrics() {
    }

    /** The serialized {@code MetricsData}. */
    public static byte[] encode(Map<String, String> resourceAttributes, String scopeVersion,
                                List<TelemetryPoint> points) {
        ProtobufWriter resource = new ProtobufWriter();
        attributes(resource, 1, resourceAttributes);

        ProtobufWriter scope = new ProtobufWriter().string(1, SCOPE_NAME);
        if (scopeVersion != null && !scopeVersion.isEmpty()) {
            scope.string(2, scopeVersion);
        }
        ProtobufWriter scopeMetrics = new ProtobufWriter().message(1, scope);
        for (TelemetryPoint p : points) {
            scopeMetrics.message(2, metric(p));
        }

        ProtobufWriter resourceMetrics = new ProtobufWriter().message(1, resource).message(2, scopeMetrics);
        return new ProtobufWriter().message(1, resourceMetrics).toByteArray();
    }

    private static ProtobufWriter metric(TelemetryPoint p) {
        ProtobufWriter point = new ProtobufWriter();
        if (p.sum()) {
            point.fixed64(2, p.startNanos());
        }
        point.fixed64(3, p.timeNanos());
        if (p.integer()) {
            point.fixed64(6, (long) p.value());
        } else {
            point.doubleValue(4, p.value());
        }
        attributes(point, 7, p.attributes());

        ProtobufWriter metric = new ProtobufWriter().string(1, p.name());
        if (p.sum()) {
            ProtobufWriter sum = new ProtobufWriter().message(1, point)
                    .varintField(2, p.delta() ? TEMPORALITY_DELTA : TEMPORALITY_CUMULATIVE)
                    .varintField(3, 1);
            metric.message(7, sum);
        } else {
            metric.message(5, new ProtobufWriter().message(1, point));
        }
        return metric;
    }

    private static void attributes(ProtobufWriter out, int field, Map<String, String> attributes) {
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            ProtobufWriter value = new ProtobufWriter().string(1, e.getValue());
            out.message(field, new ProtobufWriter().string(1, e.getKey()).message(2, value));
        }
    }
}
