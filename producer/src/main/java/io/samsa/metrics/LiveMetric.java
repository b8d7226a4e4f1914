package io.samsa.metrics;

import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.common.utils.Time;

/**
 * A registered metric: a name and the {@link Measurable} that gives its value, measured afresh on every read
 * (Apache Kafka's {@code KafkaMetric}). Any thread may read it; measuring takes no lock.
 */
public final class LiveMetric implements Metric {
    private final MetricName name;
    private final Measurable measurable;
    private final Time time;

    LiveMetric(MetricName name, Measurable measurable, Time time) {
        this.name = name;
        this.measurable = measurable;
        this.time = time;
    }

    @Override
    public MetricName metricName() {
        return name;
    }

    /** {@link #value()}, boxed: always a {@code Double}. */
    @Override
    public Object metricValue() {
        return value();
    }

    /** The current value, measured now. */
    public double value() {
        return measurable.measure(time.milliseconds());
    }

    public Measurable measurable() {
        return measurable;
    }

    @Override
    public String toString() {
        return name.group() + "/" + name.name() + name.tags() + " = " + value();
    }
}
