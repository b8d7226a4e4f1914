package io.samsa.metrics;

import java.util.concurrent.atomic.DoubleAdder;

/**
 * The sum of every value ever recorded ({@code record-send-total}: records; {@code byte-total}: bytes). Never
 * decays. Exact for whole numbers up to 2^53, which a producer does not reach.
 *
 * <p>Thread-safe, lock-free: one {@link DoubleAdder}, striped under contention.
 */
public final class CumulativeSum implements MeasurableStat {
    private final DoubleAdder sum = new DoubleAdder();

    @Override
    public void record(double value, long nowMs) {
        sum.add(value);
    }

    @Override
    public double measure(long nowMs) {
        return sum.sum();
    }
}
