package io.samsa.telemetry;

import java.util.Map;

/**
 * One metric's value at one instant, named and typed as KIP-714 sends it.
 *
 * @param name        the OpenTelemetry name, e.g. {@code org.apache.kafka.producer.record.send.rate}
 * @param sum         true for a monotonic sum (a {@code -total} counter), false for a gauge
 * @param delta       for a sum: true when {@code value} is the change since {@code startNanos} (delta temporality),
 *                    false when it is the total since then (cumulative)
 * @param integer     true when the value is an integer (sent as {@code as_int}), false for a double
 * @param value       the value (an integer one is exact up to 2^53)
 * @param startNanos  for a sum, the start of the interval it covers (Unix epoch nanoseconds); 0 for a gauge
 * @param timeNanos   when it was measured (Unix epoch nanoseconds)
 * @param attributes  the metric's tags, in snake_case ({@code node_id}, {@code topic})
 */
public record TelemetryPoint(String name, boolean sum, boolean delta, boolean integer, double value, long startNanos,
                             long timeNanos, Map<String, String> attributes) {
}
