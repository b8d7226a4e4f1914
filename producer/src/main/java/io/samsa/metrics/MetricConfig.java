package io.samsa.metrics;

/**
 * How windowed stats sample: {@link #samples()} windows of {@link #timeWindowMs()} each. The defaults, 2 x 30 s,
 * are Apache Kafka's ({@code metrics.num.samples}, {@code metrics.sample.window.ms}): a rate then covers the
 * last 30 to 60 seconds, which smooths bursts yet shows a change within a minute.
 *
 * <p>Immutable.
 */
public final class MetricConfig {
    /** Apache Kafka's {@code metrics.num.samples} default. */
    public static final int DEFAULT_SAMPLES = 2;
    /** Apache Kafka's {@code metrics.sample.window.ms} default. */
    public static final long DEFAULT_TIME_WINDOW_MS = 30_000L;

    private final int samples;
    private final long timeWindowMs;

    /**
     * @param samples      how many windows a windowed stat keeps, at least 1
     * @param timeWindowMs the length of one window in milliseconds, at least 1
     * @throws IllegalArgumentException if either is out of range
     */
    public MetricConfig(int samples, long timeWindowMs) {
        if (samples < 1) {
            throw new IllegalArgumentException("metrics need at least 1 sample, got " + samples);
        }
        if (timeWindowMs < 1) {
            throw new IllegalArgumentException("the metrics sample window must be at least 1 ms, got " + timeWindowMs);
        }
        this.samples = samples;
        this.timeWindowMs = timeWindowMs;
    }

    /** 2 samples of 30 s. */
    public MetricConfig() {
        this(DEFAULT_SAMPLES, DEFAULT_TIME_WINDOW_MS);
    }

    public int samples() {
        return samples;
    }

    public long timeWindowMs() {
        return timeWindowMs;
    }

    @Override
    public String toString() {
        return "MetricConfig(" + samples + " x " + timeWindowMs + " ms)";
    }
}
