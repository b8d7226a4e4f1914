package io.samsa.telemetry;

import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.metrics.CumulativeCount;
import io.samsa.metrics.CumulativeSum;
import io.samsa.metrics.LiveMetric;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads the producer's metrics as KIP-714 telemetry points, named as Apache Kafka's client names them so that a
 * broker-side subscription written for Apache's producer ({@code org.apache.kafka.producer.}) selects ours too:
 *
 * <ul>
 *   <li>name: {@code org.apache.kafka.} + the group without {@code -metrics} + {@code .} + the metric name, all
 *       lower case with {@code -} turned into {@code .}: {@code producer-node-metrics/request-latency-avg} is
 *       {@code org.apache.kafka.producer.node.request.latency.avg};</li>
 *   <li>attributes: the tags with {@code -} turned into {@code _}, less {@code client_id} (the broker knows it from
 *       the request);</li>
 *   <li>a cumulative counter ({@code -total}) is a monotonic sum, everything else a gauge; a value that is not a
 *       number (the {@code app-info} version) is left out.</li>
 * </ul>
 *
 * For delta temporality it remembers each sum's last value sent and sends the change since. Owned by the I/O thread.
 */
final class TelemetryCollector {
    static final String PREFIX = "org.apache.kafka.";
    private static final String EXCLUDED_TAG = "client_id";

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    /** Telemetry name and attributes per metric: the registry's names do not change, so they are computed once. */
    private final Map<MetricName, Key> keys = new HashMap<>();
    /** Per sum: the value and time last sent (delta temporality), or when it was first seen (cumulative). */
    private final Map<MetricName, Last> last = new HashMap<>();
    private boolean delta;

    private record Key(String name, Map<String, String> attributes) {
    }

    private static final class Last {
        double value;
        long nanos;

        Last(double value, long nanos) {
            this.value = value;
            this.nanos = nanos;
        }
    }

    TelemetryCollector(Supplier<Map<MetricName, ? extends Metric>> metrics) {
        this.metrics = metrics;
    }

    /**
     * The points of every metric whose telemetry name {@code selected} accepts.
     *
     * @param deltaTemporality sums as changes since the last push (true) or totals (false); a change of mode
     *                         starts every sum afresh
     * @param nowEpochMs       the wall clock, for the points' timestamps
     */
    List<TelemetryPoint> collect(Predicate<String> selected, boolean deltaTemporality, long nowEpochMs) {
        if (deltaTemporality != delta) {
            last.clear();
            delta = deltaTemporality;
        }
        long nowNanos = nowEpochMs * 1_000_000L;
        Map<MetricName, ? extends Metric> all = metrics.get();
        List<TelemetryPoint> out = new ArrayList<>(all.size());
        for (Map.Entry<MetricName, ? extends Metric> e : all.entrySet()) {
            Key key = keys.computeIfAbsent(e.getKey(), TelemetryCollector::key);
            if (!selected.test(key.name())) {
                continue;
            }
            Object value = e.getValue().metricValue();
            if (!(value instanceof Number number)) {
                continue;
            }
            boolean integer = value instanceof Long || value instanceof Integer;
            double v = number.doubleValue();
            if (!isSum(e.getKey(), e.getValue())) {
                out.add(new TelemetryPoint(key.name(), false, false, integer, v, 0L, nowNanos, key.attributes()));
                continue;
            }
            Last l = last.get(e.getKey());
            if (l == null) {
                l = new Last(0.0, nowNanos);
                last.put(e.getKey(), l);
            }
            if (delta) {
                out.add(new TelemetryPoint(key.name(), true, true, integer, v - l.value, l.nanos, nowNanos,
                        key.attributes()));
                l.value = v;
                l.nanos = nowNanos;
            } else {
                out.add(new TelemetryPoint(key.name(), true, false, integer, v, l.nanos, nowNanos, key.attributes()));
            }
        }
        // Metrics removed since (a broker gone, a topic idle): forget their state.
        if (keys.size() > all.size()) {
            keys.keySet().retainAll(all.keySet());
            last.keySet().retainAll(all.keySet());
        }
        return out;
    }

    private static boolean isSum(MetricName name, Metric metric) {
        if (metric instanceof LiveMetric live
                && (live.measurable() instanceof CumulativeSum || live.measurable() instanceof CumulativeCount)) {
            return true;
        }
        return name.name().endsWith("-total");
    }

    /** The telemetry name of a metric, as Apache Kafka's client telemetry names it. */
    static String telemetryName(String group, String name) {
        String g = group.toLowerCase(Locale.ROOT).replace('-', '.').replace(".metrics", "");
        return PREFIX + g + "." + name.toLowerCase(Locale.ROOT).replace('-', '.');
    }

    private static Key key(MetricName name) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : name.tags().entrySet()) {
            String k = t.getKey().toLowerCase(Locale.ROOT).replace('-', '_');
            if (!k.equals(EXCLUDED_TAG)) {
                attributes.put(k, t.getValue());
            }
        }
        return new Key(telemetryName(name.group(), name.name()), Collections.unmodifiableMap(attributes));
    }
}
