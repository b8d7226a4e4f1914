package io.samsa.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * How many times anything was recorded, whatever the values ({@code request-total}). Never decays.
 *
 * <p>Thread-safe, lock-free: one {@link LongAdder}.
 */
public final class CumulativeCount implements MeasurableStat {
    private final LongAdder count = new LongAdder();

    @Override
    public void record(double value, long nowMs) {
        count.increment();
    }

    @Override
    public double measure(long nowMs) {
        return count.sum();
    }
}
