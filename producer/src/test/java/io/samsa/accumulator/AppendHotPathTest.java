package io.samsa.accumulator;

import io.samsa.common.Node;
import io.samsa.common.header.Header;
import io.samsa.common.header.internals.RecordHeader;
import io.samsa.common.Cluster;
import io.samsa.clients.producer.TestConfigs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.samsa.accumulator.AccumulatorFixtures.ManualTime;
import static io.samsa.accumulator.AccumulatorFixtures.TOPIC;
import static io.samsa.accumulator.AccumulatorFixtures.bytes;
import static io.samsa.accumulator.AccumulatorFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coarse guards and informal numbers for the append path (JMH comes in a later issue). The allocation test
 * asserts; the timings are only printed (to {@code target/surefire-reports/*-output.txt}), never asserted, since
 * this machine is shared.
 */
@Timeout(120)
class AppendHotPathTest {

    private static final byte[] KEY = bytes(8, 1);
    private static final byte[] VALUE = bytes(100, 2);
    private static final Header[] HEADERS = {new RecordHeader("trace", bytes(8, 3))};

    private static com.sun.management.ThreadMXBean threadBean() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean) {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
            if (mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled()) {
                return mx;
            }
        }
        return null;
    }

    /**
     * Appending into a batch that has room allocates nothing per record: no boxing, no per-record objects, and no
     * per-record side arrays beyond the hook array (sized once per buffer). 20,000 appends with a hook and headers
     * must allocate far less than one byte each.
     */
    @Test
    void appendingIntoABatchWithRoomDoesNotAllocatePerRecord() throws Exception {
        com.sun.management.ThreadMXBean mx = threadBean();
        if (mx == null) {
            return; // not measurable on this JVM
        }
        int big = 8 << 20;
        AccumulatorConfig config = TestConfigs.accumulator().batchSize(big).initialBatchBytes(big)
                .bufferMemory(4L * big).maxRequestSize(big).build();
        ManualTime time = new ManualTime();
        Cluster cluster = cluster(1, 1);
        RecordAccumulator acc = new RecordAccumulator(config, time);
        RecordCompletion hook = (tp, offset, ts, k, v, e) -> { };
        long tid = Thread.currentThread().getId();

        long best = Long.MAX_VALUE;
        for (int round = 0; round < 6; round++) { // early rounds run interpreted / are compiling
            acc.append(TOPIC, 0, 1L, KEY, VALUE, HEADERS, hook, null, 0); // allocates the batch and hook array
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 20_000; i++) {
                acc.append(TOPIC, 0, 1L + i, KEY, VALUE, HEADERS, hook, null, 0);
            }
            long after = mx.getThreadAllocatedBytes(tid);
            best = Math.min(best, after - before);
            drainAndComplete(acc, cluster, time);
        }
        assertThat(best).as("bytes allocated by 20,000 appends into a batch with room").isLessThan(2_000);
        assertThat(acc.memory().usedBytes()).isZero();
    }

    /**
     * Informal: appends per second with growing batches (the default: start at 2 KiB, double to 16 KiB) against
     * batches allocated at {@code batch.size} up front (Apache's way), single thread, many partitions.
     */
    @Test
    void informalThroughputOfGrowingAgainstFullSizeBuffers() throws Exception {
        int partitions = 64;
        Cluster cluster = cluster(3, partitions);
        for (int initial : new int[] {2_048, 16_384, 2_048, 16_384}) {
            AccumulatorConfig config = TestConfigs.accumulator().initialBatchBytes(initial).build();
            ManualTime time = new ManualTime();
            RecordAccumulator acc = new RecordAccumulator(config, time);
            int records = 400_000;
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                acc.append(TOPIC, i % partitions, 1L, KEY, VALUE, null, null, null, 0);
                if ((i & 4095) == 4095) {
                    drainAndComplete(acc, cluster, time);
                }
            }
            drainAndComplete(acc, cluster, time);
            long ns = System.nanoTime() - start;
            System.out.printf("initialBatchBytes=%5d: %6.1f ns/append (incl. drain+complete), %s%n", initial,
                    (double) ns / records, acc.stats());
            assertThat(acc.memory().usedBytes()).isZero();
        }
    }

    /**
     * Informal: does pooling 16 KiB buffers beat allocating them? Allocate-and-fill against take-from-pool, fill,
     * give back. Printed, not asserted; the numbers went into BatchMemory's Javadoc.
     */
    @Test
    void informalCostOfAllocatingAgainstPoolingBatchBuffers() {
        int size = 16_384;
        int rounds = 200_000;
        long sink = 0;
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                ByteBuffer b = ByteBuffer.allocate(size);
                b.put(i & (size - 1), (byte) i);
                sink += b.get(i & 1023);
            }
            long allocNs = System.nanoTime() - start;

            ArrayDeque<ByteBuffer> pool = new ArrayDeque<>();
            for (int i = 0; i < 64; i++) {
                pool.add(ByteBuffer.allocate(size));
            }
            start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                ByteBuffer b;
                synchronized (pool) {
                    b = pool.pollFirst();
                }
                b.clear();
                b.put(i & (size - 1), (byte) i);
                sink += b.get(i & 1023);
                synchronized (pool) {
                    pool.addLast(b);
                }
            }
            long poolNs = System.nanoTime() - start;
            System.out.printf("16 KiB buffer: allocate %.0f ns, pooled %.0f ns (per batch; a batch carries ~100"
                    + " records of 100 bytes)%n", (double) allocNs / rounds, (double) poolNs / rounds);
        }
        System.out.println("(checksum " + sink + ")");
    }

    private static void drainAndComplete(RecordAccumulator acc, Cluster cluster, ManualTime time) {
        acc.beginFlush();
        Set<Node> all = Set.copyOf(cluster.nodes());
        while (acc.hasUndrained()) {
            Map<Integer, List<ProducerBatch>> drained = acc.drainer().drain(cluster, all, 64 << 20, time.milliseconds());
            drained.values().forEach(list -> list.forEach(b -> b.complete(0, -1)));
        }
        try {
            acc.awaitFlushCompletion(0);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
