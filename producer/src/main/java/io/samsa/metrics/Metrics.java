package io.samsa.metrics;

import io.samsa.common.MetricName;
import io.samsa.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The metrics of one producer: every registered metric by name, the sensors that feed them, and the reporters
 * that publish them.
 *
 * <h2>Threads</h2>
 * Recording never comes here: a {@link Sensor} holds its stats directly. The registry's own state (the metric
 * map, the reporters, {@code closed}) is guarded by one lock, taken only when metrics are added or removed
 * (start-up, the first record of a new topic), when {@link #metrics()} copies the map after such a change, and at
 * close. Reporters are called under that lock so they see changes one at a time, in order. Any thread may call any
 * method.
 *
 * <h2>Why {@link #metrics()} returns the same map until the metrics change</h2>
 * Code written for Apache Kafka's producer treats {@code metrics()} as cheap, because Apache's returns a view: Spring
 * Kafka and OpenTelemetry's producer wrapper read the {@code client-id} tag of its first key, the wrapper on every
 * {@code send}, and Micrometer re-reads the map on a schedule. A fresh copy per call would make that a per-record
 * cost; the snapshot is copied once per change instead, and only when read, so registering many metrics in a row
 * (start-up, a new topic) copies nothing.
 */
public final class Metrics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Metrics.class);

    private final MetricConfig config;
    private final Time time;
    private final ConcurrentMap<String, Sensor> sensors = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** Guarded by {@link #lock}; in registration order, so {@link #metrics()} and the docs read in a stable order. */
    private final Map<MetricName, LiveMetric> metrics = new LinkedHashMap<>();
    /** Guarded by {@link #lock}. */
    private final List<MetricsReporter> reporters = new ArrayList<>();
    /** Guarded by {@link #lock}. */
    private boolean closed;
    /**
     * What {@link #metrics()} returns: an unmodifiable copy of {@link #metrics}, or null once a metric was added or
     * removed since it was made. Written under {@link #lock}, read without it.
     */
    private volatile Map<MetricName, LiveMetric> snapshot;

    /**
     * @param config how windowed stats sample
     * @param time   the clock the stats read (a manual one in tests)
     */
    public Metrics(MetricConfig config, Time time) {
        this.config = Objects.requireNonNull(config, "config");
        this.time = Objects.requireNonNull(time, "time");
    }

    public MetricConfig config() {
        return config;
    }

    public Time time() {
        return time;
    }

    /** The sensor of that name, created (without stats) if it does not exist. */
    public Sensor sensor(String name) {
        Sensor s = sensors.get(name);
        return s != null ? s : sensors.computeIfAbsent(name, n -> new Sensor(this, n, time));
    }

    /** The sensor of that name, or null. */
    public Sensor getSensor(String name) {
        return sensors.get(name);
    }

    /**
     * Registers a metric whose value is {@code measurable}'s (a gauge, or a stat fed by a sensor) and tells the
     * reporters.
     *
     * @throws IllegalArgumentException if a metric with that name, group and tags exists
     */
    public LiveMetric addMetric(MetricName name, Measurable measurable) {
        Objects.requireNonNull(measurable, "measurable");
        return add(name, new LiveMetric(name, measurable, time));
    }

    /**
     * Registers a metric with a constant value of any type ({@code app-info}'s version is a String) and tells the
     * reporters.
     *
     * @throws IllegalArgumentException if a metric with that name, group and tags exists
     */
    public LiveMetric addConstant(MetricName name, Object value) {
        Objects.requireNonNull(value, "value");
        return add(name, new LiveMetric(name, value, time));
    }

    private LiveMetric add(MetricName name, LiveMetric metric) {
        Objects.requireNonNull(name, "name");
        synchronized (lock) {
            if (metrics.containsKey(name)) {
                throw new IllegalArgumentException("A metric named " + name.group() + "/" + name.name()
                        + name.tags() + " already exists; a metric's name, group and tags must be unique");
            }
            metrics.put(name, metric);
            snapshot = null;
            for (MetricsReporter r : reporters) {
                try {
                    r.metricChange(metric);
                } catch (RuntimeException e) {
                    log.warn("Metrics reporter {} failed to publish {}", r.getClass().getName(), name, e);
                }
            }
            return metric;
        }
    }

    /** Unregisters a metric; returns it, or null when there was none. */
    public LiveMetric removeMetric(MetricName name) {
        synchronized (lock) {
            LiveMetric metric = metrics.remove(name);
            if (metric != null) {
                snapshot = null;
                for (MetricsReporter r : reporters) {
                    try {
                        r.metricRemoval(metric);
                    } catch (RuntimeException e) {
                        log.warn("Metrics reporter {} failed to withdraw {}", r.getClass().getName(), name, e);
                    }
                }
            }
            return metric;
        }
    }

    /** The metric of that name, or null. */
    public LiveMetric metric(MetricName name) {
        synchronized (lock) {
            return metrics.get(name);
        }
    }

    /** How many metrics are registered now (Apache Kafka's {@code kafka-metrics-count/count}). */
    public int size() {
        Map<MetricName, LiveMetric> s = snapshot;
        if (s != null) {
            return s.size();
        }
        synchronized (lock) {
            return metrics.size();
        }
    }

    /**
     * Every registered metric, in registration order: an unmodifiable snapshot of the map (later registrations do
     * not show), of live metrics (each {@link LiveMetric#metricValue()} measures anew). The same map object is
     * returned until a metric is added or removed (see the class comment).
     */
    public Map<MetricName, LiveMetric> metrics() {
        Map<MetricName, LiveMetric> s = snapshot;
        if (s != null) {
            return s;
        }
        synchronized (lock) {
            s = snapshot;
            if (s == null) {
                s = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
                snapshot = s;
            }
            return s;
        }
    }

    /**
     * Adds a reporter, first showing it every metric registered so far.
     *
     * @throws IllegalStateException if the registry is closed
     */
    public void addReporter(MetricsReporter reporter) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the metrics registry is closed; cannot add reporter "
                        + reporter.getClass().getName());
            }
            reporter.init(Collections.unmodifiableCollection(new ArrayList<>(metrics.values())));
            reporters.add(reporter);
        }
    }

    /**
     * Closes the reporters (JMX: unregisters the MBeans). Idempotent. Sensors keep working afterwards (a
     * late record from a closing producer's thread must not fail), they are just no longer published.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            for (MetricsReporter r : reporters) {
                try {
                    r.close();
                } catch (RuntimeException e) {
                    log.warn("Metrics reporter {} failed to close", r.getClass().getName(), e);
                }
            }
            reporters.clear();
        }
    }
}
