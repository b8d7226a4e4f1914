package io.samsa.metrics;

/**
 * Something whose current value can be measured: a stat, or a gauge reading a live number (buffer bytes in
 * use, requests in flight). Called by whichever thread reads the metric (JMX, {@code metrics()}), concurrently
 * with recording, so implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface Measurable {

    /**
     * @param nowMs the current time from the registry's clock ({@link io.samsa.common.utils.Time#milliseconds()});
     *              windowed stats need it, gauges usually ignore it
     * @return the value; {@code NaN} when there is nothing to report (an average of no samples)
     */
    double measure(long nowMs);
}
