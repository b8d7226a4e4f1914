package io.samsa.perf.harness;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyRecorderTest {

    @Test
    void aWriterHandsItsIntervalOverOnItsNextRecordAndKeepsTheRest() {
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 1; i <= 10; i++) {
            r.record(i * 100);
        }
        assertThat(r.collect().completed).as("nothing handed over before an interval is asked for").isZero();
        r.requestInterval();
        r.record(5_000);
        Histogram first = r.collect().latencies;
        assertThat(first.getTotalCount()).isEqualTo(10);
        assertThat(first.getMaxValue()).isBetween(999L, 1001L);
        Histogram rest = r.drainAll().latencies;
        assertThat(rest.getTotalCount()).isEqualTo(1);
        assertThat(rest.getMinValue()).isBetween(4_990L, 5_010L);
        r.record(-7);
        assertThat(r.drainAll().latencies.getMinValue()).as("negative latencies count as 0").isZero();
    }

    @Test
    void everyValueOfConcurrentWritersIsCountedOnceAcrossIntervalsAndTheFinalDrain() throws Exception {
        LatencyRecorder r = new LatencyRecorder();
        int writers = 3;
        int perWriter = 200_000;
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int base = w;
            Thread t = new Thread(() -> {
                for (int i = 0; i < perWriter; i++) {
                    if (i % 4 == 3) {
                        r.recordUntimed(); // a record whose latency the runner did not sample
                    } else {
                        r.record(1 + base * 1_000 + (i % 500));
                    }
                }
            }, "writer-" + w);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        LatencyRecorder.Interval all = new LatencyRecorder.Interval();
        int intervals = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (threads.stream().anyMatch(Thread::isAlive)) {
            assertThat(System.nanoTime()).as("writers finish within the deadline").isLessThan(deadline);
            r.requestInterval();
            all.add(r.collect());
            intervals++;
            Thread.onSpinWait();
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(t.isAlive()).isFalse();
        }
        all.add(r.drainAll());
        assertThat(all.completed).as("every completion, timed or not").isEqualTo((long) writers * perWriter);
        assertThat(all.latencies.getTotalCount()).as("the timed ones").isEqualTo((long) writers * perWriter * 3 / 4);
        assertThat(all.latencies.getMinValue()).isEqualTo(1);
        assertThat(all.latencies.getMaxValue()).isBetween(2_498L, 2_502L);
        assertThat(all.latencies.getCountAtValue(1_001)).as("writer 1's value 1001, once per 500 records")
                .isEqualTo(400);
        assertThat(intervals).isPositive();
        assertThat(r.drainAll().completed).as("drained once").isZero();
    }
}
