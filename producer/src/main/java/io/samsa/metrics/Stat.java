package io.samsa.metrics;

/**
 * Something a {@link Sensor} feeds: takes one recorded value at a time. Implementations are called by many
 * threads at once and must be thread-safe, cheap and allocation-free on this path.
 */
public interface Stat {

    /**
     * @param value the recorded value (records, bytes, milliseconds, ...)
     * @param nowMs the time of recording, from the registry's clock
     */
    void record(double value, long nowMs);
}
