package io.samsa.metrics;

import io.samsa.common.MetricName;
import io.samsa.common.utils.Time;

import java.util.Arrays;

/**
 * One kind of event, recorded with a value, feeding the stats added to it: e.g. the sensor
 * {@code record-queue-time} takes each batch's queue time in milliseconds and feeds an {@link Avg}
 * ({@code record-queue-time-avg}) and a {@link Max} ({@code record-queue-time-max}).
 *
 * <h2>Threads</h2>
 * {@link #record} is the hot path: any number of threads call it at once, it takes no lock, allocates
 * nothing (apart from a sample at a window roll-over, see {@link SampledStat}) and reads the clock once, and
 * only when a windowed stat needs it (or not at all, when the caller passes the time). {@link #add} is for set-up: it publishes a new stat array
 * (copy-on-write, under this sensor's monitor), so a concurrent {@code record} sees either the old or the new
 * set, never a torn one.
 */
public final class Sensor {

    /** The stats and whether any needs the time, published together so a recorder never sees one without the other. */
    private static final class Stats {
        static final Stats EMPTY = new Stats(new Stat[0], false);

        final Stat[] all;
        final boolean timed;

        Stats(Stat[] all, boolean timed) {
            this.all = all;
            this.timed = timed;
        }
    }

    private final Metrics registry;
    private final String name;
    private final Time time;
    private volatile Stats stats = Stats.EMPTY;

    Sensor(Metrics registry, String name, Time time) {
        this.registry = registry;
        this.name = name;
        this.time = time;
    }

    /** The sensor's name, unique within its registry. */
    public String name() {
        return name;
    }

    /**
     * Adds a stat and registers it as a metric of the registry.
     *
     * @return this, to chain
     * @throws IllegalArgumentException if the registry already has a metric of that name
     */
    public Sensor add(MetricName metricName, MeasurableStat stat) {
        synchronized (this) {
            registry.addMetric(metricName, stat);
            Stats current = stats;
            Stat[] all = Arrays.copyOf(current.all, current.all.length + 1);
            all[all.length - 1] = stat;
            stats = new Stats(all, current.timed || stat instanceof SampledStat);
        }
        return this;
    }

    /** Records one event with {@code value} (records, bytes, milliseconds ...). Lock-free; see the class comment. */
    public void record(double value) {
        Stats s = stats;
        long nowMs = s.timed ? time.milliseconds() : 0L;
        for (Stat stat : s.all) {
            stat.record(value, nowMs);
        }
    }

    /**
     * Records one event at a time the caller already read from the registry's clock: one event that feeds
     * several sensors then costs one clock read, not one per sensor (a clock read costs as much as the
     * recording itself).
     */
    public void record(double value, long nowMs) {
        for (Stat stat : stats.all) {
            stat.record(value, nowMs);
        }
    }

    /** Records one event with value 1 (a request, an error). */
    public void record() {
        record(1.0);
    }

    @Override
    public String toString() {
        return "Sensor(" + name + ", " + stats.all.length + " stats)";
    }
}
