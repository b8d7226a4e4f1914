package io.samsa.spool;

import io.samsa.accumulator.RestoredBatch;
import io.samsa.common.TopicPartition;
import io.samsa.common.header.Header;
import io.samsa.common.header.internals.RecordHeader;
import io.samsa.protocol.record.RecordBatchBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a producer starting on a spool plans what to put back, from entries written as the producer writes them:
 * finished records are left out, a batch sent with the newest identity keeps it, a batch sealed with an older one
 * (or after an unsealed record) is stamped anew, split children replace their parent, and record numbers go on
 * after every number the spool has seen.
 */
class SpoolJournalRecoveryTest {
    private static final TopicPartition TP = new TopicPartition("orders", 3);
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    /** Writes the records of one batch (numbers first, first + 1, ...) as RECORD entries, as the accumulator does. */
    private static void writeBatch(SpoolLog log, long first, long... values) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        RecordBatchBuilder builder = new RecordBatchBuilder(buffer);
        for (long v : values) {
            int before = builder.sizeInBytes();
            Header[] headers = v % 2 == 0 ? new Header[0]
                    : new Header[] {new RecordHeader("h", ("v" + v).getBytes(StandardCharsets.UTF_8))};
            builder.tryAppend(T0 + v, ("k" + v).getBytes(StandardCharsets.UTF_8), ByteBuffer.allocate(8).putLong(v)
                    .array(), headers);
            int size = builder.sizeInBytes() - before;
            ByteBuffer record = buffer.duplicate();
            record.limit(builder.sizeInBytes()).position(builder.sizeInBytes() - size);
            ByteBuffer header = ByteBuffer.allocate(24).putInt(0).putInt(TP.partition()).putLong(first)
                    .putLong(builder.baseTimestamp()).flip();
            log.append(SpoolJournal.RECORD, header, record.slice());
        }
    }

    private static void seal(SpoolLog log, long first, int count, long pid, short epoch, int seq) throws Exception {
        log.append(SpoolJournal.SEALED, ByteBuffer.allocate(34).putInt(0).putInt(TP.partition()).putLong(first)
                .putInt(count).putLong(pid).putShort(epoch).putInt(seq).flip());
    }

    private static void done(SpoolLog log, long first, int count) throws Exception {
        log.append(SpoolJournal.DONE, ByteBuffer.allocate(20).putInt(0).putInt(TP.partition()).putLong(first)
                .putInt(count).flip());
    }

    private static void topic(SpoolLog log) throws Exception {
        byte[] name = TP.topic().getBytes(StandardCharsets.UTF_8);
        log.append(SpoolJournal.TOPIC, ByteBuffer.allocate(4 + name.length).putInt(0).put(name).flip());
    }

    private static List<Long> values(RestoredBatch b) {
        List<Long> out = new ArrayList<>();
        for (RestoredBatch.Record r : b.records()) {
            out.add(ByteBuffer.wrap(r.value()).getLong());
        }
        return out;
    }

    private SpoolJournal.Recovery recover() throws Exception {
        try (SpoolJournal journal = SpoolJournal.open(dir, SpoolOptions.defaults())) {
            return journal.recover();
        }
    }

    /** The values of the records left in the spool to batch anew, read back from it. */
    private List<Long> unsentValues(SpoolJournal.Partition p) throws Exception {
        List<Long> out = new ArrayList<>();
        try (SpoolJournal journal = SpoolJournal.open(dir, SpoolOptions.defaults())) {
            journal.recover();
            for (long[] u : p.unsent()) {
                out.add(ByteBuffer.wrap(journal.readRecord(u[0]).value()).getLong());
            }
        }
        return out;
    }

    @Test
    void leavesFinishedRecordsOutAndKeepsTheIdentityOfSentBatches() throws Exception {
        try (SpoolLog log = SpoolLog.open(dir, SpoolOptions.defaults())) {
            topic(log);
            writeBatch(log, 0, 0, 1, 2);          // records 0-2: sent and acknowledged
            seal(log, 0, 3, 42, (short) 1, 0);
            done(log, 0, 3);
            writeBatch(log, 3, 3, 4);             // records 3-4: sent, not acknowledged
            seal(log, 3, 2, 42, (short) 1, 3);
            writeBatch(log, 5, 5, 6, 7);          // records 5-7: never sent
        }
        SpoolJournal.Recovery r = recover();
        assertThat(r.producerId()).isEqualTo(42);
        assertThat(r.producerEpoch()).isEqualTo((short) 1);
        assertThat(r.nextSequences()).containsEntry(TP, 5);
        assertThat(r.records()).isEqualTo(5);
        assertThat(r.sentBatches()).isEqualTo(1);
        SpoolJournal.Partition p = r.partitions().get(TP);
        assertThat(p.nextRecordNo()).isEqualTo(8);
        assertThat(p.batches()).hasSize(1);
        RestoredBatch sent = p.batches().get(0);
        assertThat(sent.firstRecordNo()).isEqualTo(3);
        assertThat(sent.producerId()).isEqualTo(42);
        assertThat(sent.baseSequence()).isEqualTo(3);
        assertThat(values(sent)).containsExactly(3L, 4L);
        assertThat(p.unsent()).extracting(u -> u[1]).containsExactly(5L, 6L, 7L);
        assertThat(unsentValues(p)).containsExactly(5L, 6L, 7L);
        RestoredBatch.Record odd;
        try (SpoolJournal journal = SpoolJournal.open(dir, SpoolOptions.defaults())) {
            odd = journal.readRecord(p.unsent().get(0)[0]);
        }
        assertThat(odd.timestamp()).isEqualTo(T0 + 5);
        assertThat(new String(odd.key(), StandardCharsets.UTF_8)).isEqualTo("k5");
        assertThat(odd.headers()).hasSize(1);
        assertThat(new String(odd.headers()[0].value(), StandardCharsets.UTF_8)).isEqualTo("v5");
    }

    @Test
    void splitChildrenReplaceTheirParentAndAFinishedChildIsLeftOut() throws Exception {
        try (SpoolLog log = SpoolLog.open(dir, SpoolOptions.defaults())) {
            topic(log);
            writeBatch(log, 0, 0, 1, 2, 3);
            seal(log, 0, 4, 7, (short) 0, 0);     // sent whole, MESSAGE_TOO_LARGE
            seal(log, 0, 2, 7, (short) 0, 0);     // the children, sent with the same sequences
            seal(log, 2, 2, 7, (short) 0, 2);
            done(log, 0, 2);                      // the first child acknowledged
        }
        SpoolJournal.Partition p = recover().partitions().get(TP);
        assertThat(p.batches()).hasSize(1);
        assertThat(p.batches().get(0).baseSequence()).isEqualTo(2);
        assertThat(values(p.batches().get(0))).containsExactly(2L, 3L);
    }

    /**
     * The order cannot be vouched for when an unfinished batch's last identity is older than one sent after it (an
     * epoch bump re-stamps every batch it retries, so the spool does not see this unless a note was lost): nothing
     * keeps its identity, and the next producer starts with a fresh one.
     */
    @Test
    void aBatchSealedWithAnOlderIdentityIsStampedAnewAndSoIsEverythingAfterIt() throws Exception {
        try (SpoolLog log = SpoolLog.open(dir, SpoolOptions.defaults())) {
            topic(log);
            writeBatch(log, 0, 0, 1);
            seal(log, 0, 2, 7, (short) 0, 0);     // sent under epoch 0, then the epoch was bumped
            writeBatch(log, 2, 2, 3);
            seal(log, 2, 2, 7, (short) 1, 0);     // sent under epoch 1
        }
        SpoolJournal.Recovery r = recover();
        assertThat(r.producerId()).isEqualTo(-1);
        assertThat(r.sentBatches()).isZero();
        SpoolJournal.Partition p = r.partitions().get(TP);
        assertThat(p.batches()).isEmpty();
        assertThat(unsentValues(p)).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void unsentRecordsAreLeftInTheSpoolInOrder() throws Exception {
        try (SpoolLog log = SpoolLog.open(dir, SpoolOptions.defaults())) {
            topic(log);
            long[] values = new long[100];
            for (int i = 0; i < values.length; i++) {
                values[i] = i;
            }
            writeBatch(log, 0, values);
        }
        SpoolJournal.Partition p = recover().partitions().get(TP);
        assertThat(p.batches()).isEmpty();
        assertThat(p.nextRecordNo()).isEqualTo(100);
        assertThat(unsentValues(p)).hasSize(100).isSorted();
    }

    /** After a release the dictionary's only copy can come after entries that use it (it is re-written at the end). */
    @Test
    void entriesMayNameATopicBeforeItsDictionaryEntry() throws Exception {
        try (SpoolLog log = SpoolLog.open(dir, SpoolOptions.defaults())) {
            writeBatch(log, 10, 10, 11);
            done(log, 10, 1);
            topic(log);
        }
        SpoolJournal.Partition p = recover().partitions().get(TP);
        assertThat(unsentValues(p)).containsExactly(11L);
        assertThat(p.nextRecordNo()).isEqualTo(12);
    }

    /** Releases in a running producer re-write the dictionary, and a producer started afterwards reads it back. */
    @Test
    void aProducerStartsOnASpoolWhoseFirstSegmentsWereReleased() throws Exception {
        SpoolOptions small = SpoolOptions.builder().segmentBytes(64 * 1024).maxBytes(16L << 20).build();
        try (SpoolJournal journal = SpoolJournal.open(dir, small)) {
            journal.recover();
            for (long i = 0; i < 2000; i++) {
                spill(journal, i);
            }
            done(journal.log(), 0, 1990);
            long floor = journal.log().endPosition();
            assertThat(journal.release(end -> floor)).isPositive();
            assertThat(journal.log().startPosition()).isPositive();
            spill(journal, 2000);
        }
        SpoolJournal.Partition p = recover().partitions().get(TP);
        assertThat(p.nextRecordNo()).isEqualTo(2001);
        assertThat(unsentValues(p)).hasSize(11).startsWith(1990L).endsWith(2000L);
    }

    /** A record as the accumulator spills it: encoded alone, through the journal (which names its topic). */
    private static void spill(SpoolJournal journal, long v) {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        RecordBatchBuilder one = new RecordBatchBuilder(buffer);
        one.tryAppend(T0 + v, ("k" + v).getBytes(StandardCharsets.UTF_8), ByteBuffer.allocate(8).putLong(v).array(),
                new Header[0]);
        ByteBuffer record = buffer.duplicate();
        record.limit(one.sizeInBytes()).position(io.samsa.protocol.record.RecordBatch.HEADER_SIZE);
        journal.recordSpilled(TP, v, T0 + v, record.slice());
    }

    @Test
    void anEmptySpoolHasNothingToReplay() throws Exception {
        SpoolJournal.Recovery r = recover();
        assertThat(r.isEmpty()).isTrue();
        assertThat(r.producerId()).isEqualTo(-1);
    }
}
