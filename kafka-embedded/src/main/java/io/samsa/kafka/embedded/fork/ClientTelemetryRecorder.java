package io.samsa.kafka.embedded.fork;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.telemetry.ClientTelemetry;
import org.apache.kafka.server.telemetry.ClientTelemetryPayload;
import org.apache.kafka.server.telemetry.ClientTelemetryReceiver;
import org.apache.kafka.shaded.io.opentelemetry.proto.common.v1.AnyValue;
import org.apache.kafka.shaded.io.opentelemetry.proto.common.v1.KeyValue;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.Metric;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.MetricsData;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import org.apache.kafka.shaded.io.opentelemetry.proto.metrics.v1.ScopeMetrics;

/**
 * A broker plugin (runs inside a node fork only) that records every KIP-714 client telemetry push the broker
 * receives, so tests in the parent JVM can check what a client sent. Configured with
 * {@code metric.reporters=io.samsa.kafka.embedded.fork.ClientTelemetryRecorder} and
 * {@value #DIRECTORY_CONFIG}{@code =<directory>}.
 *
 * <p>Being a {@link MetricsReporter} that implements {@link ClientTelemetry} is what makes a Kafka 3.9 or 4.1
 * broker accept telemetry at all: without such a reporter the broker leaves {@code GetTelemetrySubscriptions} and
 * {@code PushTelemetry} out of its {@code ApiVersions} response, and clients never push. (Kafka 4.2 adds a
 * separate exporter interface; 3.9 and 4.1 know only this one.) The broker's own metrics are ignored.
 *
 * <p>The broker hands us the metrics data already decompressed ({@code PushTelemetryRequest.metricsData()}
 * undoes the client's compression), so the payload is an OTLP {@code MetricsData} protobuf, decoded here with the
 * OTLP classes shaded into kafka-clients (present in 3.9 and 4.1).
 *
 * <h2>Files</h2>
 * Each push becomes two files in the directory, named {@code push-<broker>-<pid>-<seq>}: {@code .bin}, the payload
 * bytes as received, and {@code .txt}, the decoded form below. The {@code .bin} is written first and each file is
 * written to a temporary name and renamed, so a reader that sees a {@code .txt} sees complete files.
 *
 * <h2>Text format</h2>
 * UTF-8 lines of tab-separated fields; within a field {@code \} {@code tab} {@code newline} {@code CR} are escaped
 * as {@code \\ \t \n \r}. The first line is {@value #FORMAT_LINE}. Then header lines {@code KEY<tab>VALUE}:
 * <pre>
 * received_at_ms      epoch millis at the broker
 * sequence            per broker JVM, from 1
 * broker_id           the receiving broker
 * client_instance_id  Kafka's Uuid string (base64), as the client's clientInstanceId() prints it
 * client_id           client.id from the request header
 * terminating         true|false
 * content_type        as the broker reports it ({@code OTLP}: KIP-714 defines no other)
 * listener, security_protocol, principal, client_address   from the request context
 * raw_file            name of the .bin file next to this one
 * raw_bytes           its size
 * resource            KEY=VALUE, one line per distinct resource attribute (repeated)
 * scope               NAME, one line per distinct instrumentation scope name (repeated; Kafka's clients send "")
 * error               present only when the payload could not be decoded
 * </pre>
 * Then one line per data point:
 * <pre>
 * point NAME KIND MONOTONIC TEMPORALITY VALUE START_NANOS TIME_NANOS [ATTR_KEY=ATTR_VALUE]...
 * </pre>
 * KIND is {@code gauge}, {@code sum}, or for kinds the Kafka clients do not send, {@code histogram},
 * {@code exponential_histogram}, {@code summary} (VALUE is then the sum of the point). MONOTONIC is
 * {@code true|false} ({@code false} for gauges). TEMPORALITY is {@code delta}, {@code cumulative},
 * {@code unspecified}, or {@code -} for gauges and summaries. VALUE is a Java {@code long} for integer points, a
 * Java {@code double} otherwise.
 */
public final class ClientTelemetryRecorder implements MetricsReporter, ClientTelemetry, ClientTelemetryReceiver {

    /** Broker config naming the directory pushes are written to. */
    public static final String DIRECTORY_CONFIG = "samsa.client.telemetry.dir";
    /** First line of every text file; the number changes when the format does. */
    public static final String FORMAT_LINE = "samsa-client-telemetry 1";
    /** Suffix of the decoded file, the one readers look for. */
    public static final String TEXT_SUFFIX = ".txt";
    /** Suffix of the raw payload file. */
    public static final String RAW_SUFFIX = ".bin";

    /** Across every instance in this JVM: the broker may create more than one reporter instance. */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private volatile Path directory;
    private volatile String brokerId = "-1";

    @Override
    public void configure(Map<String, ?> configs) {
        Object dir = configs.get(DIRECTORY_CONFIG);
        if (dir == null || dir.toString().isBlank()) {
            throw new ConfigException(DIRECTORY_CONFIG + " must name the directory client telemetry pushes go to");
        }
        directory = Path.of(dir.toString());
        Object id = configs.get("broker.id");
        if (id == null) {
            id = configs.get("node.id");
        }
        if (id != null) {
            brokerId = id.toString();
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ConfigException("cannot create " + DIRECTORY_CONFIG + " " + directory + ": " + e);
        }
    }

    @Override
    public void init(List<KafkaMetric> metrics) {
        // the broker's own metrics are not what this reporter is for
    }

    @Override
    public void metricChange(KafkaMetric metric) {
    }

    @Override
    public void metricRemoval(KafkaMetric metric) {
    }

    @Override
    public Set<String> reconfigurableConfigs() {
        return Set.of();
    }

    @Override
    public void close() {
    }

    @Override
    public ClientTelemetryReceiver clientReceiver() {
        return this;
    }

    /**
     * Called on a request handler thread for each push. Errors are written into the record rather than thrown: a
     * throwing receiver would fail the client's push and change what the test observes.
     */
    @Override
    public void exportMetrics(AuthorizableRequestContext context, ClientTelemetryPayload payload) {
        long receivedAt = System.currentTimeMillis();
        long seq = SEQUENCE.incrementAndGet();
        String base = String.format("push-%s-%d-%08d", brokerId, ProcessHandle.current().pid(), seq);
        ByteBuffer data = payload.data() == null ? ByteBuffer.allocate(0) : payload.data().duplicate();
        byte[] raw = new byte[data.remaining()];
        data.get(raw);

        StringBuilder out = new StringBuilder(FORMAT_LINE).append('\n');
        header(out, "received_at_ms", Long.toString(receivedAt));
        header(out, "sequence", Long.toString(seq));
        header(out, "broker_id", brokerId);
        header(out, "client_instance_id", String.valueOf(payload.clientInstanceId()));
        header(out, "client_id", context.clientId());
        header(out, "terminating", Boolean.toString(payload.isTerminating()));
        header(out, "content_type", payload.contentType());
        header(out, "listener", context.listenerName());
        header(out, "security_protocol", String.valueOf(context.securityProtocol()));
        header(out, "principal", String.valueOf(context.principal()));
        header(out, "client_address", context.clientAddress() == null ? "" : context.clientAddress().getHostAddress());
        header(out, "raw_file", base + RAW_SUFFIX);
        header(out, "raw_bytes", Integer.toString(raw.length));
        // Kafka's clients send one ResourceMetrics per metric, each repeating the resource and a nameless scope.
        Map<String, String> resource = new LinkedHashMap<>();
        Set<String> scopes = new LinkedHashSet<>();
        StringBuilder points = new StringBuilder();
        try {
            MetricsData metricsData = MetricsData.parseFrom(raw);
            for (ResourceMetrics rm : metricsData.getResourceMetricsList()) {
                for (KeyValue kv : rm.getResource().getAttributesList()) {
                    resource.put(kv.getKey(), anyValue(kv.getValue()));
                }
                for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                    scopes.add(sm.getScope().getName());
                    for (Metric m : sm.getMetricsList()) {
                        appendPoints(points, m);
                    }
                }
            }
        } catch (Exception e) {
            header(out, "error", e.toString());
        }
        resource.forEach((k, v) -> header(out, "resource", k + "=" + v));
        scopes.forEach(s -> header(out, "scope", s));
        out.append(points);
        try {
            writeAtomically(directory.resolve(base + RAW_SUFFIX), raw);
            writeAtomically(directory.resolve(base + TEXT_SUFFIX), out.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.err.println("[samsa] could not record client telemetry push " + base + ": " + e);
        }
    }

    private static void appendPoints(StringBuilder out, Metric m) {
        switch (m.getDataCase()) {
            case GAUGE -> m.getGauge().getDataPointsList().forEach(p -> point(out, m.getName(), "gauge", false, "-",
                    numberValue(p), p.getStartTimeUnixNano(), p.getTimeUnixNano(), p.getAttributesList()));
            case SUM -> m.getSum().getDataPointsList().forEach(p -> point(out, m.getName(), "sum",
                    m.getSum().getIsMonotonic(), temporality(m.getSum().getAggregationTemporality()),
                    numberValue(p), p.getStartTimeUnixNano(), p.getTimeUnixNano(), p.getAttributesList()));
            case HISTOGRAM -> m.getHistogram().getDataPointsList().forEach(p -> point(out, m.getName(), "histogram",
                    false, temporality(m.getHistogram().getAggregationTemporality()), Double.toString(p.getSum()),
                    p.getStartTimeUnixNano(), p.getTimeUnixNano(), p.getAttributesList()));
            case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsList().forEach(p -> point(out,
                    m.getName(), "exponential_histogram", false,
                    temporality(m.getExponentialHistogram().getAggregationTemporality()), Double.toString(p.getSum()),
                    p.getStartTimeUnixNano(), p.getTimeUnixNano(), p.getAttributesList()));
            case SUMMARY -> m.getSummary().getDataPointsList().forEach(p -> point(out, m.getName(), "summary", false,
                    "-", Double.toString(p.getSum()), p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                    p.getAttributesList()));
            default -> point(out, m.getName(), "unknown", false, "-", "NaN", 0, 0, List.of());
        }
    }

    private static void point(StringBuilder out, String name, String kind, boolean monotonic, String temporality,
                              String value, long start, long time, List<KeyValue> attributes) {
        List<String> fields = new ArrayList<>(List.of("point", name, kind, Boolean.toString(monotonic), temporality,
                value, Long.toString(start), Long.toString(time)));
        for (KeyValue kv : attributes) {
            fields.add(kv.getKey() + "=" + anyValue(kv.getValue()));
        }
        line(out, fields);
    }

    private static String numberValue(NumberDataPoint p) {
        return switch (p.getValueCase()) {
            case AS_INT -> Long.toString(p.getAsInt());
            case AS_DOUBLE -> Double.toString(p.getAsDouble());
            default -> "NaN";
        };
    }

    private static String temporality(AggregationTemporality t) {
        return switch (t) {
            case AGGREGATION_TEMPORALITY_DELTA -> "delta";
            case AGGREGATION_TEMPORALITY_CUMULATIVE -> "cumulative";
            default -> "unspecified";
        };
    }

    private static String anyValue(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case VALUE_NOT_SET -> "";
            default -> v.toString().trim();
        };
    }

    private static void header(StringBuilder out, String key, String value) {
        line(out, List.of(key, value == null ? "" : value));
    }

    private static void line(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append('\t');
            }
            escape(out, fields.get(i));
        }
        out.append('\n');
    }

    private static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
