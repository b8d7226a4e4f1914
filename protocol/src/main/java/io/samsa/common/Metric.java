package io.samsa.common;

/**
 * One metric of a producer, as {@code producer.metrics()} returns them. Mirrors Apache Kafka's
 * {@code org.apache.kafka.common.Metric}.
 *
 * <p>The object is live: {@link #metricValue()} measures the current value on every call (a rate over the
 * sliding window ending now, a gauge's current reading), so a caller may keep it and read it again later.
 * Any thread may call it at any time, also concurrently with the producer's own threads recording.
 */
public interface Metric {

    /** {@return the metric's name, group and tags} */
    MetricName metricName();

    /**
     * The current value. Every metric of the Samsa producer is a {@code Double}, as in Apache Kafka; an average
     * or maximum over a window in which nothing was recorded is {@code NaN}, a rate is 0.
     *
     * @return the value measured now
     */
    Object metricValue();
}
