package io.samsa.clients.producer.internals;

import io.samsa.metrics.ManualTime;
import io.samsa.metrics.MetricConfig;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Recording is on the send path of every record: within a window it must not allocate (no boxing, no
 * iterator, no lambda), or a busy producer would feed the garbage collector for its monitoring.
 */
class RecordingAllocationTest {
    private static final int CALLS = 200_000;

    @Test
    void recordingWithinAWindowAllocatesNothing() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot measure a thread's allocations");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot measure a thread's allocations");

        ManualTime time = new ManualTime(1_000);
        ProducerMetrics metrics = new ProducerMetrics("allocation", new MetricConfig(), time);
        Runnable hotPath = () -> {
            for (int i = 0; i < CALLS; i++) {
                metrics.recordRecordSizes(120, 130);
                metrics.recordSent("orders", 10, 1_200);
                metrics.recordBatch(10, 1_200, 16_384);
                metrics.recordRequest(1, 10);
                metrics.networkListener().onRequestSent(1, 1_300, 1_000);
                metrics.recordQueueTime(3);
                metrics.recordRequestLatency(2);
                metrics.recordAcked(10);
            }
        };
        hotPath.run(); // creates the topic's sensors and the window's samples, and lets the JIT compile

        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        hotPath.run();
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        // 1.6 million recordings: even 1 byte each would show. What remains is the measurement's own noise.
        assertThat(allocated).as("bytes allocated by %s recordings", 8L * CALLS).isLessThan(64 * 1024);
    }
}
