package io.samsa.accumulator;

import io.samsa.common.Node;
import io.samsa.common.header.Header;
import io.samsa.common.header.internals.RecordHeader;
import io.samsa.common.Cluster;
import io.samsa.clients.producer.TestConfigs;

import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.samsa.accumulator.AccumulatorFixtures.Hook;
import static io.samsa.accumulator.AccumulatorFixtures.ManualTime;
import static io.samsa.accumulator.AccumulatorFixtures.TOPIC;
import static io.samsa.accumulator.AccumulatorFixtures.bytes;
import static io.samsa.accumulator.AccumulatorFixtures.cluster;
import static io.samsa.accumulator.AccumulatorFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MESSAGE_TOO_LARGE handling: splitting a sent batch keeps record order, hooks, sequences and exact memory. */
@Timeout(60)
class ProducerBatchSplitTest {

    private static final long PID = 7L;
    private static final short EPOCH = 1;

    private final ManualTime time = new ManualTime();
    private final Cluster cluster = cluster(1, 1);
    private final Set<Node> broker = Set.of(node(0));

    private RecordAccumulator idempotent(int firstSequence) {
        DrainHook hook = batch -> batch.stamp(PID, EPOCH, firstSequence);
        return new RecordAccumulator(TestConfigs.accumulator().batchSize(8_192).initialBatchBytes(256)
                .bufferMemory(1 << 20).lingerMs(0).retryBackoffJitter(0).build(), time, hook, null, null);
    }

    private static final class Sent {
        final List<byte[]> values = new ArrayList<>();
        final List<Long> timestamps = new ArrayList<>();
        final List<Hook> hooks = new ArrayList<>();
    }

    /** Appends {@code n} records with varied sizes, timestamps (some going back) and headers; drains the batch. */
    private ProducerBatch sendOneBatch(RecordAccumulator acc, int n, Sent sent) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            byte[] v = bytes(20 + (i * 37) % 180, i);
            long ts = 1_700_000_000_000L + (i % 4 == 3 ? -1_000 * i : 1_000L * i);
            Hook h = new Hook();
            Header[] headers = i % 3 == 0 ? new Header[] {new RecordHeader("i", bytes(2, i))} : null;
            acc.append(TOPIC, 0, ts, bytes(3, i), v, headers, h, null, 0);
            sent.values.add(v);
            sent.timestamps.add(ts);
            sent.hooks.add(h);
        }
        List<ProducerBatch> drained = acc.drainer().drain(cluster, broker, 1 << 20, time.milliseconds()).get(0);
        assertThat(drained).hasSize(1);
        assertThat(drained.get(0).recordCount()).isEqualTo(n);
        return drained.get(0);
    }

    private List<ProducerBatch> drainAll(RecordAccumulator acc) {
        List<ProducerBatch> out = new ArrayList<>();
        while (acc.hasUndrained()) {
            out.addAll(acc.drainer().drain(cluster, broker, 1 << 20, time.milliseconds()).get(0));
        }
        return out;
    }

    @Test
    void splittingKeepsOrderHooksTimestampsAndSequences() throws Exception {
        RecordAccumulator acc = idempotent(100);
        Sent sent = new Sent();
        ProducerBatch big = sendOneBatch(acc, 20, sent);
        time.set(77);

        int parts = acc.drainer().splitAndReenqueue(big, big.sizeInBytes() / 3, 77);
        assertThat(parts).isGreaterThanOrEqualTo(3);
        assertThat(big.isDone()).isTrue();
        assertThatThrownBy(() -> big.complete(0, -1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already split");
        assertThat(acc.drainer().ready(cluster, 77).readyNodes()).as("split batches go at once").containsExactly(node(0));

        List<ProducerBatch> children = drainAll(acc);
        assertThat(children).hasSize(parts);
        long chargedByChildren = children.stream().mapToLong(ProducerBatch::chargedBytes).sum();
        assertThat(acc.memory().usedBytes()).as("exactly the children's buffers").isEqualTo(chargedByChildren);

        int recordNo = 0;
        long baseOffset = 5_000;
        for (ProducerBatch child : children) {
            assertThat(child.sizeInBytes()).isLessThanOrEqualTo(big.sizeInBytes() / 3);
            assertThat(child.chargedBytes()).as("sized exactly").isEqualTo(child.sizeInBytes());
            assertThat(child.createdMs()).as("delivery timeout still counts from the original").isEqualTo(0);
            assertThat(child.attempts()).isEqualTo(2);

            List<MutableRecordBatch> read = new ArrayList<>();
            MemoryRecords.readableRecords(child.records()).batches().forEach(read::add);
            MutableRecordBatch b = read.get(0);
            b.ensureValid();
            assertThat(b.producerId()).isEqualTo(PID);
            assertThat(b.producerEpoch()).isEqualTo(EPOCH);
            assertThat(b.baseSequence()).as("sequence of its first record").isEqualTo(100 + recordNo);
            int i = recordNo;
            for (org.apache.kafka.common.record.Record r : b) {
                assertThat(Utils.toNullableArray(r.value())).isEqualTo(sent.values.get(i));
                assertThat(r.timestamp()).isEqualTo(sent.timestamps.get(i));
                assertThat(r.headers()).hasSize(i % 3 == 0 ? 1 : 0);
                i++;
            }
            child.complete(baseOffset, -1);
            baseOffset += child.recordCount();
            recordNo += child.recordCount();
        }
        assertThat(recordNo).isEqualTo(20);
        for (int i = 0; i < 20; i++) {
            Hook h = sent.hooks.get(i);
            assertThat(h.calls).as("record %d", i).hasValue(1);
            assertThat(h.offset).isEqualTo(5_000 + i);
            assertThat(h.timestamp).isEqualTo(sent.timestamps.get(i));
            assertThat(h.valueSize).isEqualTo(sent.values.get(i).length);
            assertThat(h.keySize).isEqualTo(3);
        }
        assertThat(acc.memory().usedBytes()).isZero();
        assertThat(acc.hasIncomplete()).isFalse();
    }

    @Test
    void whenEverythingWouldFitTheRecordsAreHalved() throws Exception {
        RecordAccumulator acc = idempotent(0);
        Sent sent = new Sent();
        ProducerBatch b = sendOneBatch(acc, 5, sent);
        assertThat(acc.drainer().splitAndReenqueue(b, 1 << 20, 0)).isEqualTo(2);
        List<ProducerBatch> children = drainAll(acc);
        assertThat(children).extracting(ProducerBatch::recordCount).containsExactly(2, 3);
        assertThat(children).extracting(ProducerBatch::baseSequence).containsExactly(0, 2);
    }

    @Test
    void aTargetSmallerThanARecordGivesEachRecordItsOwnBatch() throws Exception {
        RecordAccumulator acc = idempotent(0);
        ProducerBatch b = sendOneBatch(acc, 4, new Sent());
        assertThat(acc.drainer().splitAndReenqueue(b, 10, 0)).isEqualTo(4);
        assertThat(drainAll(acc)).extracting(ProducerBatch::recordCount).containsExactly(1, 1, 1, 1);
    }

    @Test
    void aSplitBatchCanBeSplitAgainAndSequencesWrapLikeKafka() throws Exception {
        RecordAccumulator acc = idempotent(Integer.MAX_VALUE - 1);
        Sent sent = new Sent();
        ProducerBatch b = sendOneBatch(acc, 8, sent);
        acc.drainer().splitAndReenqueue(b, 1 << 20, 0); // 4 + 4
        List<ProducerBatch> halves = new ArrayList<>();
        halves.add(acc.drainer().drain(cluster, broker, 1 << 20, 0).get(0).get(0));
        assertThat(halves.get(0).baseSequence()).isEqualTo(Integer.MAX_VALUE - 1);
        acc.drainer().splitAndReenqueue(halves.get(0), 1 << 20, 0); // 2 + 2, ahead of the other half
        List<ProducerBatch> rest = drainAll(acc);
        assertThat(rest).extracting(ProducerBatch::recordCount).containsExactly(2, 2, 4);
        // MAX-1, MAX, then 0, 1, ...: record 2 has sequence 0, record 4 has sequence 2.
        assertThat(rest).extracting(ProducerBatch::baseSequence).containsExactly(Integer.MAX_VALUE - 1, 0, 2);
        long offset = 0;
        for (ProducerBatch c : rest) {
            c.complete(offset, -1);
            offset += c.recordCount();
        }
        for (int i = 0; i < 8; i++) {
            assertThat(sent.hooks.get(i).offset).isEqualTo(i);
        }
        assertThat(acc.memory().usedBytes()).isZero();
    }

    @Test
    void aSingleRecordCannotBeSplit() throws Exception {
        RecordAccumulator acc = idempotent(0);
        Sent sent = new Sent();
        ProducerBatch b = sendOneBatch(acc, 1, sent);
        assertThatThrownBy(() -> acc.drainer().splitAndReenqueue(b, 10, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("single record");
        assertThat(b.isDone()).isFalse();
        b.fail(new RuntimeException("MESSAGE_TOO_LARGE"));
        assertThat(sent.hooks.get(0).calls).hasValue(1);
        assertThat(acc.memory().usedBytes()).isZero();
    }

    @Test
    void aQueuedBatchCannotBeSplit() throws Exception {
        RecordAccumulator acc = idempotent(0);
        acc.append(TOPIC, 0, 1, null, bytes(5, 1), null, null, null, 0);
        acc.append(TOPIC, 0, 1, null, bytes(5, 1), null, null, null, 0);
        ProducerBatch queued = acc.incompleteBatches().get(0);
        assertThatThrownBy(() -> acc.drainer().splitAndReenqueue(queued, 10, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("in flight");
    }

    @Test
    void aFlushWaitsForTheBatchesASplitBatchBecame() throws Exception {
        RecordAccumulator acc = idempotent(0);
        Sent sent = new Sent();
        ProducerBatch b = sendOneBatch(acc, 6, sent);
        acc.beginFlush();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> flushed = pool.submit(() -> acc.awaitFlushCompletion(60_000));
            acc.drainer().splitAndReenqueue(b, 1 << 20, 0);
            List<ProducerBatch> children = drainAll(acc);
            children.get(0).complete(0, -1);
            assertThat(flushed.isDone()).isFalse();
            children.get(1).complete(3, -1);
            assertThat(flushed.get(10, TimeUnit.SECONDS)).isTrue();
            sent.hooks.forEach(h -> assertThat(h.calls).hasValue(1));
        } finally {
            pool.shutdownNow();
        }
    }
}
