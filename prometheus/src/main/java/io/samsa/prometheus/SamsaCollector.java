package io.samsa.prometheus;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.samsa.clients.producer.Producer;
import io.samsa.common.Metric;
import io.samsa.common.MetricName;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The metrics of Samsa producers ({@link Producer#metrics()}) as a Prometheus {@link MultiCollector}: register it in
 * a {@code PrometheusRegistry} and every scrape reads the producers' metrics afresh, so metrics that appear after
 * registration (the per-topic ones, from a topic's first batch on) are exported without re-registering.
 *
 * <h2>Names</h2>
 * One stable scheme, {@code samsa_<group>_<name>}, where {@code <group>} is the metric group without its
 * {@code -metrics} suffix and every character Prometheus does not allow in a name (the dashes) becomes {@code _}:
 * <ul>
 *   <li>{@code producer-metrics/record-send-rate} is the gauge {@code samsa_producer_record_send_rate{client_id="..."}};
 *   <li>{@code producer-topic-metrics/byte-rate} is the gauge
 *       {@code samsa_producer_topic_byte_rate{client_id="...",topic="..."}};
 *   <li>a cumulative metric, whose name ends in {@code -total}, is a counter, so it is exposed with Prometheus'
 *       {@code _total} suffix: {@code producer-metrics/record-send-total} is
 *       {@code samsa_producer_record_send_total{client_id="..."}}.
 * </ul>
 * The metric's tags are the labels ({@code client-id} as {@code client_id}, {@code topic}); its description is the
 * help text. A value that is not a number is skipped, and so is a counter value that is negative or not finite
 * (Prometheus refuses them); a gauge's {@code NaN} (an average over a window with nothing in it) is exported as is.
 *
 * <p>One collector may export several producers: add them all to it, since one registry cannot take two collectors
 * exporting the same names. Their client ids must differ; a second series with the same labels is skipped.
 *
 * <p>Thread-safe: producers may be added and removed while scrapes run.
 */
public final class SamsaCollector implements MultiCollector {
    /** Every exported name starts with this. */
    public static final String PREFIX = "samsa_";

    private static final String TOTAL_SUFFIX = "-total";
    private static final String GROUP_SUFFIX = "-metrics";

    private final List<Producer<?, ?>> producers = new CopyOnWriteArrayList<>();

    /**
     * A collector of the given producers' metrics; more may be {@linkplain #add added} later.
     *
     * @param producers the producers to export, each with its own {@code client.id}
     */
    public SamsaCollector(Producer<?, ?>... producers) {
        for (Producer<?, ?> p : producers) {
            add(p);
        }
    }

    /**
     * Exports this producer's metrics from the next scrape on.
     *
     * @param producer the producer to export
     * @return this collector
     */
    public SamsaCollector add(Producer<?, ?> producer) {
        producers.add(Objects.requireNonNull(producer, "producer must not be null"));
        return this;
    }

    /**
     * Stops exporting this producer's metrics (e.g. before closing it).
     *
     * @param producer the producer to stop exporting
     * @return {@code true} if it was exported
     */
    public boolean remove(Producer<?, ?> producer) {
        return producers.remove(producer);
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, Family> families = new TreeMap<>();
        for (Producer<?, ?> producer : producers) {
            for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
                MetricName name = e.getKey();
                Object value = e.getValue().metricValue();
                if (!(value instanceof Number)) {
                    continue;
                }
                double v = ((Number) value).doubleValue();
                boolean counter = isCounter(name);
                if (counter && !(Double.isFinite(v) && v >= 0)) {
                    continue;
                }
                families.computeIfAbsent(prometheusName(name), n -> new Family(n, counter, name.description()))
                        .add(labels(name), v);
            }
        }
        List<MetricSnapshot> snapshots = new ArrayList<>(families.size());
        for (Family f : families.values()) {
            snapshots.add(f.snapshot());
        }
        return new MetricSnapshots(snapshots);
    }

    /**
     * The name a metric is exported under, without the {@code _total} suffix the exposition format adds to counters:
     * {@code samsa_producer_record_send_rate}, {@code samsa_producer_record_send} (exposed as
     * {@code samsa_producer_record_send_total}).
     *
     * @param name a producer metric's name
     * @return the Prometheus metric name
     */
    public static String prometheusName(MetricName name) {
        String group = name.group();
        if (group.endsWith(GROUP_SUFFIX)) {
            group = group.substring(0, group.length() - GROUP_SUFFIX.length());
        }
        String metric = name.name();
        if (isCounter(name)) {
            metric = metric.substring(0, metric.length() - TOTAL_SUFFIX.length());
        }
        return PREFIX + sanitize(group) + "_" + sanitize(metric);
    }

    /**
     * Whether a metric is exported as a counter: its name ends in {@code -total}, as every cumulative one's does.
     *
     * @param name a producer metric's name
     * @return {@code true} for a counter, {@code false} for a gauge
     */
    public static boolean isCounter(MetricName name) {
        return name.name().endsWith(TOTAL_SUFFIX) && name.name().length() > TOTAL_SUFFIX.length();
    }

    /** A name or label name with every character outside {@code [a-zA-Z0-9_]} replaced by {@code _}. */
    static String sanitize(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            b.append(ok ? c : '_');
        }
        if (b.length() == 0 || (b.charAt(0) >= '0' && b.charAt(0) <= '9')) {
            b.insert(0, '_');
        }
        return b.toString();
    }

    private static Labels labels(MetricName name) {
        Labels.Builder b = Labels.builder();
        for (Map.Entry<String, String> t : name.tags().entrySet()) {
            b.label(sanitize(t.getKey()), t.getValue());
        }
        return b.build();
    }

    /** One exported name: its type, help and data points, each label set once. */
    private static final class Family {
        private final String name;
        private final boolean counter;
        private final String help;
        private final Set<Labels> seen = new HashSet<>();
        private final List<Labels> labels = new ArrayList<>();
        private final List<Double> values = new ArrayList<>();

        Family(String name, boolean counter, String help) {
            this.name = name;
            this.counter = counter;
            this.help = help;
        }

        void add(Labels l, double v) {
            // Two producers with one client id would make the scrape fail as a whole; keep the first series.
            if (seen.add(l)) {
                labels.add(l);
                values.add(v);
            }
        }

        MetricSnapshot snapshot() {
            if (counter) {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
                for (int i = 0; i < labels.size(); i++) {
                    b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                            .labels(labels.get(i)).value(values.get(i)).build());
                }
                return b.build();
            }
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
            for (int i = 0; i < labels.size(); i++) {
                b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(labels.get(i)).value(values.get(i)).build());
            }
            return b.build();
        }
    }
}
