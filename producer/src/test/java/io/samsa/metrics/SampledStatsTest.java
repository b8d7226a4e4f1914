package io.samsa.metrics;

import io.samsa.common.MetricName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Windowed and cumulative stats over a manual clock: window roll-over, idle decay, empty windows. */
class SampledStatsTest {
    private static final long W = 30_000L;
    private static final MetricConfig TWO_BY_30S = new MetricConfig(2, W);

    @Test
    void rateDividesTheLiveSamplesByTheirSpanOfAtLeastSamplesMinusOneWindows() {
        Rate rate = Rate.ofValues(TWO_BY_30S);
        rate.record(30, 0);
        // Window 0 started at 0; the earliest live window (-1) at -30 s: 30 over 40 s, not 30 over 10 s.
        assertThat(rate.measure(10_000)).isEqualTo(30 / 40.0);
        // Window 1 begins: 0 and 1 are live, spanning exactly 30 s.
        assertThat(rate.measure(30_000)).isEqualTo(1.0);
        rate.record(60, 45_000);
        assertThat(rate.measure(59_999)).isCloseTo(90 / 59.999, within(1e-9));
        // Window 2: window 0 (30 records) has expired, window 1 (60) is live, span 30 s.
        assertThat(rate.measure(60_000)).isEqualTo(2.0);
        assertThat(rate.measure(75_000)).isEqualTo(60 / 45.0);
    }

    @Test
    void rateDecaysToZeroAfterAFullCycleOfIdleWindows() {
        Rate rate = Rate.ofValues(TWO_BY_30S);
        for (int i = 0; i < 10; i++) {
            rate.record(100, 29_000 + i);
        }
        assertThat(rate.measure(59_999)).isGreaterThan(0);
        assertThat(rate.measure(60_000)).isZero();
        assertThat(rate.measure(10 * W)).isZero();
        // Recording again after a long idle period reuses the slot; old samples do not come back.
        rate.record(7, 10 * W + 1);
        assertThat(rate.measure(10 * W + W / 2)).isEqualTo(7 / 45.0);
    }

    @Test
    void occurrenceRateCountsRecordingsNotValues() {
        Rate values = Rate.ofValues(TWO_BY_30S);
        Rate occurrences = Rate.ofOccurrences(TWO_BY_30S);
        for (Rate r : new Rate[] {values, occurrences}) {
            r.record(1000, 31_000);
            r.record(500, 32_000);
        }
        assertThat(values.measure(60_000)).isEqualTo(1500 / 30.0);
        assertThat(occurrences.measure(60_000)).isEqualTo(2 / 30.0);
    }

    @Test
    void singleSampleRateNeverDividesByZero() {
        Rate rate = Rate.ofValues(new MetricConfig(1, 1000));
        rate.record(5, 2000);
        // At the first millisecond of the window the span is 0: counted as 1 ms.
        assertThat(rate.measure(2000)).isEqualTo(5000.0);
        assertThat(rate.measure(2500)).isEqualTo(10.0);
        assertThat(rate.measure(3000)).isZero();
    }

    @Test
    void avgAndMaxCoverTheLiveWindowsAndAreNaNWhenEmpty() {
        Avg avg = new Avg(TWO_BY_30S);
        Max max = new Max(TWO_BY_30S);
        assertThat(avg.measure(0)).isNaN();
        assertThat(max.measure(0)).isNaN();
        record(avg, max, 10, 1_000);
        record(avg, max, 30, 2_000);
        assertThat(avg.measure(3_000)).isEqualTo(20.0);
        assertThat(max.measure(3_000)).isEqualTo(30.0);
        record(avg, max, 5, 31_000); // window 1
        assertThat(avg.measure(59_000)).isEqualTo(15.0);
        assertThat(max.measure(59_000)).isEqualTo(30.0);
        // Window 2: the spike of window 0 is forgotten.
        assertThat(avg.measure(60_000)).isEqualTo(5.0);
        assertThat(max.measure(60_000)).isEqualTo(5.0);
        // Window 3: nothing left.
        assertThat(avg.measure(90_000)).isNaN();
        assertThat(max.measure(90_000)).isNaN();
    }

    @Test
    void maxKeepsNegativeAndZeroValues() {
        Max max = new Max(TWO_BY_30S);
        max.record(-3, 0);
        assertThat(max.measure(1)).isEqualTo(-3.0);
        max.record(0, 2);
        assertThat(max.measure(3)).isZero();
    }

    @Test
    void aRecorderWithAStaleClockReadingNeverResetsANewerWindow() {
        Avg avg = new Avg(TWO_BY_30S);
        avg.record(100, 60_000); // window 2, slot 0
        // A thread that read the clock in window 0 (slot 0 too) and was descheduled for a minute: its value goes
        // into the live sample rather than wiping it.
        avg.record(50, 1_000);
        assertThat(avg.measure(60_001)).isEqualTo(75.0);
    }

    @Test
    void windowsWorkOnANegativeClock() {
        // Time.SYSTEM's origin is arbitrary; nanoTime may be negative.
        Rate rate = Rate.ofValues(TWO_BY_30S);
        rate.record(30, -1); // the last millisecond of window -1, which starts at -30 s
        assertThat(rate.measure(-1)).isCloseTo(30 / 59.999, within(1e-9));
        assertThat(rate.measure(29_999)).isCloseTo(30 / 59.999, within(1e-9));
        assertThat(rate.measure(30_000)).isZero();
    }

    @Test
    void cumulativeStatsNeverDecay() {
        CumulativeSum sum = new CumulativeSum();
        CumulativeCount count = new CumulativeCount();
        sum.record(3, 0);
        sum.record(4, Long.MAX_VALUE / 2);
        count.record(3, 0);
        count.record(4, 0);
        assertThat(sum.measure(Long.MAX_VALUE)).isEqualTo(7.0);
        assertThat(count.measure(Long.MAX_VALUE)).isEqualTo(2.0);
    }

    @Test
    void aSensorFeedsEveryStatWithTheRegistrysClock() {
        ManualTime time = new ManualTime(1_000);
        Metrics metrics = new Metrics(TWO_BY_30S, time);
        MetricName avgName = new MetricName("latency-avg", "g", "avg", Map.of());
        MetricName maxName = new MetricName("latency-max", "g", "max", Map.of());
        MetricName totalName = new MetricName("latency-total", "g", "total", Map.of());
        Sensor sensor = metrics.sensor("latency")
                .add(avgName, new Avg(TWO_BY_30S))
                .add(maxName, new Max(TWO_BY_30S))
                .add(totalName, new CumulativeSum());
        assertThat(metrics.sensor("latency")).isSameAs(sensor);
        sensor.record(10);
        time.advance(W);
        sensor.record(20);
        assertThat(metrics.metric(avgName).value()).isEqualTo(15.0);
        assertThat(metrics.metric(maxName).metricValue()).isEqualTo(20.0);
        time.advance(W);
        assertThat(metrics.metric(avgName).value()).isEqualTo(20.0);
        time.advance(W);
        assertThat(metrics.metric(avgName).value()).isNaN();
        assertThat(metrics.metric(totalName).value()).isEqualTo(30.0);
        assertThat(metrics.metrics().keySet()).containsExactly(avgName, maxName, totalName);
    }

    @Test
    void metricNamesAreUniquePerRegistry() {
        Metrics metrics = new Metrics(TWO_BY_30S, new ManualTime());
        MetricName name = new MetricName("x", "g", "first", Map.of("client-id", "a"));
        metrics.addMetric(name, now -> 1);
        assertThatThrownBy(() -> metrics.addMetric(new MetricName("x", "g", "reworded", Map.of("client-id", "a")),
                now -> 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("g/x{client-id=a} already exists");
        metrics.addMetric(new MetricName("x", "g", "other client", Map.of("client-id", "b")), now -> 3);
        assertThat(metrics.removeMetric(name)).isNotNull();
        assertThat(metrics.metric(name)).isNull();
    }

    @Test
    void configRejectsWindowsThatCannotWork() {
        assertThatThrownBy(() -> new MetricConfig(0, 1000)).hasMessageContaining("at least 1 sample, got 0");
        assertThatThrownBy(() -> new MetricConfig(2, 0)).hasMessageContaining("at least 1 ms, got 0");
        assertThat(new MetricConfig().samples()).isEqualTo(2);
        assertThat(new MetricConfig().timeWindowMs()).isEqualTo(30_000L);
    }

    private static void record(Avg avg, Max max, double value, long nowMs) {
        avg.record(value, nowMs);
        max.record(value, nowMs);
    }
}
