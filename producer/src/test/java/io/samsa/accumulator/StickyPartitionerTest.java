package io.samsa.accumulator;

import io.samsa.accumulator.StickyPartitioner.Stint;
import io.samsa.common.Cluster;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class StickyPartitionerTest {
    private static final String TOPIC = "events";

    /** Random numbers given in advance, so that every draw is known. */
    private static IntSupplier scripted(int... values) {
        Queue<Integer> q = new ArrayDeque<>();
        for (int v : values) {
            q.add(v);
        }
        return () -> {
            Integer v = q.poll();
            if (v == null) {
                throw new AssertionError("more random numbers drawn than the test scripted");
            }
            return v;
        };
    }

    private static IntSupplier seeded(long seed) {
        Random r = new Random(seed);
        return r::nextInt;
    }

    @Test
    void staysOnOnePartitionUntilBatchSizeBytesThenSwitches() {
        Cluster cluster = PartitionerClusters.allLed(TOPIC, 6);
        StickyPartitioner sticky = new StickyPartitioner(TOPIC, 1000, true, scripted(2, 4));
        Stint first = sticky.current(cluster);
        assertThat(first.partition()).isEqualTo(2);
        for (int i = 0; i < 9; i++) {
            sticky.onAppend(first, 100, true, cluster);
            assertThat(sticky.current(cluster)).as("after %d bytes", (i + 1) * 100).isSameAs(first);
        }
        assertThat(sticky.isStale(first)).isFalse();

        sticky.onAppend(first, 100, true, cluster); // 1000 bytes: a batch's worth
        Stint second = sticky.current(cluster);
        assertThat(second).isNotSameAs(first);
        assertThat(second.partition()).isEqualTo(4);
        assertThat(second.producedBytes()).isZero();
        assertThat(first.producedBytes()).isEqualTo(1000);
        assertThat(sticky.isStale(first)).isTrue();
        assertThat(sticky.isStale(second)).isFalse();
    }

    @Test
    void aSwitchWaitsForTheBatchBoundaryButNotBeyondTwiceBatchSize() {
        Cluster cluster = PartitionerClusters.allLed(TOPIC, 6);
        StickyPartitioner sticky = new StickyPartitioner(TOPIC, 1000, true, scripted(0, 1, 2));
        Stint s = sticky.current(cluster);
        sticky.onAppend(s, 1200, false, cluster); // enough bytes, but a batch is still filling
        assertThat(sticky.current(cluster)).isSameAs(s);
        sticky.onAppend(s, 10, true, cluster); // the pending switch happens on the next append at a boundary
        assertThat(sticky.current(cluster).partition()).isEqualTo(1);

        Stint t = sticky.current(cluster);
        for (int i = 0; i < 19; i++) {
            sticky.onAppend(t, 100, false, cluster);
        }
        assertThat(sticky.current(cluster)).as("1900 bytes, batch incomplete").isSameAs(t);
        sticky.onAppend(t, 100, false, cluster); // 2000 = 2 x batch.size: switch regardless
        assertThat(sticky.current(cluster)).isNotSameAs(t);
        assertThat(sticky.current(cluster).partition()).isEqualTo(2);
    }

    @Test
    void batchSizeZeroMeansEveryRecordMaySwitch() {
        Cluster cluster = PartitionerClusters.allLed(TOPIC, 3);
        StickyPartitioner sticky = new StickyPartitioner(TOPIC, 0, true, scripted(0, 1, 2));
        Stint s = sticky.current(cluster);
        sticky.onAppend(s, 1, true, cluster);
        assertThat(sticky.current(cluster).partition()).isEqualTo(1);
        assertThatThrownBy(() -> new StickyPartitioner(TOPIC, -1, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverPicksALeaderlessPartitionWhenOthersHaveLeaders() {
        Cluster cluster = PartitionerClusters.topic(TOPIC, null, 1, null, null, 2, null);
        StickyPartitioner sticky = new StickyPartitioner(TOPIC, 10, true, seeded(11));
        int[] counts = new int[6];
        for (int i = 0; i < 10_000; i++) {
            Stint s = sticky.current(cluster);
            counts[s.partition()]++;
            sticky.onAppend(s, 10, true, cluster);
        }
        assertThat(counts[0] + counts[2] + counts[3] + counts[5]).isZero();
        assertThat(counts[1]).isBetween(4_500, 5_500);
        assertThat(counts[4]).isBetween(4_500, 5_500);
    }

    @Test
    void picksAmongAllPartitionsWhenNoneHasALeader() {
        Cluster cluster = PartitionerClusters.topic(TOPIC, null, null, null, null);
        StickyPartitioner sticky = new StickyPartitioner(TOPIC, 10, true, seeded(5));
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 200; i++) {
            Stint s = sticky.current(cluster);
            seen.add(s.partition());
            sticky.onAppend(s, 10, true, cluster);
        }
        assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void unknownTopicIsAnError() {
        StickyPartitioner sticky = new StickyPartitioner("other", 10, true, seeded(1));
        assertThatThrownBy(() -> sticky.current(PartitionerClusters.allLed(TOPIC, 3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'other'");
    }

    @Test
    void adaptiveWeightsMapRandomNumbersToPartitionsExactly() {
        Cluster cluster = PartitionerClusters.allLed(TOPIC, 3);
        // Queue lengths 0, 3, 1 give weights 4, 1, 3 (max + 1 - length): cumulative 4, 5, 8.
        StickyPartitioner sticky = new StickyPartitioner(TOPIC, 10, true, scripted(0, 1, 2, 3, 4, 5, 6, 7, 8, 12, -1));
        sticky.updateLoad(3, new int[]{0, 1, 2}, new int[]{0, 3, 1}, 3);
        assertThat(sticky.isWeighted()).isTrue();
        int[] drawn = new int[11];
        for (int i = 0; i < drawn.length; i++) {
            drawn[i] = sticky.nextPartition(cluster);
        }
        // 8 wraps to 0 and 12 to 4 (modulo the total weight 8); -1 is made positive (0x7fffffff % 8 = 7).
        assertThat(drawn).containsExactly(0, 0, 0, 0, 1, 2, 2, 2, 0, 1, 2);
    }

    @Test
    void adaptiveFavoursShorterQueuesInProportionToTheirWeights() {
        Cluster cluster = PartitionerClusters.allLed(TOPIC, 4);
        StickyPartitioner sticky = new StickyPartitioner(TOPIC, 10, true, seeded(2024));
        // Weights 11, 1, 6, 1 out of 19.
        sticky.updateLoad(4, new int[]{0, 1, 2, 3}, new int[]{0, 10, 5, 10}, 4);
        int draws = 190_000;
        int[] counts = new int[4];
        for (int i = 0; i < draws; i++) {
            counts[sticky.nextPartition(cluster)]++;
        }
        assertThat(counts[0] / (double) draws).isCloseTo(11 / 19.0, within(0.01));
        assertThat(counts[1] / (double) draws).isCloseTo(1 / 19.0, within(0.01));
        assertThat(counts[2] / (double) draws).isCloseTo(6 / 19.0, within(0.01));
        assertThat(counts[3] / (double) draws).isCloseTo(1 / 19.0, within(0.01));
        assertThat(counts[0]).isGreaterThan(counts[2]).isGreaterThan(counts[1]);
    }

    @Test
    void equalQueuesMeanUniformUnlessSomePartitionWasLeftOut() {
        Cluster cluster = PartitionerClusters.allLed(TOPIC, 4);
        StickyPartitioner sticky = new StickyPartitioner(TOPIC, 10, true, seeded(3));
        sticky.updateLoad(4, new int[]{0, 1, 2, 3}, new int[]{2, 2, 2, 2}, 4);
        assertThat(sticky.isWeighted()).isFalse();

        // Partition 2 left out (its leader is unavailable): the others are still drawn, 2 never.
        sticky.updateLoad(4, new int[]{0, 1, 3, 99}, new int[]{2, 2, 2, 99}, 3);
        assertThat(sticky.isWeighted()).isTrue();
        int[] counts = new int[4];
        for (int i = 0; i < 3000; i++) {
            counts[sticky.nextPartition(cluster)]++;
        }
        assertThat(counts[2]).isZero();
        assertThat(counts[0]).isBetween(900, 1100);
        assertThat(counts[1]).isBetween(900, 1100);
        assertThat(counts[3]).isBetween(900, 1100);

        sticky.clearLoad();
        assertThat(sticky.isWeighted()).isFalse();
    }

    @Test
    void onePartitionOrNothingDrawableMeansUniform() {
        StickyPartitioner sticky = new StickyPartitioner(TOPIC, 10, true, seeded(3));
        sticky.updateLoad(1, new int[]{0}, new int[]{5}, 1);
        assertThat(sticky.isWeighted()).isFalse();
        sticky.updateLoad(3, new int[3], new int[3], 0);
        assertThat(sticky.isWeighted()).isFalse();
    }

    @Test
    void withAdaptiveOffQueueLengthsAreIgnored() {
        StickyPartitioner sticky = new StickyPartitioner(TOPIC, 10, false, seeded(3));
        sticky.updateLoad(3, new int[]{0, 1, 2}, new int[]{0, 100, 100}, 3);
        assertThat(sticky.isWeighted()).isFalse();
    }

    @Test
    void theCallerMayReuseItsArrays() {
        Cluster cluster = PartitionerClusters.allLed(TOPIC, 2);
        StickyPartitioner sticky = new StickyPartitioner(TOPIC, 10, true, scripted(0, 0));
        int[] ids = {0, 1};
        int[] sizes = {5, 0}; // weights 1, 6: 0 -> partition 0
        sticky.updateLoad(2, ids, sizes, 2);
        ids[0] = 1;
        sizes[0] = 0;
        assertThat(sticky.nextPartition(cluster)).isZero();
    }

    @Test
    void firstAboveIsAnUpperBound() {
        long[] a = {4, 5, 8};
        assertThat(StickyPartitioner.firstAbove(a, 0)).isZero();
        assertThat(StickyPartitioner.firstAbove(a, 3)).isZero();
        assertThat(StickyPartitioner.firstAbove(a, 4)).isEqualTo(1);
        assertThat(StickyPartitioner.firstAbove(a, 5)).isEqualTo(2);
        assertThat(StickyPartitioner.firstAbove(a, 7)).isEqualTo(2);
    }

    @Test
    void leadersUnavailableForLongerThanTheTimeoutAreLeftOut() {
        LeaderAvailability availability = new LeaderAvailability(100);
        availability.record(1, 0, true);
        availability.record(2, 0, true);
        availability.record(1, 100, false);
        assertThat(availability.isUnavailable(1)).as("exactly the timeout").isFalse();
        availability.record(1, 101, false);
        availability.record(2, 101, true);
        assertThat(availability.isUnavailable(1)).isTrue();
        assertThat(availability.isUnavailable(2)).isFalse();
        assertThat(availability.isUnavailable(3)).as("never seen").isFalse();

        // The accumulator's recipe: leave out partitions whose leader is unavailable.
        Cluster cluster = PartitionerClusters.topic(TOPIC, 1, 2, 1, 2);
        int[] ids = new int[4];
        int[] sizes = new int[4];
        int n = 0;
        for (int p = 0; p < 4; p++) {
            int leader = cluster.partitionsForTopic(TOPIC).get(p).leader().id();
            if (!availability.isUnavailable(leader)) {
                ids[n] = p;
                sizes[n] = 0;
                n++;
            }
        }
        StickyPartitioner sticky = new StickyPartitioner(TOPIC, 10, true, seeded(8));
        sticky.updateLoad(4, ids, sizes, n);
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 500; i++) {
            Stint s = sticky.current(cluster);
            seen.add(s.partition());
            sticky.onAppend(s, 10, true, cluster);
        }
        assertThat(seen).containsExactlyInAnyOrder(1, 3);

        availability.record(1, 150, true);
        assertThat(availability.isUnavailable(1)).as("drained again").isFalse();
        availability.remove(2);
        assertThat(availability.isUnavailable(2)).isFalse();
    }

    @Test
    void availabilityTimeoutZeroTurnsTheExclusionOff() {
        LeaderAvailability off = new LeaderAvailability(0);
        assertThat(off.enabled()).isFalse();
        off.record(1, 0, true);
        off.record(1, 1_000_000, false);
        assertThat(off.isUnavailable(1)).isFalse();
        assertThatThrownBy(() -> new LeaderAvailability(-1)).hasMessageContaining("partitioner.availability.timeout.ms");
    }

    /**
     * Many threads follow the accumulator's protocol (current, lock the partition, isStale, append, onAppend).
     * Every byte must be counted against exactly the stint, and the partition, it went to, and no stint may run
     * past twice the batch size plus one record.
     */
    @Test
    void concurrentAppendersCountEveryByteOnceAgainstTheRightPartition() throws Exception {
        int partitions = 6;
        int batchSize = 500;
        int maxRecord = 100;
        Cluster cluster = PartitionerClusters.allLed(TOPIC, partitions);
        StickyPartitioner sticky = new StickyPartitioner(TOPIC, batchSize, true);
        Object[] locks = new Object[partitions];
        long[] bytesPerPartition = new long[partitions]; // guarded by locks[p]
        for (int p = 0; p < partitions; p++) {
            locks[p] = new Object();
        }
        Set<Stint> stints = ConcurrentHashMap.newKeySet();
        AtomicLong total = new AtomicLong();
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long seed = t;
            Thread w = new Thread(() -> {
                Random r = new Random(seed);
                try {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        int bytes = 1 + r.nextInt(maxRecord);
                        while (true) {
                            Stint s = sticky.current(cluster);
                            synchronized (locks[s.partition()]) {
                                if (sticky.isStale(s)) {
                                    continue;
                                }
                                bytesPerPartition[s.partition()] += bytes;
                                stints.add(s);
                                sticky.onAppend(s, bytes, r.nextBoolean(), cluster);
                                break;
                            }
                        }
                        total.addAndGet(bytes);
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            workers.add(w);
            w.start();
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertThat(failures).isEmpty();
        long perStint = 0;
        long[] perPartition = new long[partitions];
        for (Stint s : stints) {
            perStint += s.producedBytes();
            perPartition[s.partition()] += s.producedBytes();
            assertThat(s.producedBytes()).isLessThan(2L * batchSize + maxRecord);
        }
        assertThat(perStint).isEqualTo(total.get());
        for (int p = 0; p < partitions; p++) {
            synchronized (locks[p]) {
                assertThat(perPartition[p]).as("partition %d", p).isEqualTo(bytesPerPartition[p]);
            }
        }
        assertThat(stints.size()).isGreaterThan(100);
    }
}
