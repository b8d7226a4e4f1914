package io.samsa.metrics;

import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.function.DoubleBinaryOperator;

/**
 * The largest value recorded in the live windows, or {@code NaN} when none was (as Apache Kafka's {@code Max}).
 * Being windowed, a one-off spike stops showing after {@code samples * windowMs}.
 *
 * <p>Thread-safe and lock-free (see {@link SampledStat}).
 */
public final class Max extends SampledStat<Max.MaxSample> {
    private static final DoubleBinaryOperator MAX = Math::max;

    static final class MaxSample extends SampledStat.Sample {
        final DoubleAccumulator max = new DoubleAccumulator(MAX, Double.NEGATIVE_INFINITY);

        MaxSample(long window) {
            super(window);
        }
    }

    public Max(MetricConfig config) {
        super(config);
    }

    @Override
    protected MaxSample newSample(long window) {
        return new MaxSample(window);
    }

    @Override
    protected void update(MaxSample sample, double value) {
        sample.max.accumulate(value);
    }

    @Override
    public double measure(long nowMs) {
        long first = firstLiveWindow(nowMs);
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < samples(); i++) {
            MaxSample s = liveSample(i, first);
            if (s != null) {
                max = Math.max(max, s.max.get());
            }
        }
        return max == Double.NEGATIVE_INFINITY ? Double.NaN : max;
    }
}
