package io.samsa.metrics;

import io.samsa.common.MetricName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eight threads recording into one sensor at once lose nothing: not in the cumulative totals, and not in the
 * windowed samples even while another thread moves the clock through hundreds of window roll-overs (the
 * compare-and-set swap must never drop an addition).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConcurrentRecordingTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 200_000;

    @Test
    void eightThreadsTotalExactlyInOneWindow() throws Exception {
        ManualTime time = new ManualTime(5_000);
        MetricConfig config = new MetricConfig(2, 30_000);
        Metrics metrics = new Metrics(config, time);
        Sensor sensor = metrics.sensor("s")
                .add(name("total"), new CumulativeSum())
                .add(name("count"), new CumulativeCount())
                .add(name("rate"), Rate.ofValues(config))
                .add(name("avg"), new Avg(config))
                .add(name("max"), new Max(config));

        runConcurrently(i -> sensor.record(i % 3 + 1)); // values 1, 2, 3, 1, 2, 3, ...

        long n = (long) THREADS * PER_THREAD;
        double expectedSum = 0;
        for (int i = 0; i < PER_THREAD; i++) {
            expectedSum += i % 3 + 1;
        }
        expectedSum *= THREADS;
        assertThat(value(metrics, "count")).isEqualTo((double) n);
        assertThat(value(metrics, "total")).isEqualTo(expectedSum);
        assertThat(value(metrics, "avg")).isEqualTo(expectedSum / n);
        assertThat(value(metrics, "max")).isEqualTo(3.0);
        // now = 5 s into window 0; span from the start of window -1: 35 s.
        assertThat(value(metrics, "rate")).isEqualTo(expectedSum * 1000.0 / 35_000);
    }

    @Test
    void noAdditionIsLostWhileWindowsRollOver() throws Exception {
        // 1 ms windows and enough samples that every window the run touches is still live at the end: the
        // rate's sum must then be the exact number recorded, although the clock crossed hundreds of windows
        // under the recorders' feet.
        ManualTime time = new ManualTime(0);
        MetricConfig config = new MetricConfig(4_000, 1);
        Metrics metrics = new Metrics(config, time);
        Rate rate = Rate.ofValues(config);
        Sensor sensor = metrics.sensor("s").add(name("rate"), rate).add(name("total"), new CumulativeSum());
        AtomicBoolean done = new AtomicBoolean();
        Thread ticker = new Thread(() -> {
            while (!done.get() && time.milliseconds() < 3_000) {
                time.advance(1);
                Thread.onSpinWait();
            }
        }, "ticker");
        ticker.start();
        try {
            runConcurrently(i -> sensor.record(1));
        } finally {
            done.set(true);
            ticker.join();
        }
        long now = time.milliseconds();
        assertThat(now).as("the clock must have crossed many windows for the test to mean anything")
                .isGreaterThan(10);
        long n = (long) THREADS * PER_THREAD;
        assertThat(value(metrics, "total")).isEqualTo((double) n);
        // rate = sum * 1000 / span; span = now - start of the earliest live window = (samples - 1) windows of 1 ms.
        double span = now - (now - config.samples() + 1);
        assertThat(Math.round(rate.measure(now) * span / 1000.0)).isEqualTo(n);
    }

    private interface Recording {
        void record(int i);
    }

    private static void runConcurrently(Recording recording) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_THREAD; i++) {
                        recording.record(i);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS); // a lost wake-up or deadlock in recording fails here, not hangs
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static MetricName name(String name) {
        return new MetricName(name, "test", name, Map.of());
    }

    private static double value(Metrics metrics, String name) {
        return metrics.metric(name(name)).value();
    }
}
