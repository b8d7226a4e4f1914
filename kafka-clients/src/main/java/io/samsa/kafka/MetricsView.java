package io.samsa.kafka;

import io.samsa.clients.producer.internals.ProducerMetrics;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Samsa producer's metrics as Apache Kafka's {@code metrics()} returns them: the same groups, names and tags
 * (Samsa's metrics already use Apache's, e.g. {@code producer-metrics} / {@code record-send-rate} tagged
 * {@code client-id}), live values ({@code Double} for every numeric metric, which Kafka Streams casts to), the
 * {@code app-info} group included: the core registers it as Apache's {@code AppInfoParser} does ({@code version}
 * and {@code commit-id} Strings, Samsa's, {@code start-time-ms} a Long).
 *
 * <p><b>A stable map.</b> Metric registries (Micrometer's {@code KafkaClientMetrics}, for one) call
 * {@code metrics()} again and again from their own threads and compare what they get; the same map is returned
 * until the Samsa producer's set of metrics changes (a new topic's metrics, say). Each translated
 * {@link MetricName} and {@link Metric} is made once per Samsa metric and kept.
 *
 * <p><b>A cheap call.</b> Apache's {@code metrics()} is a view that costs next to nothing, so some callers read it per
 * record: OpenTelemetry's {@code KafkaTelemetry.wrap} takes the client id from the first key's tags on every
 * {@code send}. The Samsa producer returns the same snapshot map until its metrics change, so an unchanged one is
 * recognised by identity and answered with no copying, comparing or locking.
 *
 * <p>Thread-safe.
 */
final class MetricsView {
    /** The Samsa version, as the core's {@code app-info} metrics give it. */
    static final String VERSION = ProducerMetrics.version();

    private final Supplier<Map<io.samsa.common.MetricName, ? extends io.samsa.common.Metric>> source;
    /** Every Samsa metric translated so far, by its Samsa name. */
    private final Map<io.samsa.common.MetricName, Translated> translated = new HashMap<>();
    /** The map last returned; replaced whole when the Samsa metrics change. */
    private volatile Map<MetricName, Metric> current = Map.of();
    /** The Samsa map {@link #current} was last found to match; with it, one volatile read answers the common case. */
    private volatile Published published = new Published(null, Map.of());

    MetricsView(Supplier<Map<io.samsa.common.MetricName, ? extends io.samsa.common.Metric>> source) {
        this.source = source;
    }

    /** The current metrics: the map returned last time when the Samsa metrics are the same ones. */
    Map<MetricName, ? extends Metric> metrics() {
        Map<io.samsa.common.MetricName, ? extends io.samsa.common.Metric> now = source.get();
        Published p = published;
        if (p.source == now) {
            return p.apache;
        }
        Map<MetricName, Metric> last = current;
        if (sameAs(now, last)) {
            published = new Published(now, last);
            return last;
        }
        synchronized (this) {
            Map<MetricName, Metric> out = new LinkedHashMap<>(now.size() * 2);
            for (Map.Entry<io.samsa.common.MetricName, ? extends io.samsa.common.Metric> e : now.entrySet()) {
                Translated t = translated.get(e.getKey());
                if (t == null || t.samsa != e.getValue()) {
                    t = new Translated(name(e.getKey()), e.getValue());
                    translated.put(e.getKey(), t);
                }
                out.put(t.name, t);
            }
            Map<MetricName, Metric> translatedMap = Collections.unmodifiableMap(out);
            current = translatedMap;
            published = new Published(now, translatedMap);
            return translatedMap;
        }
    }

    /** Whether {@code last} holds exactly the metrics of {@code now} (the same Samsa metric objects). */
    private boolean sameAs(Map<io.samsa.common.MetricName, ? extends io.samsa.common.Metric> now,
                           Map<MetricName, Metric> last) {
        if (last.size() != now.size()) {
            return false;
        }
        synchronized (this) {
            for (Map.Entry<io.samsa.common.MetricName, ? extends io.samsa.common.Metric> e : now.entrySet()) {
                Translated t = translated.get(e.getKey());
                if (t == null || t.samsa != e.getValue() || last.get(t.name) != t) {
                    return false;
                }
            }
        }
        return true;
    }

    private static MetricName name(io.samsa.common.MetricName n) {
        return new MetricName(n.name(), n.group(), n.description() == null ? "" : n.description(), n.tags());
    }

    /** A Samsa metrics map and the translation of it: replaced together, so a reader never pairs two of them. */
    private static final class Published {
        final Map<io.samsa.common.MetricName, ? extends io.samsa.common.Metric> source;
        final Map<MetricName, Metric> apache;

        Published(Map<io.samsa.common.MetricName, ? extends io.samsa.common.Metric> source,
                  Map<MetricName, Metric> apache) {
            this.source = source;
            this.apache = apache;
        }
    }

    /** One Samsa metric under its Apache name, its value read live. */
    private static final class Translated implements Metric {
        final MetricName name;
        final io.samsa.common.Metric samsa;

        Translated(MetricName name, io.samsa.common.Metric samsa) {
            this.name = name;
            this.samsa = samsa;
        }

        @Override
        public MetricName metricName() {
            return name;
        }

        @Override
        public Object metricValue() {
            return samsa.metricValue();
        }
    }
}
