package io.samsa.metrics;

import java.util.concurrent.atomic.DoubleAdder;

/**
 * A per-second rate over the sliding window: either of the recorded values (bytes per second, records per
 * second when each record call carries a record count) or of the recordings themselves (requests per second).
 *
 * <p>The rate divides the sum of the live samples by the time they span: from the start of the earliest live
 * window to now, so between {@code (samples - 1) * windowMs} and {@code samples * windowMs}. Like Apache Kafka's
 * {@code Rate}, the span never counts fewer than {@code samples - 1} whole windows: just after start-up the rate
 * reads low rather than spiking (one record 1 ms after start is not 1000 records per second). When nothing is
 * recorded for {@code samples} windows, the rate is 0.
 *
 * <p>Thread-safe and lock-free (see {@link SampledStat}).
 */
public final class Rate extends SampledStat<Rate.RateSample> {

    static final class RateSample extends SampledStat.Sample {
        final DoubleAdder sum = new DoubleAdder();

        RateSample(long window) {
            super(window);
        }
    }

    private final boolean occurrences;

    private Rate(MetricConfig config, boolean occurrences) {
        super(config);
        this.occurrences = occurrences;
    }

    /** The recorded values per second: {@code record(500)} adds 500 (bytes, records, ...). */
    public static Rate ofValues(MetricConfig config) {
        return new Rate(config, false);
    }

    /** Recordings per second, whatever their value: {@code record(500)} adds 1. */
    public static Rate ofOccurrences(MetricConfig config) {
        return new Rate(config, true);
    }

    @Override
    protected RateSample newSample(long window) {
        return new RateSample(window);
    }

    @Override
    protected void update(RateSample sample, double value) {
        sample.sum.add(occurrences ? 1.0 : value);
    }

    @Override
    public double measure(long nowMs) {
        long first = firstLiveWindow(nowMs);
        double sum = 0;
        for (int i = 0; i < samples(); i++) {
            RateSample s = liveSample(i, first);
            if (s != null) {
                sum += s.sum.sum();
            }
        }
        // At the very first millisecond of a single-sample window the span is 0: count it as 1 ms (as Apache).
        long elapsedMs = Math.max(1L, nowMs - windowStartMs(first));
        return sum * 1000.0 / elapsedMs;
    }
}
