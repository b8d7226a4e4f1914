package io.samsa.accumulator;

import io.samsa.common.Node;
import io.samsa.common.TopicPartition;
import io.samsa.common.header.Header;
import io.samsa.common.header.internals.RecordHeader;
import io.samsa.common.errors.ClosedException;
import io.samsa.common.errors.RecordTooLargeException;
import io.samsa.common.errors.TimeoutException;
import io.samsa.common.Cluster;
import io.samsa.clients.producer.TestConfigs;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;

import org.apache.kafka.common.record.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.samsa.accumulator.AccumulatorFixtures.Hook;
import static io.samsa.accumulator.AccumulatorFixtures.ManualTime;
import static io.samsa.accumulator.AccumulatorFixtures.TOPIC;
import static io.samsa.accumulator.AccumulatorFixtures.assertApacheReads;
import static io.samsa.accumulator.AccumulatorFixtures.awaitCondition;
import static io.samsa.accumulator.AccumulatorFixtures.bytes;
import static io.samsa.accumulator.AccumulatorFixtures.cluster;
import static io.samsa.accumulator.AccumulatorFixtures.clusterWithLeaders;
import static io.samsa.accumulator.AccumulatorFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class RecordAccumulatorTest {

    private static final long TS = 1_700_000_000_000L;

    private final ManualTime time = new ManualTime();
    private final Cluster cluster = cluster(2, 4); // partitions 0,2 on broker 0; 1,3 on broker 1

    private static TestConfigs.AccumulatorBuilder small() {
        return TestConfigs.accumulator().batchSize(1024).initialBatchBytes(256).bufferMemory(1 << 20)
                .lingerMs(10).deliveryTimeoutMs(1_000).retryBackoffMs(100).retryBackoffMaxMs(1_000)
                .retryBackoffJitter(0).maxRequestSize(1 << 20);
    }

    private RecordAccumulator accumulator(TestConfigs.AccumulatorBuilder config) {
        return new RecordAccumulator(config.build(), time);
    }

    private static Hook append(RecordAccumulator acc, int partition, byte[] value) throws InterruptedException {
        Hook h = new Hook();
        acc.append(TOPIC, partition, TS, null, value, null, h, null, 0);
        return h;
    }

    /** Drains everything the accumulator has for the given partitions' leaders, forcing readiness. */
    private List<ProducerBatch> drainAll(RecordAccumulator acc, Cluster c) {
        List<ProducerBatch> out = new ArrayList<>();
        acc.beginFlush();
        try {
            while (true) {
                ReadyCheckResult r = acc.drainer().ready(c, time.milliseconds());
                Map<Integer, List<ProducerBatch>> drained = acc.drainer().drain(c, r.readyNodes(), Integer.MAX_VALUE,
                        time.milliseconds());
                if (drained.isEmpty()) {
                    return out;
                }
                drained.values().forEach(out::addAll);
            }
        } finally {
            try {
                acc.awaitFlushCompletion(0); // just ends the flush; nothing is waited for
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    // ---- building batches ------------------------------------------------------------------------------------

    @Test
    void batchesFillUpToBatchSizeAndTheBytesAreWhatApacheReads() throws Exception {
        RecordAccumulator acc = accumulator(small());
        List<byte[]> values = new ArrayList<>();
        List<Hook> hooks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            byte[] v = bytes(100, i);
            values.add(v);
            hooks.add(append(acc, 0, v));
        }
        // ~110 bytes per record: 8 fit in 1024 with the header, so 30 records make 4 batches.
        assertThat(acc.queuedBatches(new TopicPartition(TOPIC, 0))).isEqualTo(4);

        List<ProducerBatch> drained = drainAll(acc, cluster);
        assertThat(drained).hasSize(4);
        int recordNo = 0;
        for (ProducerBatch b : drained) {
            assertThat(b.sizeInBytes()).isLessThanOrEqualTo(1024);
            assertThat(b.chargedBytes()).isLessThanOrEqualTo(1024);
            MutableRecordBatch read = assertApacheReads(b, values.subList(recordNo, recordNo + b.recordCount()));
            assertThat(read.producerId()).isEqualTo(-1);
            assertThat(read.baseSequence()).isEqualTo(-1);
            recordNo += b.recordCount();
        }
        assertThat(drained.get(0).recordCount()).isEqualTo(8);
        assertThat(drained.get(0).sizeInBytes()).isGreaterThan(1024 - 111);
        assertThat(recordNo).isEqualTo(30);

        long base = 0;
        for (ProducerBatch b : drained) {
            b.complete(base, -1);
            base += b.recordCount();
        }
        for (int i = 0; i < 30; i++) {
            assertThat(hooks.get(i).calls).hasValue(1);
            assertThat(hooks.get(i).offset).isEqualTo(i);
            assertThat(hooks.get(i).timestamp).isEqualTo(TS);
            assertThat(hooks.get(i).valueSize).isEqualTo(100);
            assertThat(hooks.get(i).keySize).isEqualTo(-1);
            assertThat(hooks.get(i).exception).isNull();
        }
        assertThat(acc.memory().usedBytes()).isZero();
        assertThat(acc.hasIncomplete()).isFalse();
    }

    @Test
    void aNewBatchStartsSmallAndDoublesUpToBatchSize() throws Exception {
        RecordAccumulator acc = accumulator(small());
        append(acc, 0, bytes(20, 1));
        assertThat(acc.memory().usedBytes()).as("first buffer: initialBatchBytes").isEqualTo(256);

        List<Long> used = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            append(acc, 0, bytes(20, i));
            used.add(acc.memory().usedBytes());
        }
        // 256 -> 512 -> 1024 (batch.size); this partition filled a batch, so its next one starts at 1024.
        assertThat(used).contains(512L, 1024L, 1024L + 1024);
        assertThat(used).doesNotContain(1024L + 256);
        assertThat(used).allMatch(u -> u <= 1024 + 1024);
        List<ProducerBatch> drained = drainAll(acc, cluster);
        assertThat(drained.get(0).chargedBytes()).isEqualTo(1024);
        long charged = drained.stream().mapToLong(ProducerBatch::chargedBytes).sum();
        assertThat(acc.memory().usedBytes()).as("memory is charged at buffer capacity").isEqualTo(charged);
        drained.forEach(b -> b.complete(0, -1));
        assertThat(acc.memory().usedBytes()).isZero();
    }

    @Test
    void aGrowingBatchTakesItsCompletionArraysFromThePoolAndGivesTheOutgrownOnesBack() throws Exception {
        // batch.size 64 KiB, batches starting at 4 KiB: a completion array starts at 64 slots (one per 64 bytes)
        // and doubles to 1,024, the length a batch.size batch starts with.
        RecordAccumulator acc = accumulator(small().batchSize(65_536).initialBatchBytes(4_096).bufferMemory(1 << 22));
        List<Hook> hooks = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            hooks.add(append(acc, 0, bytes(10, i)));
        }
        assertThat(acc.queuedBatches(new TopicPartition(TOPIC, 0))).as("one batch").isEqualTo(1);
        assertThat(acc.pooledArrays()).as("outgrown at 64, 128, 256 and 512 records: back in the pool")
                .isEqualTo(4);

        // A batch of another partition that grows the same way takes those back rather than new arrays (each
        // taken one is returned again as it is outgrown, the 1,024-slot one is new): still 4, not 8.
        for (int i = 0; i < 600; i++) {
            hooks.add(append(acc, 2, bytes(10, i)));
        }
        assertThat(acc.pooledArrays()).isEqualTo(4);

        List<ProducerBatch> drained = drainAll(acc, cluster);
        assertThat(drained).hasSize(2);
        assertThat(drained).allSatisfy(b -> assertThat(b.completionArray()).hasSize(1_024));
        for (ProducerBatch b : drained) {
            b.complete(0, -1);
        }
        assertThat(hooks).as("every record's hook ran once, from the copied arrays")
                .allSatisfy(h -> assertThat(h.calls).hasValue(1));
        for (int i = 0; i < 600; i++) {
            assertThat(hooks.get(i).offset).isEqualTo(i);
            assertThat(hooks.get(600 + i).offset).isEqualTo(i);
        }
        assertThat(acc.pooledArrays()).as("the two full arrays come back at completion").isEqualTo(6);
    }

    @Test
    void aPartitionsNextBatchStartsAsBigAsItsLastOneGot() throws Exception {
        RecordAccumulator acc = accumulator(small().lingerMs(0));
        for (int i = 0; i < 4; i++) {
            append(acc, 0, bytes(100, i)); // ~493 bytes: grew to 512
        }
        drainAll(acc, cluster).forEach(b -> b.complete(0, -1));
        append(acc, 0, bytes(10, 1));
        assertThat(acc.memory().usedBytes()).as("sized like the last batch, not from 256 again").isEqualTo(512);

        drainAll(acc, cluster).forEach(b -> b.complete(0, -1)); // that batch held one small record
        append(acc, 0, bytes(10, 2));
        assertThat(acc.memory().usedBytes()).as("quiet again: small buffer").isEqualTo(256);
        drainAll(acc, cluster).forEach(b -> b.complete(0, -1));

        // An oversized record does not make the partition's next batches big.
        append(acc, 0, bytes(5_000, 3));
        drainAll(acc, cluster).forEach(b -> b.complete(0, -1));
        append(acc, 0, bytes(10, 4));
        assertThat(acc.memory().usedBytes()).isEqualTo(256);
    }

    @Test
    void batchSizeZeroPutsEveryRecordInABatchOfItsOwn() throws Exception {
        RecordAccumulator acc = accumulator(small().batchSize(0).lingerMs(60_000));
        for (int i = 0; i < 3; i++) {
            append(acc, 0, bytes(10, i));
        }
        assertThat(acc.drainer().ready(cluster, 0).readyNodes()).as("sealed at once: ready").containsExactly(node(0));
        List<ProducerBatch> drained = drainAll(acc, cluster);
        assertThat(drained).extracting(ProducerBatch::recordCount).containsExactly(1, 1, 1);
        drained.forEach(b -> b.complete(0, -1));
        assertThat(acc.memory().usedBytes()).isZero();
    }

    @Test
    void aFirstRecordBiggerThanTheInitialBufferGetsARoundedBufferAtOnce() throws Exception {
        RecordAccumulator acc = accumulator(small());
        append(acc, 0, bytes(300, 1)); // bound ~380: 256 doubled once
        assertThat(acc.memory().usedBytes()).isEqualTo(512);
    }

    @Test
    void memoryGrowsWithDataNotWithPartitionCount() throws Exception {
        // Kafka's defaults: batch.size 16 KiB, buffer.memory 32 MiB. Apache would need 10,000 x 16 KiB = 160 MiB
        // for this and block; here each partition holds one small buffer.
        AccumulatorConfig config = TestConfigs.accumulator().build();
        RecordAccumulator acc = new RecordAccumulator(config, time);
        int partitions = 10_000;
        for (int p = 0; p < partitions; p++) {
            Hook h = new Hook();
            acc.append("wide", p, TS, bytes(10, p), bytes(100, p), null, h, null, 0);
        }
        long used = acc.memory().usedBytes();
        assertThat(used).isEqualTo((long) partitions * config.initialBatchBytes());
        assertThat(used).isLessThan((long) partitions * config.batchSize() / 4);
        assertThat(used).isLessThan(config.bufferMemory());

        List<ProducerBatch> drained = drainAll(acc, cluster(3, Map.of("wide", partitions)));
        assertThat(drained).hasSize(partitions);
        drained.forEach(b -> b.complete(0, -1));
        assertThat(acc.memory().usedBytes()).isZero();
    }

    @Test
    void anOversizedRecordTravelsInABatchOfItsOwn() throws Exception {
        RecordAccumulator acc = accumulator(small());
        append(acc, 0, bytes(50, 1));
        byte[] big = bytes(5_000, 2);
        append(acc, 0, big);
        append(acc, 0, bytes(50, 3));
        assertThat(acc.queuedBatches(new TopicPartition(TOPIC, 0))).isEqualTo(3);

        List<ProducerBatch> drained = drainAll(acc, cluster);
        assertThat(drained).extracting(ProducerBatch::recordCount).containsExactly(1, 1, 1);
        int bound = RecordBatchBuilder.sizeInBytesUpperBound(-1, 5_000, null);
        // Its bound rounded up to a granule, a size the pool keeps.
        int granule = BatchSizes.granule(small().build().batchSize());
        assertThat(drained.get(1).chargedBytes()).isEqualTo((bound + granule - 1) / granule * granule)
                .isLessThan(bound + granule);
        assertApacheReads(drained.get(1), List.of(big));
        drained.forEach(b -> b.complete(0, -1));
        assertThat(acc.memory().usedBytes()).isZero();
    }

    @Test
    void recordsThatCouldNeverBeSentFailAtOnce() {
        RecordAccumulator acc = accumulator(small().maxRequestSize(2_000));
        assertThatThrownBy(() -> append(acc, 0, bytes(3_000, 1)))
                .isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("max.request.size=2000")
                .hasMessageContaining("value 3000 bytes");

        RecordAccumulator tiny = accumulator(small().bufferMemory(4_000).maxRequestSize(1 << 20));
        long start = System.nanoTime();
        assertThatThrownBy(() -> tiny.append(TOPIC, 0, TS, null, bytes(5_000, 1), null, new Hook(), null, 60_000))
                .isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("buffer.memory=4000")
                .hasMessageMatching("(?s).*needs up to 50\\d\\d bytes.*");
        assertThat(System.nanoTime() - start).as("failed without waiting").isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThat(tiny.memory().usedBytes()).isZero();
        assertThat(tiny.hasIncomplete()).isFalse();
    }

    @Test
    void invalidRecordsLeaveNoEmptyBatchBehind() {
        RecordAccumulator acc = accumulator(small());
        assertThatThrownBy(() -> acc.append(TOPIC, 0, -5, null, bytes(1, 1), null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> acc.append(TOPIC, 0, TS, null, bytes(1, 1), new Header[] {null}, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header 0 is null");
        assertThat(acc.hasUndrained()).isFalse();
        assertThat(acc.hasIncomplete()).isFalse();
        assertThat(acc.memory().usedBytes()).isZero();
    }

    @Test
    void keysHeadersAndNullsRoundTripToTheHooks() throws Exception {
        RecordAccumulator acc = accumulator(small());
        Hook keyed = new Hook();
        Hook tombstone = new Hook();
        acc.append(TOPIC, 0, TS + 5, bytes(7, 1), bytes(9, 2), new Header[] {new RecordHeader("h", bytes(3, 3))},
                keyed, null, 0);
        acc.append(TOPIC, 0, TS - 20, bytes(4, 1), null, null, tombstone, null, 0);
        acc.append(TOPIC, 0, TS, null, bytes(4, 1), null, null, null, 0); // nobody listens: no hook at all
        ProducerBatch b = drainAll(acc, cluster).get(0);
        b.complete(500, -1);
        assertThat(keyed.offset).isEqualTo(500);
        assertThat(keyed.timestamp).isEqualTo(TS + 5);
        assertThat(keyed.keySize).isEqualTo(7);
        assertThat(keyed.valueSize).isEqualTo(9);
        assertThat(tombstone.offset).isEqualTo(501);
        assertThat(tombstone.timestamp).as("negative timestamp delta").isEqualTo(TS - 20);
        assertThat(tombstone.keySize).isEqualTo(4);
        assertThat(tombstone.valueSize).isEqualTo(-1);
    }

    // ---- readiness -------------------------------------------------------------------------------------------

    @Test
    void aBatchLingersForLingerMsSinceItsFirstRecord() throws Exception {
        RecordAccumulator acc = accumulator(small().lingerMs(10));
        time.set(1_000);
        append(acc, 0, bytes(10, 1)); // broker 0
        ReadyCheckResult r = acc.drainer().ready(cluster, 1_000);
        assertThat(r.readyNodes()).isEmpty();
        assertThat(r.nextReadyCheckDelayMs()).isEqualTo(10);

        time.set(1_004);
        append(acc, 0, bytes(10, 2)); // same batch: its linger still counts from the first record
        append(acc, 1, bytes(10, 3)); // broker 1, created at 1004
        r = acc.drainer().ready(cluster, 1_006);
        assertThat(r.readyNodes()).isEmpty();
        assertThat(r.nextReadyCheckDelayMs()).isEqualTo(4);

        r = acc.drainer().ready(cluster, 1_010);
        assertThat(r.readyNodes()).containsExactly(node(0));
        assertThat(r.nextReadyCheckDelayMs()).isEqualTo(4);

        r = acc.drainer().ready(cluster, 1_014);
        assertThat(r.readyNodes()).containsExactlyInAnyOrder(node(0), node(1));
    }

    @Test
    void nothingQueuedMeansSleepUntilWoken() {
        RecordAccumulator acc = accumulator(small());
        ReadyCheckResult r = acc.drainer().ready(cluster, 0);
        assertThat(r.readyNodes()).isEmpty();
        assertThat(r.nextReadyCheckDelayMs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aFullBatchIsReadyWithoutLingering() throws Exception {
        RecordAccumulator acc = accumulator(small().lingerMs(60_000));
        for (int i = 0; i < 9; i++) { // 8 fill a batch; the 9th starts the next
            append(acc, 0, bytes(100, i));
        }
        assertThat(acc.drainer().ready(cluster, 0).readyNodes()).containsExactly(node(0));
    }

    @Test
    void appendsThatStartOrFillABatchWakeTheSender() throws Exception {
        AtomicInteger wakeups = new AtomicInteger();
        RecordAccumulator acc = new RecordAccumulator(small().build(), time, DrainHook.NON_IDEMPOTENT,
                wakeups::incrementAndGet, null);
        acc.append(TOPIC, 0, TS, null, bytes(100, 0), null, null, null, 0);
        assertThat(wakeups).as("new batch").hasValue(1);
        for (int i = 1; i < 8; i++) {
            acc.append(TOPIC, 0, TS, null, bytes(100, i), null, null, null, 0);
        }
        assertThat(wakeups).as("appends into an existing batch (some growing it) do not wake").hasValue(1);
        acc.append(TOPIC, 0, TS, null, bytes(100, 8), null, null, null, 0);
        assertThat(wakeups).as("the batch filled up and a new one started").hasValue(2);
    }

    @Test
    void noWakeUpForABatchWhoseLeaderTheSenderFoundBusy() throws Exception {
        AtomicInteger wakeups = new AtomicInteger();
        RecordAccumulator acc = new RecordAccumulator(small().build(), time, DrainHook.NON_IDEMPOTENT,
                wakeups::incrementAndGet, null);
        acc.busyNodes().publish(new int[] {0, 7}, 1, false); // broker 0 busy; the 7 is scratch beyond count
        for (int i = 0; i < 9; i++) { // partition 0 (broker 0): a batch starts, fills, the next starts
            acc.append(TOPIC, 0, TS, null, bytes(100, i), null, null, cluster, 0);
        }
        assertThat(wakeups).as("broker 0 is busy: its response will wake the sender").hasValue(0);

        acc.append(TOPIC, 1, TS, null, bytes(100, 0), null, null, cluster, 0);
        assertThat(wakeups).as("partition 1 is led by broker 1, which is not busy").hasValue(1);

        acc.busyNodes().publish(new int[0], 0, false);
        for (int i = 9; i < 17; i++) {
            acc.append(TOPIC, 0, TS, null, bytes(100, i), null, null, cluster, 0);
        }
        assertThat(wakeups).as("broker 0 no longer busy: the next filled batch wakes the sender").hasValue(2);

        acc.busyNodes().publish(new int[] {0}, 1, false);
        acc.append(TOPIC, 0, TS, null, bytes(100, 0), null, null, null, 0);
        assertThat(wakeups).as("no cluster to find the leader in: always woken").hasValue(2);
        for (int i = 0; i < 8; i++) {
            acc.append(TOPIC, 2, TS, null, bytes(100, i), null, null, null, 0);
        }
        assertThat(wakeups).as("a new batch without a cluster wakes").hasValue(3);
    }

    @Test
    void aThreadAboutToWaitForMemoryWakesTheSenderUnlessEveryBrokerWithDataIsBusy() throws Exception {
        AtomicInteger wakeups = new AtomicInteger();
        // Room for exactly one batch: the second partition's first record must wait for memory.
        RecordAccumulator acc = new RecordAccumulator(small().bufferMemory(1024).initialBatchBytes(1024).build(),
                time, DrainHook.NON_IDEMPOTENT, wakeups::incrementAndGet, null);
        acc.append(TOPIC, 0, TS, null, bytes(100, 0), null, null, cluster, 0);
        int afterFirst = wakeups.get();

        acc.busyNodes().publish(new int[] {0}, 1, true); // broker 0 busy, and nothing queued for anyone else
        assertThatThrownBy(() -> acc.append(TOPIC, 2, TS, null, bytes(100, 1), null, null, cluster, 20))
                .isInstanceOf(TimeoutException.class);
        assertThat(wakeups).as("only busy broker 0 has data: waking the sender would change nothing")
                .hasValue(afterFirst);

        acc.busyNodes().publish(new int[] {0}, 1, false); // busy, but other brokers had data lingering
        assertThatThrownBy(() -> acc.append(TOPIC, 2, TS, null, bytes(100, 1), null, null, cluster, 20))
                .isInstanceOf(TimeoutException.class);
        assertThat(wakeups).as("other brokers' lingering batches should go out now to free memory")
                .hasValue(afterFirst + 1);
    }

    @Test
    void flushAndCloseMakeEverythingReadyAtOnce() throws Exception {
        RecordAccumulator acc = accumulator(small().lingerMs(60_000));
        append(acc, 0, bytes(10, 1));
        assertThat(acc.drainer().ready(cluster, 0).readyNodes()).isEmpty();
        acc.beginFlush();
        assertThat(acc.flushInProgress()).isTrue();
        assertThat(acc.drainer().ready(cluster, 0).readyNodes()).containsExactly(node(0));
        assertThat(acc.awaitFlushCompletion(10)).as("nothing was sent: the flush times out").isFalse();
        assertThat(acc.flushInProgress()).isFalse();
        assertThat(acc.drainer().ready(cluster, 0).readyNodes()).isEmpty();

        acc.close();
        assertThat(acc.drainer().ready(cluster, 0).readyNodes()).containsExactly(node(0));
        assertThatThrownBy(() -> append(acc, 1, bytes(1, 1)))
                .isInstanceOf(ClosedException.class).hasMessageContaining(TOPIC + "-1");
    }

    @Test
    void flushWaitsForEveryBatchCreatedBeforeIt() throws Exception {
        RecordAccumulator acc = accumulator(small().lingerMs(60_000));
        Hook h0 = append(acc, 0, bytes(10, 1));
        Hook h1 = append(acc, 1, bytes(10, 2));
        acc.beginFlush();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> flushed = pool.submit(() -> acc.awaitFlushCompletion(60_000));
            ReadyCheckResult r = acc.drainer().ready(cluster, 0);
            Map<Integer, List<ProducerBatch>> drained = acc.drainer().drain(cluster, r.readyNodes(), 1 << 20, 0);
            drained.get(0).get(0).complete(0, -1);
            assertThat(flushed.isDone()).isFalse();
            drained.get(1).get(0).complete(0, -1);
            assertThat(flushed.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(h0.done()).isTrue();
            assertThat(h1.done()).as("hooks have run when flush returns").isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void threadsWaitingForMemoryMakeEverythingReady() throws Exception {
        RecordAccumulator acc = accumulator(small().bufferMemory(512).lingerMs(60_000));
        append(acc, 0, bytes(10, 1));
        append(acc, 2, bytes(10, 2)); // 2 x 256: memory full
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Hook> blocked = pool.submit(() -> {
                Hook h = new Hook();
                acc.append(TOPIC, 1, TS, null, bytes(10, 3), null, h, null, 60_000);
                return h;
            });
            awaitCondition("the append to block", 10_000, () -> acc.memory().waitingThreads() == 1);
            ReadyCheckResult r = acc.drainer().ready(cluster, 0);
            assertThat(r.readyNodes()).as("linger is ignored while memory is short").containsExactly(node(0));
            List<ProducerBatch> batches = acc.drainer().drain(cluster, r.readyNodes(), 1 << 20, 0).get(0);
            assertThat(batches).hasSize(2);
            assertThat(blocked.isDone()).isFalse();
            batches.get(0).complete(0, -1); // frees 256: the waiter proceeds
            Hook h = blocked.get(10, TimeUnit.SECONDS);
            assertThat(h.done()).isFalse();
            assertThat(acc.memory().usedBytes()).isEqualTo(512);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void partitionsWithoutALeaderAreReportedForMetadata() throws Exception {
        Cluster c = clusterWithLeaders(2, Map.of(TOPIC, new Integer[] {0, null}));
        RecordAccumulator acc = accumulator(small().lingerMs(0));
        append(acc, 0, bytes(1, 1));
        append(acc, 1, bytes(1, 2));
        acc.append("unknown-topic", 0, TS, null, bytes(1, 3), null, null, null, 0);
        ReadyCheckResult r = acc.drainer().ready(c, 0);
        assertThat(r.readyNodes()).containsExactly(node(0));
        assertThat(r.unknownLeaderPartitions()).containsExactlyInAnyOrder(new TopicPartition(TOPIC, 1),
                new TopicPartition("unknown-topic", 0));
        assertThat(r.unknownLeaderTopics()).containsExactlyInAnyOrder(TOPIC, "unknown-topic");
    }

    // ---- draining --------------------------------------------------------------------------------------------

    @Test
    void drainTakesOneBatchPerPartitionWithinMaxRequestSizeAndRotates() throws Exception {
        Cluster oneBroker = cluster(1, 4);
        RecordAccumulator acc = accumulator(small().lingerMs(0));
        for (int p = 0; p < 4; p++) {
            for (int i = 0; i < 16; i++) { // two full batches (8 records, ~950 bytes) per partition
                append(acc, p, bytes(100, p * 100 + i));
            }
        }
        Set<Node> ready = acc.drainer().ready(oneBroker, 0).readyNodes();
        assertThat(ready).containsExactly(node(0));

        List<List<Integer>> requests = new ArrayList<>();
        while (acc.hasUndrained()) {
            List<ProducerBatch> request = acc.drainer().drain(oneBroker, ready, 2_500, 0).get(0);
            assertThat(request.stream().mapToInt(ProducerBatch::sizeInBytes).sum()).isLessThanOrEqualTo(2_500);
            List<Integer> partitions = new ArrayList<>();
            for (ProducerBatch b : request) {
                partitions.add(b.topicPartition().partition());
            }
            assertThat(partitions).as("one batch per partition per request").doesNotHaveDuplicates();
            requests.add(partitions);
            request.forEach(b -> b.complete(0, -1));
        }
        // Two ~950-byte batches fit in 2,500; the partition that did not fit starts the next request.
        assertThat(requests).containsExactly(List.of(0, 1), List.of(2, 3), List.of(0, 1), List.of(2, 3));
        AccumulatorStats stats = acc.stats();
        assertThat(stats.requests()).isEqualTo(4);
        assertThat(stats.batchesDrained()).isEqualTo(8);
        assertThat(stats.avgBatchesPerRequest()).isEqualTo(2.0);
        assertThat(stats.avgRecordsPerBatch()).isEqualTo(8.0);
        assertThat(stats.avgBatchFill()).isBetween(0.85, 1.0);
        assertThat(acc.memory().usedBytes()).isZero();
    }

    @Test
    void statsReportMemoryQueueTimeAndRetriesOnlyOnce() throws Exception {
        RecordAccumulator acc = accumulator(small().lingerMs(0));
        time.set(100);
        append(acc, 0, bytes(10, 1));
        append(acc, 0, bytes(10, 2));
        time.set(130);
        append(acc, 1, bytes(10, 3));
        AccumulatorStats before = acc.stats();
        assertThat(before.bufferTotalBytes()).isEqualTo(1 << 20);
        assertThat(before.bufferUsedBytes()).isEqualTo(512);
        assertThat(before.bufferAvailableBytes()).isEqualTo((1 << 20) - 512);
        assertThat(before.waitingThreads()).isZero();

        Map<Integer, List<ProducerBatch>> drained = acc.drainer().drain(cluster, Set.of(node(0), node(1)), 1 << 20, 150);
        ProducerBatch first = drained.get(0).get(0);
        acc.drainer().reenqueue(first, 150);
        acc.drainer().drain(cluster, Set.of(node(0)), 1 << 20, 1_000); // the retry: not counted again
        AccumulatorStats stats = acc.stats();
        assertThat(stats.batchesDrained()).isEqualTo(2);
        assertThat(stats.recordsDrained()).isEqualTo(3);
        assertThat(stats.maxRecordsPerBatch()).isEqualTo(2);
        assertThat(stats.requests()).isEqualTo(3);
        assertThat(stats.queueTimeMsTotal()).as("50 ms + 20 ms, first record to first drain").isEqualTo(70);
        assertThat(stats.maxQueueTimeMs()).isEqualTo(50);
        assertThat(stats.avgQueueTimeMs()).isEqualTo(35.0);
        assertThat(stats.toString()).contains("records=3");
    }

    @Test
    void withoutSizePressureTheStartingPartitionStillRotates() throws Exception {
        Cluster oneBroker = cluster(1, 3);
        RecordAccumulator acc = accumulator(small().lingerMs(0));
        List<Integer> firsts = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int p = 0; p < 3; p++) {
                append(acc, p, bytes(10, p));
            }
            Set<Node> ready = acc.drainer().ready(oneBroker, 0).readyNodes();
            List<ProducerBatch> request = acc.drainer().drain(oneBroker, ready, 1 << 20, 0).get(0);
            assertThat(request).hasSize(3);
            firsts.add(request.get(0).topicPartition().partition());
            request.forEach(b -> b.complete(0, -1));
        }
        assertThat(firsts).containsExactly(0, 1, 2);
    }

    @Test
    void theFirstBatchAlwaysGoesEvenIfBiggerThanMaxRequestSize() throws Exception {
        RecordAccumulator acc = accumulator(small().lingerMs(0));
        for (int i = 0; i < 8; i++) {
            append(acc, 0, bytes(100, i));
        }
        Set<Node> ready = acc.drainer().ready(cluster, 0).readyNodes();
        List<ProducerBatch> request = acc.drainer().drain(cluster, ready, 100, 0).get(0);
        assertThat(request).hasSize(1);
        assertThat(request.get(0).sizeInBytes()).isGreaterThan(100);
    }

    @Test
    void mutedPartitionsAreNeitherReadyNorDrained() throws Exception {
        RecordAccumulator acc = accumulator(small().lingerMs(0));
        append(acc, 0, bytes(10, 1));
        append(acc, 2, bytes(10, 2)); // same broker
        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        acc.drainer().mutePartition(p0);
        assertThat(acc.drainer().isMuted(p0)).isTrue();
        Set<Node> ready = acc.drainer().ready(cluster, 0).readyNodes();
        assertThat(ready).containsExactly(node(0)); // thanks to partition 2
        List<ProducerBatch> request = acc.drainer().drain(cluster, ready, 1 << 20, 0).get(0);
        assertThat(request).extracting(b -> b.topicPartition().partition()).containsExactly(2);
        assertThat(acc.drainer().ready(cluster, 0).readyNodes()).isEmpty();

        acc.drainer().unmutePartition(p0);
        assertThat(acc.drainer().ready(cluster, 0).readyNodes()).containsExactly(node(0));
    }

    @Test
    void theDrainHookAssignsProducerStateInDrainOrderAndMayHoldPartitionsBack() throws Exception {
        int[] nextSequence = new int[4];
        Set<Integer> held = new java.util.HashSet<>(Set.of(2));
        DrainHook idempotent = new DrainHook() {
            @Override
            public boolean mayDrain(ProducerBatch first) {
                return !held.contains(first.topicPartition().partition());
            }

            @Override
            public void stamp(ProducerBatch batch) {
                int p = batch.topicPartition().partition();
                batch.stamp(4242L, (short) 3, nextSequence[p]);
                nextSequence[p] += batch.recordCount();
            }
        };
        RecordAccumulator acc = new RecordAccumulator(small().lingerMs(0).build(), time, idempotent, null, null);
        for (int i = 0; i < 12; i++) {
            append(acc, 0, bytes(100, i)); // batches of 8 and 4
        }
        append(acc, 2, bytes(10, 1));
        Set<Node> ready = acc.drainer().ready(cluster, 0).readyNodes();
        List<ProducerBatch> first = acc.drainer().drain(cluster, ready, 1 << 20, 0).get(0);
        assertThat(first).hasSize(1); // partition 2 held back
        List<ProducerBatch> second = acc.drainer().drain(cluster, ready, 1 << 20, 0).get(0);
        MutableRecordBatch b1 = assertApacheReads(first.get(0), recordsOf(first.get(0)));
        assertThat(b1.producerId()).isEqualTo(4242L);
        assertThat(b1.producerEpoch()).isEqualTo((short) 3);
        assertThat(b1.baseSequence()).isZero();
        assertThat(second.get(0).baseSequence()).isEqualTo(8);
        assertThat(acc.queuedBatches(new TopicPartition(TOPIC, 2))).isEqualTo(1);
        held.clear();
        assertThat(acc.drainer().drain(cluster, ready, 1 << 20, 0).get(0)).extracting(b -> b.topicPartition().partition())
                .containsExactly(2);
    }

    private static List<byte[]> recordsOf(ProducerBatch b) {
        List<byte[]> values = new ArrayList<>();
        for (io.samsa.protocol.record.Record r : RecordBatch.wrap(b.records())) {
            values.add(r.valueBytes());
        }
        return values;
    }

    // ---- retries ---------------------------------------------------------------------------------------------

    @Test
    void retriedBatchesGoBackToTheFrontInOrderKeepTheirBytesAndWaitForTheBackoff() throws Exception {
        RecordAccumulator acc = accumulator(small().lingerMs(0).retryBackoffMs(100));
        for (int i = 0; i < 24; i++) {
            append(acc, 0, bytes(100, i)); // three batches A, B, C
        }
        Set<Node> ready = acc.drainer().ready(cluster, 0).readyNodes();
        ProducerBatch a = acc.drainer().drain(cluster, ready, 1 << 20, 0).get(0).get(0);
        ProducerBatch b = acc.drainer().drain(cluster, ready, 1 << 20, 0).get(0).get(0);
        byte[] aBytes = toArray(a);
        byte[] bBytes = toArray(b);
        append(acc, 0, bytes(100, 99)); // a new batch D behind C

        // Responses arrive out of order: B fails first, then A. The queue must still read A, B, C, D.
        time.set(50);
        acc.drainer().reenqueue(b, 50);
        acc.drainer().reenqueue(a, 50);
        assertThat(acc.queuedBatches(new TopicPartition(TOPIC, 0))).isEqualTo(4);
        assertThat(a.retryAtMs()).isEqualTo(150);

        ReadyCheckResult r = acc.drainer().ready(cluster, 100);
        assertThat(r.readyNodes()).as("backing off").isEmpty();
        assertThat(r.nextReadyCheckDelayMs()).isEqualTo(50);
        assertThat(acc.drainer().drain(cluster, Set.of(node(0)), 1 << 20, 100)).as("not drained while backing off").isEmpty();

        r = acc.drainer().ready(cluster, 150);
        assertThat(r.readyNodes()).containsExactly(node(0));
        ProducerBatch again = acc.drainer().drain(cluster, r.readyNodes(), 1 << 20, 150).get(0).get(0);
        assertThat(again).isSameAs(a);
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(toArray(again)).as("same bytes").isEqualTo(aBytes);
        ProducerBatch next = acc.drainer().drain(cluster, r.readyNodes(), 1 << 20, 150).get(0).get(0);
        assertThat(next).isSameAs(b);
        assertThat(toArray(next)).isEqualTo(bBytes);
        assertThat(acc.memory().usedBytes()).as("retries keep their memory").isGreaterThan(0);
    }

    @Test
    void producerStateCanBeRewrittenUntilTheBytesAreHandedOutForSending() throws Exception {
        DrainHook hook = batch -> batch.stamp(10L, (short) 0, 0);
        RecordAccumulator acc = new RecordAccumulator(small().lingerMs(0).build(), time, hook, null, null);
        append(acc, 0, bytes(10, 1));
        ProducerBatch b = acc.drainer().drain(cluster, Set.of(node(0)), 1 << 20, 0).get(0).get(0);

        // Drained but not handed to a request yet (the idempotence layer's last look before sending): allowed.
        b.rewriteProducerState(10L, (short) 1, 0);
        MutableRecordBatch read = assertApacheReads(b, List.of(bytes(10, 1))); // records(): handed out now
        assertThat(read.producerEpoch()).isEqualTo((short) 1);
        assertThatThrownBy(() -> b.rewriteProducerState(10L, (short) 2, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("may be on the wire");

        acc.drainer().reenqueue(b, 0); // the request is over: queued again, the bytes may change (an epoch bump)
        b.rewriteProducerState(11L, (short) 0, 0);
        ProducerBatch again = acc.drainer().drain(cluster, Set.of(node(0)), 1 << 20, 1_000).get(0).get(0);
        assertThat(again).isSameAs(b);
        assertThat(assertApacheReads(again, List.of(bytes(10, 1))).producerId()).isEqualTo(11L);
    }

    @Test
    void retriesBackOffExponentiallyUpToTheMaximum() throws Exception {
        RecordAccumulator acc = accumulator(small().lingerMs(0).retryBackoffMs(100).retryBackoffMaxMs(300)
                .retryBackoffJitter(0));
        append(acc, 0, bytes(10, 1));
        long now = 0;
        for (long backoff : new long[] {100, 200, 300, 300}) {
            ProducerBatch b = acc.drainer().drain(cluster, Set.of(node(0)), 1 << 20, now).get(0).get(0);
            acc.drainer().reenqueue(b, now);
            assertThat(b.retryAtMs() - now).as("backoff after attempt %d", b.attempts()).isEqualTo(backoff);
            assertThat(acc.drainer().drain(cluster, Set.of(node(0)), 1 << 20, now + backoff - 1))
                    .as("still backing off").isEmpty();
            now += backoff;
        }
    }

    @Test
    void reenqueueingABatchThatIsNotInFlightIsRefused() throws Exception {
        RecordAccumulator acc = accumulator(small().lingerMs(0));
        append(acc, 0, bytes(10, 1));
        ProducerBatch queued = acc.incompleteBatches().get(0);
        assertThatThrownBy(() -> acc.drainer().reenqueue(queued, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("in flight");
    }

    // ---- completion ------------------------------------------------------------------------------------------

    @Test
    void everyRecordCompletesExactlyOnceAndASecondCompletionIsABug() throws Exception {
        RecordAccumulator acc = accumulator(small().lingerMs(0));
        List<Hook> hooks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            hooks.add(append(acc, 0, bytes(10, i)));
        }
        ProducerBatch b = drainAll(acc, cluster).get(0);
        assertThat(b.complete(1_000, 777)).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(hooks.get(i).offset).isEqualTo(1_000 + i);
            assertThat(hooks.get(i).timestamp).as("LogAppendTime wins").isEqualTo(777);
        }
        assertThatThrownBy(() -> b.complete(1_000, 777))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already completed");
        assertThatThrownBy(() -> b.fail(new RuntimeException("late")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already completed");
        hooks.forEach(h -> assertThat(h.calls).hasValue(1));
        assertThat(acc.memory().usedBytes()).isZero();
    }

    @Test
    void failingCompletesEveryRecordWithTheErrorAndItsCreateTime() throws Exception {
        RecordAccumulator acc = accumulator(small().lingerMs(0));
        Hook h1 = append(acc, 0, bytes(10, 1));
        Hook h2 = append(acc, 0, bytes(12, 1));
        ProducerBatch b = drainAll(acc, cluster).get(0);
        RuntimeException error = new RuntimeException("NOT_LEADER... out of retries");
        assertThat(b.fail(error)).isTrue();
        assertThat(h1.exception).isSameAs(error);
        assertThat(h1.offset).isEqualTo(-1);
        assertThat(h1.timestamp).isEqualTo(TS);
        assertThat(h2.valueSize).isEqualTo(12);
        assertThatThrownBy(() -> b.complete(0, -1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already failed");
        assertThat(h1.calls).hasValue(1);
        assertThat(acc.memory().usedBytes()).isZero();
    }

    @Test
    void aQueuedBatchCannotBeCompletedDirectly() throws Exception {
        RecordAccumulator acc = accumulator(small());
        Hook h = append(acc, 0, bytes(10, 1));
        ProducerBatch queued = acc.incompleteBatches().get(0);
        assertThatThrownBy(() -> queued.complete(0, -1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("still queued");
        assertThat(h.done()).isFalse();
        assertThat(queued.isDone()).isFalse();
    }

    @Test
    void aHookThatThrowsDoesNotStopTheOthers() throws Exception {
        RecordAccumulator acc = accumulator(small().lingerMs(0));
        acc.append(TOPIC, 0, TS, null, bytes(1, 1), null, (tp, o, t, k, v, e) -> {
            throw new IllegalStateException("user callback bug (expected in this test)");
        }, null, 0);
        Hook after = append(acc, 0, bytes(1, 2));
        drainAll(acc, cluster).get(0).complete(0, -1);
        assertThat(after.offset).isEqualTo(1);
    }

    @Test
    void aDuplicateAckWithoutAnOffsetGivesMinusOne() throws Exception {
        RecordAccumulator acc = accumulator(small().lingerMs(0));
        Hook h = append(acc, 0, bytes(1, 1));
        drainAll(acc, cluster).get(0).complete(-1, -1);
        assertThat(h.offset).isEqualTo(-1);
        assertThat(h.exception).isNull();
        assertThat(h.timestamp).isEqualTo(TS);
    }

    // ---- expiry and abort ------------------------------------------------------------------------------------

    @Test
    void anExpiredBatchCarriesTheLastErrorBehindIt() throws Exception {
        RecordAccumulator acc = accumulator(small().deliveryTimeoutMs(1_000).lingerMs(60_000));
        time.set(0);
        Hook never = append(acc, 0, bytes(10, 1));
        Hook clean = append(acc, 1, bytes(10, 2));
        io.samsa.common.errors.NetworkException refused =
                new io.samsa.common.errors.NetworkException("Connection to broker 1 refused");
        acc.deliveryTimeouts().expire(1_000, tp -> tp.partition() == 0 ? refused : null);
        assertThat(never.exception).isInstanceOf(TimeoutException.class).hasMessageContaining("never sent")
                .hasMessageContaining("last error: Connection to broker 1 refused").hasCause(refused);
        assertThat(clean.exception).isInstanceOf(TimeoutException.class).hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("last error"));
    }

    @Test
    void queuedBatchesExpireAfterDeliveryTimeoutButInFlightOnesAreLeftToTheSender() throws Exception {
        RecordAccumulator acc = accumulator(small().deliveryTimeoutMs(1_000).lingerMs(60_000));
        time.set(0);
        Hook old = append(acc, 0, bytes(10, 1));
        Hook inFlight = append(acc, 1, bytes(10, 2));
        ProducerBatch sent = acc.drainer().drain(cluster, Set.of(node(1)), 1 << 20, 0).get(1).get(0);
        time.set(500);
        Hook younger = append(acc, 2, bytes(10, 3));

        assertThat(acc.deliveryTimeouts().expire(999)).isEmpty();
        List<ProducerBatch> expired = acc.deliveryTimeouts().expire(1_000);
        assertThat(expired).hasSize(1);
        assertThat(old.exception).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("delivery.timeout.ms=1000")
                .hasMessageContaining(TOPIC + "-0")
                .hasMessageContaining("never sent");
        assertThat(inFlight.done()).isFalse();
        assertThat(acc.deliveryTimeouts().expired(sent, 1_000)).as("not tracked as in flight: the caller's call")
                .isTrue();
        assertThat(younger.done()).isFalse();
        assertThat(acc.deliveryTimeouts().nextExpiryMs()).isEqualTo(1_500);

        sent.complete(0, -1);
        acc.deliveryTimeouts().expire(1_500);
        assertThat(younger.exception).isInstanceOf(TimeoutException.class);
        assertThat(acc.memory().usedBytes()).isZero();
        assertThat(acc.hasIncomplete()).isFalse();
    }

    @Test
    void aBatchWhoseRequestIsOutstandingExpiresOnDeliveryTimeoutAndKeepsItsBytesUntilTheRequestEnds()
            throws Exception {
        RecordAccumulator acc = accumulator(small().deliveryTimeoutMs(1_000).lingerMs(0));
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        time.set(0);
        // Partition 0: an older batch that was retried (queued again), a newer one whose request is outstanding,
        // and a newer queued one; in record order: retried, in flight, queued.
        Hook retried = append(acc, 0, bytes(10, 1));
        ProducerBatch first = drainAll(acc, cluster).get(0);
        first.onRequestSent();
        first.onRequestFinished();
        time.set(100);
        Hook inFlight = append(acc, 0, bytes(10, 2));
        ProducerBatch second = acc.drainer().drain(cluster, Set.of(node(0)), 1 << 20, 100).get(0).get(0);
        second.onRequestSent();
        acc.deliveryTimeouts().onRequestSent(List.of(second));
        acc.drainer().reenqueue(first, 100, 0); // the first attempt failed retriably: queued again, ahead of anything newer
        time.set(200);
        Hook queued = append(acc, 0, bytes(10, 3));
        Map<String, Hook> hooks = new java.util.LinkedHashMap<>();
        hooks.put("retried", retried);
        hooks.put("inFlight", inFlight);
        hooks.put("queued", queued);
        acc.setCompletionExecutor((task, bytes, memory) -> {
            task.run(); // one batch's hooks: note whose they were
            hooks.forEach((name, h) -> {
                if (h.done() && !order.contains(name)) {
                    order.add(name);
                }
            });
        });
        long usedBefore = acc.memory().usedBytes();

        // At 1_200 ms all three are past their deadline, the in-flight one included.
        List<ProducerBatch> failedQueued = acc.deliveryTimeouts().expire(1_200);
        assertThat(failedQueued).as("the queued ones, for the idempotence bookkeeping").hasSize(2)
                .doesNotContain(second);
        assertThat(order).as("callbacks of a partition in send order").containsExactly("retried", "inFlight",
                "queued");
        assertThat(inFlight.exception).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("delivery.timeout.ms=1000")
                .hasMessageContaining("still unanswered");
        assertThat(retried.exception).hasMessageContaining("sent 1 time(s) without success");
        assertThat(queued.exception).hasMessageContaining("never sent");
        assertThat(second.expiredInFlight()).isTrue();
        assertThat(second.isDone()).isTrue();
        assertThat(acc.hasIncomplete()).as("flush and close do not wait for the request").isFalse();
        assertThat(acc.memory().usedBytes()).as("the outstanding request still holds its bytes")
                .isEqualTo(second.chargedBytes());
        assertThat(usedBefore).isGreaterThan(second.chargedBytes());

        // The late answer: the records are not completed again (the sender does not even try; the batch would
        // refuse), and the bytes are released only now.
        second.onRequestFinished();
        assertThat(second.complete(7, -1)).isFalse();
        assertThat(second.fail(new RuntimeException("late error"))).isFalse();
        assertThat(inFlight.calls).hasValue(1);
        assertThat(acc.memory().usedBytes()).as("released when the request ended").isZero();
    }

    @Test
    void anExpiredRetryIsReportedAsSent() throws Exception {
        RecordAccumulator acc = accumulator(small().deliveryTimeoutMs(1_000).lingerMs(0));
        Hook h = append(acc, 0, bytes(10, 1));
        ProducerBatch b = drainAll(acc, cluster).get(0);
        acc.drainer().reenqueue(b, 10);
        List<ProducerBatch> expired = acc.deliveryTimeouts().expire(1_000);
        assertThat(expired).as("returned for the idempotence bookkeeping").containsExactly(b);
        assertThat(b.hasBeenSent()).as("its sequence's fate is unknown").isTrue();
        assertThat(h.exception).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("sent 1 time(s) without success");
        assertThat(h.calls).hasValue(1);
        assertThat(acc.memory().usedBytes()).isZero();
    }

    @Test
    void abortAllFailsQueuedAndInFlightBatchesOnceAndIgnoresLateResponses() throws Exception {
        RecordAccumulator acc = accumulator(small().lingerMs(0));
        Hook queued = append(acc, 0, bytes(10, 1));
        Hook inFlight = append(acc, 1, bytes(10, 2));
        ProducerBatch sent = acc.drainer().drain(cluster, Set.of(node(1)), 1 << 20, 0).get(1).get(0);
        ClosedException reason = new ClosedException("producer force-closed");
        acc.abortAll(reason);

        assertThat(queued.exception).isSameAs(reason);
        assertThat(inFlight.exception).isSameAs(reason);
        assertThat(sent.complete(5, -1)).as("late response ignored").isFalse();
        assertThat(sent.fail(new RuntimeException())).isFalse();
        assertThat(queued.calls).hasValue(1);
        assertThat(inFlight.calls).hasValue(1);
        acc.drainer().reenqueue(sent, 0); // a retry racing with the abort: not queued again
        assertThat(acc.hasUndrained()).isFalse();
        assertThat(acc.hasIncomplete()).isFalse();
        assertThat(acc.memory().usedBytes()).isZero();
        assertThatThrownBy(() -> append(acc, 0, bytes(1, 1))).isInstanceOf(ClosedException.class);
    }

    // ---- non-blocking and blocking appends -------------------------------------------------------------------

    @Test
    void tryAppendFailsAtOnceWhenMemoryIsShortAndKeepsNothing() throws Exception {
        RecordAccumulator acc = accumulator(small().bufferMemory(512));
        append(acc, 0, bytes(10, 1));
        append(acc, 1, bytes(10, 2));
        Hook h = new Hook();
        assertThat(acc.tryAppend(TOPIC, 2, TS, null, bytes(10, 3), null, h, null)).isEqualTo(-1);
        assertThat(acc.tryAppend(TOPIC, 0, TS, null, bytes(10, 4), null, h, null))
                .as("room in an existing batch needs no memory").isEqualTo(0);
        assertThat(acc.memory().usedBytes()).isEqualTo(512);
        assertThat(acc.queuedBatches(new TopicPartition(TOPIC, 2))).isZero();
    }

    @Test
    void aBlockingAppendTimesOutWithAClearMessage() throws Exception {
        RecordAccumulator acc = accumulator(small().bufferMemory(512));
        append(acc, 0, bytes(10, 1));
        append(acc, 1, bytes(10, 2));
        assertThatThrownBy(() -> acc.append(TOPIC, 2, TS, null, bytes(10, 3), null, new Hook(), null, 30))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("256 bytes of buffer.memory")
                .hasMessageContaining("max.block.ms=30")
                .hasMessageContaining("0 of 512 bytes available");
        assertThatThrownBy(() -> acc.append(TOPIC, 2, TS, null, bytes(10, 3), null, new Hook(), null, 0))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("max.block.ms=0");
        assertThat(acc.memory().usedBytes()).isEqualTo(512);
        assertThat(acc.memory().waitingThreads()).isZero();
        assertThat(acc.hasIncomplete()).isTrue();
        assertThat(acc.incompleteBatches()).hasSize(2);
    }

    @Test
    void closingWakesAnAppendWaitingForMemory() throws Exception {
        RecordAccumulator acc = accumulator(small().bufferMemory(256));
        append(acc, 0, bytes(10, 1));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> blocked = pool.submit(() -> {
                acc.append(TOPIC, 1, TS, null, bytes(10, 3), null, new Hook(), null, 60_000);
                return null;
            });
            awaitCondition("the append to block", 10_000, () -> acc.memory().waitingThreads() == 1);
            acc.close();
            assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ClosedException.class);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anInterruptedAppendKeepsTheAccountingExact() throws Exception {
        RecordAccumulator acc = accumulator(small().bufferMemory(256));
        Hook first = append(acc, 0, bytes(10, 1));
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                acc.append(TOPIC, 1, TS, null, bytes(10, 3), null, new Hook(), null, 60_000);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        awaitCondition("the append to block", 10_000, () -> acc.memory().waitingThreads() == 1);
        t.interrupt();
        t.join(10_000);
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class).hasMessageContaining("buffer.memory");
        assertThat(acc.queuedBatches(new TopicPartition(TOPIC, 1))).isZero();
        assertThat(acc.memory().usedBytes()).isEqualTo(256);
        drainAll(acc, cluster).forEach(b -> b.complete(0, -1));
        assertThat(first.done()).isTrue();
        assertThat(acc.memory().usedBytes()).isZero();
    }

    private static byte[] toArray(ProducerBatch b) {
        java.nio.ByteBuffer r = b.records();
        byte[] out = new byte[r.remaining()];
        r.get(out);
        return out;
    }
}
