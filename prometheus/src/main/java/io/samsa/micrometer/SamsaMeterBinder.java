package io.samsa.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.samsa.clients.producer.Producer;
import io.samsa.common.Metric;
import io.samsa.common.MetricName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A Samsa producer's metrics ({@link Producer#metrics()}) as Micrometer meters, for applications that use the core
 * producer (Micrometer's own {@code KafkaClientMetrics} takes Apache's producer only).
 *
 * <p>Every metric whose value is a number becomes one meter, read live: a cumulative metric (name ending in
 * {@code -total}) a {@link FunctionCounter}, every other a {@link Gauge}. The meter name is {@code samsa.<group>.<name>}
 * with the group's {@code -metrics} suffix dropped and dashes as dots ({@code producer-metrics/record-send-rate} is
 * {@code samsa.producer.record.send.rate}, {@code producer-topic-metrics/record-send-total} is
 * {@code samsa.producer.topic.record.send.total}); the tags are the metric's tags with their keys as they are
 * ({@code client-id}, {@code topic}; a registry's naming convention turns them into its own form, e.g. Prometheus'
 * {@code client_id}); the description is the metric's.
 *
 * <p>Metrics that appear after {@link #bindTo binding} (the per-topic ones, from a topic's first batch on) become
 * meters at the next {@link #refresh()}: call it yourself, or build the binder with a refresh interval and a daemon
 * thread of its own calls it on that schedule. {@link #close()} stops that thread and removes the binder's meters from
 * every registry it was bound to.
 *
 * <p>Thread-safe.
 */
public final class SamsaMeterBinder implements MeterBinder, AutoCloseable {
    /** Every meter name starts with this. */
    public static final String PREFIX = "samsa.";

    private static final String TOTAL_SUFFIX = "-total";
    private static final String GROUP_SUFFIX = "-metrics";

    private final Producer<?, ?> producer;
    private final ScheduledExecutorService refresher;
    /** Per registry bound to, the meters this binder registered there, by the metric they read. */
    private final Map<MeterRegistry, Map<MetricName, Meter>> bound = new HashMap<>();
    /**
     * The metrics the meters read. Micrometer holds a function counter's object weakly, so without this a metric
     * object the producer does not keep itself would be collected and the counter would read NaN.
     */
    private final Map<MetricName, Metric> held = new HashMap<>();
    private boolean closed;

    /**
     * A binder that picks up metrics appearing after binding only when {@link #refresh()} is called.
     *
     * @param producer the producer whose metrics to bind
     */
    public SamsaMeterBinder(Producer<?, ?> producer) {
        this.producer = Objects.requireNonNull(producer, "producer must not be null");
        this.refresher = null;
    }

    /**
     * A binder that calls {@link #refresh()} every {@code refreshInterval} on a daemon thread of its own, until
     * {@link #close()}.
     *
     * @param producer the producer whose metrics to bind
     * @param refreshInterval how often to look for new metrics; at least 1 ms
     */
    public SamsaMeterBinder(Producer<?, ?> producer, Duration refreshInterval) {
        this.producer = Objects.requireNonNull(producer, "producer must not be null");
        long millis = refreshInterval.toMillis();
        if (millis <= 0) {
            throw new IllegalArgumentException("refreshInterval must be at least 1 ms, got " + refreshInterval);
        }
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "samsa-meter-binder-refresh");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (closed) {
            throw new IllegalStateException("SamsaMeterBinder is closed");
        }
        bind(bound.computeIfAbsent(registry, r -> new HashMap<>()), registry);
    }

    /** Registers meters, in every registry bound to, for the producer's metrics that have none yet. */
    public synchronized void refresh() {
        if (closed) {
            return;
        }
        for (Map.Entry<MeterRegistry, Map<MetricName, Meter>> e : bound.entrySet()) {
            bind(e.getValue(), e.getKey());
        }
    }

    /** Stops the refresh thread, if any, and removes this binder's meters from every registry it was bound to. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (refresher != null) {
            refresher.shutdownNow();
        }
        for (Map.Entry<MeterRegistry, Map<MetricName, Meter>> e : bound.entrySet()) {
            for (Meter m : e.getValue().values()) {
                e.getKey().remove(m);
            }
        }
        bound.clear();
        held.clear();
    }

    /**
     * The meter name a metric is bound under, e.g. {@code samsa.producer.record.send.rate}.
     *
     * @param name a producer metric's name
     * @return the Micrometer meter name
     */
    public static String meterName(MetricName name) {
        String group = name.group();
        if (group.endsWith(GROUP_SUFFIX)) {
            group = group.substring(0, group.length() - GROUP_SUFFIX.length());
        }
        return PREFIX + group.replace('-', '.') + "." + name.name().replace('-', '.');
    }

    private void bind(Map<MetricName, Meter> meters, MeterRegistry registry) {
        for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
            MetricName name = e.getKey();
            Metric metric = e.getValue();
            if (meters.containsKey(name) || !(metric.metricValue() instanceof Number)) {
                continue;
            }
            List<Tag> tags = new ArrayList<>(name.tags().size());
            name.tags().forEach((k, v) -> tags.add(Tag.of(k, v)));
            Meter meter;
            if (name.name().endsWith(TOTAL_SUFFIX)) {
                meter = FunctionCounter.builder(meterName(name), metric, SamsaMeterBinder::value)
                        .description(name.description()).tags(tags).register(registry);
            } else {
                meter = Gauge.builder(meterName(name), metric, SamsaMeterBinder::value).strongReference(true)
                        .description(name.description()).tags(tags).register(registry);
            }
            meters.put(name, meter);
            held.put(name, metric);
        }
    }

    private static double value(Metric metric) {
        Object v = metric.metricValue();
        return v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
    }
}
