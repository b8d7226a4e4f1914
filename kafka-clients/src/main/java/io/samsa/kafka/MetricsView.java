package io.samsa.kafka;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The Samsa producer's metrics as Apache Kafka's {@code metrics()} returns them: the same groups, names and tags
 * (Samsa's metrics already use Apache's, e.g. {@code producer-metrics} / {@code record-send-rate} tagged
 * {@code client-id}), live values ({@code Double} for every numeric metric, which Kafka Streams casts to), plus the
 * {@code app-info} group Apache's {@code AppInfoParser} registers: {@code version} and {@code commit-id} (Strings,
 * Samsa's) and {@code start-time-ms} (a Long).
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
    /** The Samsa version, as the build wrote it into {@code samsa-version.properties}. */
    static final String VERSION = readVersion();
    /** Apache's value when the build recorded no commit. */
    static final String COMMIT_ID = "unknown";

    private final Supplier<Map<io.samsa.common.MetricName, ? extends io.samsa.common.Metric>> source;
    private final Map<MetricName, Metric> appInfo;
    /** Every Samsa metric translated so far, by its Samsa name. */
    private final Map<io.samsa.common.MetricName, Translated> translated = new HashMap<>();
    /** The map last returned; replaced whole when the Samsa metrics change. */
    private volatile Map<MetricName, Metric> current = Map.of();
    /** The Samsa map {@link #current} was last found to match; with it, one volatile read answers the common case. */
    private volatile Published published = new Published(null, Map.of());

    MetricsView(Supplier<Map<io.samsa.common.MetricName, ? extends io.samsa.common.Metric>> source, String clientId,
                long startTimeMs) {
        this.source = source;
        Map<String, String> tags = Map.of("client-id", clientId);
        Map<MetricName, Metric> info = new LinkedHashMap<>();
        put(info, new Constant(new MetricName("version", "app-info", "Metric indicating version", tags), VERSION));
        put(info, new Constant(new MetricName("commit-id", "app-info", "Metric indicating commit-id", tags),
                COMMIT_ID));
        put(info, new Constant(new MetricName("start-time-ms", "app-info", "Metric indicating start-time-ms", tags),
                startTimeMs));
        this.appInfo = Collections.unmodifiableMap(info);
    }

    private static void put(Map<MetricName, Metric> map, Metric m) {
        map.put(m.metricName(), m);
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
            Map<MetricName, Metric> out = new LinkedHashMap<>(now.size() * 2 + appInfo.size());
            for (Map.Entry<io.samsa.common.MetricName, ? extends io.samsa.common.Metric> e : now.entrySet()) {
                Translated t = translated.get(e.getKey());
                if (t == null || t.samsa != e.getValue()) {
                    t = new Translated(name(e.getKey()), e.getValue());
                    translated.put(e.getKey(), t);
                }
                out.put(t.name, t);
            }
            out.putAll(appInfo);
            Map<MetricName, Metric> translatedMap = Collections.unmodifiableMap(out);
            current = translatedMap;
            published = new Published(now, translatedMap);
            return translatedMap;
        }
    }

    /** Whether {@code last} holds exactly the metrics of {@code now} (the same Samsa metric objects). */
    private boolean sameAs(Map<io.samsa.common.MetricName, ? extends io.samsa.common.Metric> now,
                           Map<MetricName, Metric> last) {
        if (last.size() != now.size() + appInfo.size()) {
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

    private static String readVersion() {
        Properties p = new Properties();
        try (InputStream in = MetricsView.class.getResourceAsStream("samsa-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Apache's AppInfoParser reports "unknown" when its version file cannot be read; so do we.
        }
        return p.getProperty("version", "unknown").trim();
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

    /** An {@code app-info} metric: a value fixed when the producer was made. */
    private static final class Constant implements Metric {
        private final MetricName name;
        private final Object value;

        Constant(MetricName name, Object value) {
            this.name = name;
            this.value = value;
        }

        @Override
        public MetricName metricName() {
            return name;
        }

        @Override
        public Object metricValue() {
            return value;
        }
    }
}
