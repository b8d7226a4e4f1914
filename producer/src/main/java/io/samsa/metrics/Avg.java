package io.samsa.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The average of the values recorded in the live windows (sum over count), or {@code NaN} when none was, as
 * Apache Kafka's {@code Avg}: an average of nothing is not 0 (a queue time of 0 ms would be a claim).
 *
 * <p>Thread-safe and lock-free (see {@link SampledStat}).
 */
public final class Avg extends SampledStat<Avg.AvgSample> {

    static final class AvgSample extends SampledStat.Sample {
        final DoubleAdder sum = new DoubleAdder();
        final LongAdder count = new LongAdder();

        AvgSample(long window) {
            super(window);
        }
    }

    public Avg(MetricConfig config) {
        super(config);
    }

    @Override
    protected AvgSample newSample(long window) {
        return new AvgSample(window);
    }

    @Override
    protected void update(AvgSample sample, double value) {
        sample.sum.add(value);
        sample.count.increment();
    }

    @Override
    public double measure(long nowMs) {
        long first = firstLiveWindow(nowMs);
        double sum = 0;
        long count = 0;
        for (int i = 0; i < samples(); i++) {
            AvgSample s = liveSample(i, first);
            if (s != null) {
                // Count first: a concurrent recorder adds the sum first, so a reader never sees a count whose sum
                // is missing (it may see a sum whose count is missing, a transient slight overestimate).
                count += s.count.sum();
                sum += s.sum.sum();
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
