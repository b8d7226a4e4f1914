package io.samsa.accumulator;

import io.samsa.clients.producer.TestConfigs;
import io.samsa.common.Cluster;
import io.samsa.common.KafkaException;
import io.samsa.common.Node;
import io.samsa.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.samsa.accumulator.AccumulatorFixtures.ManualTime;
import static io.samsa.accumulator.AccumulatorFixtures.TOPIC;
import static io.samsa.accumulator.AccumulatorFixtures.cluster;
import static io.samsa.accumulator.AccumulatorFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The accumulator with a journal (the spool): every record appended is journaled with its position kept on its
 * batch, a record the journal refuses is taken back out of its batch, and the release floor never passes a record
 * whose batch is not done - split children included.
 */
@Timeout(60)
class JournaledAccumulatorTest {
    private final ManualTime time = new ManualTime();
    private final Cluster cluster = cluster(1, 1);
    private final Set<Node> broker = Set.of(node(0));

    /** Positions 100, 200, ...; refuses the records whose number is in {@link #refuse}. */
    private static final class Journal implements RecordJournal {
        final List<Long> positions = new ArrayList<>();
        final List<ProducerBatch> done = new ArrayList<>();
        long refuse = -1;

        @Override
        public long recordAppended(ProducerBatch batch, int recordBytes) {
            long recordNo = batch.firstRecordNo() + batch.recordCount() - 1;
            if (recordNo == refuse) {
                throw new KafkaException("spool full (test)");
            }
            long p = 100L * (positions.size() + 1);
            positions.add(p);
            return p;
        }

        @Override
        public long recordSpilled(TopicPartition tp, long recordNo, long timestamp, ByteBuffer record) {
            throw new AssertionError("memory is not full in these tests");
        }

        @Override
        public RestoredBatch.Record readRecord(long position) {
            throw new AssertionError("nothing is spilled in these tests");
        }

        @Override
        public void batchSending(ProducerBatch batch) {
        }

        @Override
        public void requestReady() {
        }

        @Override
        public void batchDone(ProducerBatch batch) {
            done.add(batch);
        }
    }

    private RecordAccumulator accumulator(Journal journal) {
        RecordAccumulator acc = new RecordAccumulator(TestConfigs.accumulator().batchSize(1 << 16)
                .initialBatchBytes(256).bufferMemory(8 << 20).lingerMs(0).build(), time,
                batch -> batch.stamp(7L, (short) 0, 0), null, null);
        acc.setJournal(journal);
        return acc;
    }

    @Test
    void aRecordTheJournalRefusesIsTakenBackOutOfItsBatch() throws Exception {
        Journal journal = new Journal();
        RecordAccumulator acc = accumulator(journal);
        acc.append(TOPIC, 0, 1_000L, null, new byte[] {1}, null, null, null, 0);
        journal.refuse = 1;
        assertThatThrownBy(() -> acc.append(TOPIC, 0, 9_000L, null, new byte[] {2}, null, null, null, 0))
                .isInstanceOf(KafkaException.class).hasMessageContaining("spool full");
        journal.refuse = -1;
        acc.append(TOPIC, 0, 2_000L, null, new byte[] {3}, null, null, null, 0);
        ProducerBatch b = acc.drainer().drain(cluster, broker, 1 << 20, 0).get(0).get(0);
        assertThat(b.recordCount()).isEqualTo(2);
        assertThat(b.spoolPosition()).isEqualTo(100);
        List<Long> timestamps = new ArrayList<>();
        for (io.samsa.protocol.record.Record r : io.samsa.protocol.record.RecordBatch.wrap(b.records())) {
            timestamps.add(r.timestamp());
        }
        assertThat(timestamps).containsExactly(1_000L, 2_000L); // the refused record's timestamp is gone too
        b.complete(0, -1);
        assertThat(journal.done).containsExactly(b);
    }

    @Test
    void theReleaseFloorStaysAtTheFirstRecordNotDoneSplitChildrenIncluded() throws Exception {
        Journal journal = new Journal();
        RecordAccumulator acc = accumulator(journal);
        for (int i = 0; i < 10; i++) {
            acc.append(TOPIC, 0, 1_000L + i, null, new byte[100], null, null, null, 0);
        }
        assertThat(acc.journalFloor(5_000)).isEqualTo(100);
        ProducerBatch big = acc.drainer().drain(cluster, broker, 1 << 20, 0).get(0).get(0);
        int parts = acc.drainer().splitAndReenqueue(big, big.sizeInBytes() / 2, 0);
        assertThat(parts).isGreaterThan(1);
        assertThat(acc.journalFloor(5_000)).as("split children keep their parent's spool position").isEqualTo(100);
        List<ProducerBatch> children = acc.drainer().drain(cluster, broker, 1 << 20, 0).get(0);
        while (acc.hasUndrained()) {
            children.addAll(acc.drainer().drain(cluster, broker, 1 << 20, 0).get(0));
        }
        children.forEach(c -> c.complete(0, -1));
        assertThat(acc.journalFloor(5_000)).as("everything done: up to the end").isEqualTo(5_000);
        assertThat(journal.done).as("the split parent is not noted done itself").doesNotContain(big)
                .hasSize(children.size());
    }
}
