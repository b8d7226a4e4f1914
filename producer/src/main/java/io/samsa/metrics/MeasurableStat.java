package io.samsa.metrics;

/** A {@link Stat} that is also a metric's value: what {@link Sensor#add} takes. */
public interface MeasurableStat extends Stat, Measurable {
}
