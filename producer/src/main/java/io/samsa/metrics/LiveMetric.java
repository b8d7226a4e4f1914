package io.samsa.metrics;

import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.common.utils.Time;

/**
 * A registered metric: a name and the {@link Measurable} that gives its value, measured afresh on every read
 * (Apache Kafka's {@code KafkaMetric}), or a constant (the {@code app-info} version, commit id and start time,
 * which Apache Kafka publishes as a String, a String and a Long). Any thread may read it; measuring takes no lock.
 */
public final class LiveMetric implements Metric {
    private final MetricName name;
    private final Measurable measurable;
    private final Time time;
    /** The value of a constant metric, else null. */
    private final Object constant;

    LiveMetric(MetricName name, Measurable measurable, Time time) {
        this.name = name;
        this.measurable = measurable;
        this.time = time;
        this.constant = null;
    }

    LiveMetric(MetricName name, Object constant, Time time) {
        this.name = name;
        this.constant = constant;
        double number = constant instanceof Number n ? n.doubleValue() : Double.NaN;
        this.measurable = now -> number;
        this.time = time;
    }

    @Override
    public MetricName metricName() {
        return name;
    }

    /** A constant metric's value as given; otherwise {@link #value()}, boxed as a {@code Double}. */
    @Override
    public Object metricValue() {
        return constant != null ? constant : value();
    }

    /** The current value, measured now ({@code NaN} for a constant that is not a number). */
    public double value() {
        return measurable.measure(time.milliseconds());
    }

    public Measurable measurable() {
        return measurable;
    }

    @Override
    public String toString() {
        return name.group() + "/" + name.name() + name.tags() + " = " + metricValue();
    }
}
