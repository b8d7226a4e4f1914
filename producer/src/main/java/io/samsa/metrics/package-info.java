/**
 * A small metrics library for Samsa's producer (internal: not part of the public API, which is
 * {@link io.samsa.common.Metric} and {@link io.samsa.common.MetricName}).
 *
 * <h2>Shape</h2>
 * Modelled on Apache Kafka's {@code org.apache.kafka.common.metrics}, so that names, groups, windows and JMX
 * object names read the same to someone who monitors Apache Kafka's clients:
 * <ul>
 *   <li>{@link io.samsa.metrics.Sensor}: one thing that happens (a batch is sent, a request completes), recorded
 *       with a value; it feeds one or more stats.</li>
 *   <li>Stats: windowed {@link io.samsa.metrics.Rate}, {@link io.samsa.metrics.Avg} and
 *       {@link io.samsa.metrics.Max} (a sliding window of {@link io.samsa.metrics.MetricConfig#samples()}
 *       samples of {@link io.samsa.metrics.MetricConfig#timeWindowMs()} each, by default 2 x 30 s as Apache
 *       Kafka's), and cumulative {@link io.samsa.metrics.CumulativeSum} and
 *       {@link io.samsa.metrics.CumulativeCount}. A gauge is any {@link io.samsa.metrics.Measurable}.</li>
 *   <li>{@link io.samsa.metrics.Metrics}: the registry of one producer; {@link io.samsa.metrics.JmxReporter}
 *       publishes it as DynamicMBeans.</li>
 * </ul>
 *
 * <h2>Why lock-free</h2>
 * Sensors are recorded on the hottest paths (every {@code send()} on every application thread, every batch on
 * the I/O thread). Apache Kafka's sensors take a lock per record; here a record is a few striped-counter
 * additions ({@link java.util.concurrent.atomic.LongAdder} and friends) into the sample of the current window,
 * with no lock and no allocation. Only when a window rolls over is a fresh sample allocated and swapped in with
 * one compare-and-set (see {@link io.samsa.metrics.SampledStat}). Reading a metric sums the live samples; it is
 * not atomic across samples, which for monitoring is fine.
 *
 * <h2>Time</h2>
 * Every stat takes "now" from the caller, which the {@link io.samsa.metrics.Sensor} reads from an injected
 * {@link io.samsa.common.utils.Time}: tests step a manual clock through window boundaries without sleeping.
 *
 * <p><b>Internal</b> to samsa-producer: not part of Samsa's public API, with no compatibility promise; it may
 * change in any release. One exception: {@link io.samsa.metrics.MetricsReporter}, which a class named by
 * {@code metric.reporters} implements, is public API and covered by the API check.
 */
package io.samsa.metrics;
