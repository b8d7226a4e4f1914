package io.samsa.metrics;

import java.util.Collection;
import java.util.Map;

/**
 * Publishes a registry's metrics somewhere ({@link JmxReporter}: JMX). Told of every metric added or removed.
 *
 * <p>{@link Metrics} calls every method under its registry lock, one call at a time and in the order of the
 * changes, so a reporter needs no ordering logic of its own; it must not call back into the registry's
 * mutators from these methods. Reading values (JMX clients) happens on other threads at any time.
 */
public interface MetricsReporter extends AutoCloseable {

    /**
     * Called once, before {@link #init}, for a reporter the producer creates from {@code metric.reporters}: the
     * producer's configuration plus the effective {@code client.id}.
     */
    default void configure(Map<String, ?> configs) {
    }

    /** Called once, when the reporter is added, with every metric registered so far. */
    void init(Collection<LiveMetric> metrics);

    /** A metric was added. */
    void metricChange(LiveMetric metric);

    /** A metric was removed. */
    void metricRemoval(LiveMetric metric);

    /** The registry closed: withdraw everything published. Called once. */
    @Override
    void close();
}
