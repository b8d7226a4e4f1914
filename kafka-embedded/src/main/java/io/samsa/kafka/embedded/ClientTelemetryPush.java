package io.samsa.kafka.embedded;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One KIP-714 telemetry push as a broker of the cluster received it, decoded (see {@link ClientTelemetryLog}).
 * Plain values, no Kafka types.
 *
 * @param receivedAt         when the broker received it
 * @param brokerId           the broker that received it
 * @param sequence           the push's number within that broker's JVM (from 1; starts over when the node restarts)
 * @param clientInstanceId   the client instance id as Kafka's {@code Uuid.toString()} prints it (URL-safe base64),
 *                           the same string as Apache clients' {@code clientInstanceId(Duration).toString()}
 * @param clientId           {@code client.id} from the request header
 * @param terminating        whether the client said this is its last push
 * @param contentType        the payload's content type as the broker reports it ({@code OTLP})
 * @param resourceAttributes the OTLP resource attributes, in the order sent (Apache's producer sends
 *                           {@code transactional_id} and {@code client_rack} when configured, else none)
 * @param scopes             distinct names of the OTLP instrumentation scopes (Apache's clients send one, "")
 * @param points             every data point of every metric, in the order sent
 * @param rawPayload         the file holding the payload bytes as the broker passed them on (decompressed OTLP)
 * @param decodeError        why the payload could not be decoded, if it could not
 */
public record ClientTelemetryPush(Instant receivedAt, int brokerId, long sequence, String clientInstanceId,
                                  String clientId, boolean terminating, String contentType,
                                  Map<String, String> resourceAttributes, List<String> scopes, List<Point> points,
                                  Path rawPayload, Optional<String> decodeError) {

    /** The OTLP metric kinds. Kafka's clients send gauges and sums only. */
    public enum Kind { GAUGE, SUM, HISTOGRAM, EXPONENTIAL_HISTOGRAM, SUMMARY, UNKNOWN }

    /** The OTLP aggregation temporality; {@code NONE} for gauges and summaries, which have none. */
    public enum Temporality { NONE, DELTA, CUMULATIVE, UNSPECIFIED }

    /**
     * One data point.
     *
     * @param value           the point's value (for histograms and summaries: their sum)
     * @param startTimeNanos  OTLP {@code start_time_unix_nano} (0 when the client sent none, as for gauges)
     * @param timeNanos       OTLP {@code time_unix_nano}
     * @param attributes      the point's attributes (Kafka's metric tags), in the order sent
     */
    public record Point(String name, Kind kind, boolean monotonic, Temporality temporality, double value,
                        long startTimeNanos, long timeNanos, Map<String, String> attributes) {
    }

    /** The points of one metric. */
    public List<Point> points(String metricName) {
        return points.stream().filter(p -> p.name().equals(metricName)).collect(Collectors.toList());
    }

    /** The first point of a metric, if the push has one. */
    public Optional<Point> point(String metricName) {
        return points.stream().filter(p -> p.name().equals(metricName)).findFirst();
    }

    /** The distinct metric names of this push, in the order sent. */
    public List<String> metricNames() {
        return points.stream().map(Point::name).distinct().collect(Collectors.toList());
    }
}
