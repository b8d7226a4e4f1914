package io.samsa.protocol.record;

import io.samsa.common.header.Header;
import io.samsa.common.header.internals.RecordHeader;
import io.samsa.protocol.types.ProtocolException;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import static io.samsa.protocol.record.RecordFixtures.Producer;
import static io.samsa.protocol.record.RecordFixtures.Rec;
import static io.samsa.protocol.record.RecordFixtures.h;
import static io.samsa.protocol.record.RecordFixtures.hex;
import static io.samsa.protocol.record.RecordFixtures.ours;
import static io.samsa.protocol.record.RecordFixtures.records;
import static io.samsa.protocol.record.RecordFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordBatchBuilderTest {

    /** kafka-protocol-notes.md section 5: 1 record, null key, value "v", ts 1700000000000, not idempotent. */
    private static final String VECTOR = "0000000000000000 00000039 ffffffff 02 d3f2ac75 0000 00000000"
            + " 0000018bcfe56800 0000018bcfe56800 ffffffffffffffff ffff ffffffff 00000001 0e00000001027600";

    @Test
    void crc32cCheckValue() {
        CRC32C crc = new CRC32C();
        crc.update("123456789".getBytes(StandardCharsets.US_ASCII));
        assertThat(crc.getValue()).isEqualTo(0xE3069283L);

        // Our helper covers bytes 21..end of a batch: put the check string exactly there.
        ByteBuffer b = ByteBuffer.allocate(21 + 9);
        b.position(21);
        b.put("123456789".getBytes(StandardCharsets.US_ASCII));
        assertThat(Integer.toUnsignedLong(RecordBatch.crc32c(b, 0, 30))).isEqualTo(0xE3069283L);
    }

    @Test
    void notesTestVector() {
        ByteBuffer batch = ours(List.of(new Rec(1_700_000_000_000L, null, utf8("v"))), Producer.NONE);

        assertThat(batch.position()).isZero();
        assertThat(batch.remaining()).isEqualTo(69);
        assertThat(RecordFixtures.toArray(batch)).isEqualTo(hex(VECTOR));
        assertThat(RecordBatchBuilder.sizeOfRecord(0, 0, null, utf8("v"), null)).isEqualTo(8);
    }

    @Test
    void accessorsTrackTheBatch() {
        RecordBatchBuilder b = new RecordBatchBuilder(ByteBuffer.allocate(1024), 1000);
        assertThat(b.isEmpty()).isTrue();
        assertThat(b.sizeInBytes()).isEqualTo(61);
        assertThat(b.baseTimestamp()).isEqualTo(-1);
        assertThat(b.maxTimestamp()).isEqualTo(-1);
        assertThat(b.maxBatchBytes()).isEqualTo(1000);

        assertThat(b.append(5000, null, utf8("a"), null)).isZero();
        assertThat(b.append(3000, utf8("k"), null, new Header[0])).isEqualTo(1); // negative delta
        assertThat(b.append(9000, new byte[0], new byte[0], null)).isEqualTo(2);
        assertThat(b.append(1000, (byte[]) null, null, null)).isEqualTo(3);

        assertThat(b.isEmpty()).isFalse();
        assertThat(b.recordCount()).isEqualTo(4);
        assertThat(b.baseTimestamp()).isEqualTo(5000);
        assertThat(b.maxTimestamp()).isEqualTo(9000);

        int size = b.sizeInBytes();
        ByteBuffer closed = b.close(-1, (short) -1, -1, false);
        assertThat(closed.remaining()).isEqualTo(size);
        assertThat(b.isClosed()).isTrue();

        RecordBatch view = RecordBatch.wrap(closed);
        view.ensureValid();
        assertThat(view.baseTimestamp()).isEqualTo(5000);
        assertThat(view.maxTimestamp()).isEqualTo(9000);
        assertThat(view.lastOffsetDelta()).isEqualTo(3);
        assertThat(view.recordCount()).isEqualTo(4);
        List<Record> recs = records(view);
        assertThat(recs).extracting(Record::timestamp).containsExactly(5000L, 3000L, 9000L, 1000L);
        // null and empty stay distinct
        assertThat(recs.get(0).hasKey()).isFalse();
        assertThat(recs.get(1).keySize()).isEqualTo(1);
        assertThat(recs.get(1).hasValue()).isFalse();
        assertThat(recs.get(2).keySize()).isZero();
        assertThat(recs.get(2).valueSize()).isZero();
        assertThat(recs.get(3).keySize()).isEqualTo(-1);
        assertThat(recs.get(3).valueSize()).isEqualTo(-1);
    }

    @Test
    void writesInPlaceWithoutTouchingTheCallersPositionLimitOrNeighbours() {
        byte[] backing = new byte[500];
        Arrays.fill(backing, (byte) 0x55);
        ByteBuffer buffer = ByteBuffer.wrap(backing);
        buffer.position(100).limit(400);

        RecordBatchBuilder b = new RecordBatchBuilder(buffer, 200);
        b.append(42, utf8("key"), utf8("value"), new Header[] {h("h", "v")});
        int size = b.sizeInBytes();
        ByteBuffer batch = b.close(7, (short) 1, 0, false);

        assertThat(buffer.position()).isEqualTo(100);
        assertThat(buffer.limit()).isEqualTo(400);
        for (int i = 0; i < 100; i++) {
            assertThat(backing[i]).as("byte %d before the region", i).isEqualTo((byte) 0x55);
        }
        for (int i = 100 + size; i < 500; i++) {
            assertThat(backing[i]).as("byte %d after the batch", i).isEqualTo((byte) 0x55);
        }
        // The result is a view of the caller's memory, not a copy.
        assertThat(batch.hasArray()).isTrue();
        assertThat(batch.array()).isSameAs(backing);
        assertThat(batch.arrayOffset()).isEqualTo(100);
        assertThat(batch.isReadOnly()).isFalse();
        RecordBatch.wrap(batch).ensureValid();
        RecordBatch.wrap(buffer).ensureValid();
    }

    @Test
    void directBuffersAndByteBufferOverloadsWriteTheSameBytes() {
        Header[] headers = {h("a", "1"), new RecordHeader("b", null)};
        ByteBuffer key = ByteBuffer.wrap(utf8("..key.."), 2, 3); // position 2, 3 remaining: "key"
        ByteBuffer value = ByteBuffer.allocateDirect(16).put(utf8("value")).flip();

        RecordBatchBuilder direct = new RecordBatchBuilder(ByteBuffer.allocateDirect(256));
        assertThat(direct.hasRoomFor(10, key, value, headers)).isTrue();
        direct.append(10, key, value, headers);
        direct.append(11, (ByteBuffer) null, null, null);
        assertThat(direct.tryAppend(12, key, ByteBuffer.allocate(0), headers)).isEqualTo(2);
        ByteBuffer a = direct.close(-1, (short) -1, -1, false);

        assertThat(key.position()).isEqualTo(2);
        assertThat(key.remaining()).isEqualTo(3);
        assertThat(value.position()).isZero();

        ByteBuffer b = ours(List.of(new Rec(10, utf8("key"), utf8("value"), headers), new Rec(11, null, null),
                new Rec(12, utf8("key"), new byte[0], headers)), Producer.NONE);
        assertThat(hex(a)).isEqualTo(hex(b));
    }

    @Test
    void hasRoomForIsExactAtTheBoundary() {
        byte[] value = RecordFixtures.bytes(100, 1);
        int recordSize = RecordBatchBuilder.sizeOfRecord(0, 0, null, value, null);

        RecordBatchBuilder exact = new RecordBatchBuilder(ByteBuffer.allocate(1000), 61 + recordSize);
        assertThat(exact.hasRoomFor(1, null, value, null)).isTrue();
        exact.append(1, null, value, null);
        assertThat(exact.sizeInBytes()).isEqualTo(61 + recordSize);
        assertThat(exact.hasRoomFor(1, (byte[]) null, null, null)).isFalse();
        assertThat(exact.tryAppend(1, (byte[]) null, null, null)).isEqualTo(-1);
        assertThatThrownBy(() -> exact.append(1, (byte[]) null, null, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no room")
                .hasMessageContaining("needs 7 bytes but 0 of maxBatchBytes " + (61 + recordSize) + " remain");

        RecordBatchBuilder oneShort = new RecordBatchBuilder(ByteBuffer.allocate(1000), 61 + recordSize - 1);
        assertThat(oneShort.hasRoomFor(1, null, value, null)).isFalse();
        assertThat(oneShort.tryAppend(1, null, value, null)).isEqualTo(-1);
        assertThat(oneShort.sizeInBytes()).isEqualTo(61);
        assertThat(oneShort.isEmpty()).isTrue();
    }

    @Test
    void timestampDeltaOfLaterRecordsCountsInHasRoomFor() {
        // First record: delta 0 (1 byte). A delta of 2^41 - 1 zigzags to 42 bits (6 bytes); 2^41 needs 7.
        long fits = (1L << 41) - 1;
        int second = RecordBatchBuilder.sizeOfRecord(1, fits, null, null, null);
        assertThat(second).isEqualTo(7 + 5);
        assertThat(RecordBatchBuilder.sizeOfRecord(1, fits + 1, null, null, null)).isEqualTo(second + 1);
        RecordBatchBuilder b = new RecordBatchBuilder(ByteBuffer.allocate(100), 61 + 7 + second);
        b.append(0, (byte[]) null, null, null);
        assertThat(b.hasRoomFor(fits + 1, (byte[]) null, null, null)).isFalse();
        assertThat(b.hasRoomFor(fits, (byte[]) null, null, null)).isTrue();
        b.append(fits, (byte[]) null, null, null);
        assertThat(b.sizeInBytes()).isEqualTo(b.maxBatchBytes());
    }

    @Test
    void rejectsInvalidTimestampsButAcceptsNoTimestamp() {
        RecordBatchBuilder b = new RecordBatchBuilder(ByteBuffer.allocate(200));
        assertThatThrownBy(() -> b.append(-2, (byte[]) null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid timestamp -2");
        assertThat(b.isEmpty()).isTrue();
        b.append(-1, (byte[]) null, null, null);
        b.append(-1, (byte[]) null, null, null);
        assertThat(b.maxTimestamp()).isEqualTo(-1);
        RecordBatch view = RecordBatch.wrap(b.close(-1, (short) -1, -1, false));
        assertThat(view.baseTimestamp()).isEqualTo(-1);
        assertThat(records(view)).extracting(Record::timestamp).containsExactly(-1L, -1L);
    }

    @Test
    void rejectsNullHeadersWithoutWritingAnything() {
        RecordBatchBuilder b = new RecordBatchBuilder(ByteBuffer.allocate(200));
        b.append(1, utf8("k"), utf8("v"), null);
        int size = b.sizeInBytes();

        assertThatThrownBy(() -> b.append(2, (byte[]) null, null, new Header[] {h("a", "b"), null}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header 1 is null");
        Header nullKey = new Header() {
            @Override
            public String key() {
                return null;
            }

            @Override
            public byte[] value() {
                return null;
            }
        };
        assertThatThrownBy(() -> b.append(2, (byte[]) null, null, new Header[] {nullKey}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null key");
        assertThatThrownBy(() -> b.hasRoomFor(2, (byte[]) null, null, new Header[] {nullKey}))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(b.sizeInBytes()).isEqualTo(size);
        assertThat(b.recordCount()).isEqualTo(1);
        RecordBatch.wrap(b.close(-1, (short) -1, -1, false)).ensureValid();
    }

    @Test
    void aHeaderThatChangesBetweenSizingAndWritingIsRolledBack() {
        // A misbehaving Header: a longer value on every call. Sizing sees 1 byte, writing sees 2.
        Header shifty = new Header() {
            private int calls;

            @Override
            public String key() {
                return "k";
            }

            @Override
            public byte[] value() {
                return new byte[++calls];
            }
        };
        RecordBatchBuilder roomy = new RecordBatchBuilder(ByteBuffer.allocate(200));
        roomy.append(1, utf8("x"), null, null);
        int size = roomy.sizeInBytes();
        assertThatThrownBy(() -> roomy.append(2, (byte[]) null, null, new Header[] {shifty}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("changed between sizing");
        assertThat(roomy.sizeInBytes()).isEqualTo(size);
        assertThat(roomy.recordCount()).isEqualTo(1);
        assertThat(records(RecordBatch.wrap(roomy.close(-1, (short) -1, -1, false)))).hasSize(1);

        // Same, but the region is exactly full: the larger write would overflow it.
        Header shifty2 = new Header() {
            private int calls;

            @Override
            public String key() {
                return "k";
            }

            @Override
            public byte[] value() {
                return new byte[++calls];
            }
        };
        int exact = RecordBatchBuilder.sizeOfRecord(0, 0, null, null, new Header[] {new RecordHeader("k", new byte[1])});
        RecordBatchBuilder tight = new RecordBatchBuilder(ByteBuffer.allocate(200), 61 + exact);
        assertThatThrownBy(() -> tight.append(2, (byte[]) null, null, new Header[] {shifty2}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("changed between sizing");
        assertThat(tight.isEmpty()).isTrue();
        assertThat(tight.sizeInBytes()).isEqualTo(61);
    }

    @Test
    void lifecycleErrors() {
        RecordBatchBuilder b = new RecordBatchBuilder(ByteBuffer.allocate(200));
        assertThatThrownBy(() -> b.close(-1, (short) -1, -1, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("empty");
        b.append(1, (byte[]) null, null, null);
        assertThatThrownBy(() -> b.close(-1, (short) -1, -1, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transactional");
        assertThatThrownBy(() -> b.close(5, (short) -1, 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epoch");
        assertThatThrownBy(() -> b.close(5, (short) 0, -1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence");
        assertThat(b.isClosed()).isFalse(); // rejected closes change nothing
        b.close(5, (short) 0, 0, true);

        assertThat(b.hasRoomFor(1, (byte[]) null, null, null)).isFalse();
        assertThatThrownBy(() -> b.append(1, (byte[]) null, null, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> b.tryAppend(1, (byte[]) null, null, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> b.close(5, (short) 0, 0, true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already closed");
    }

    @Test
    void constructorChecksTheRegion() {
        assertThatThrownBy(() -> new RecordBatchBuilder(ByteBuffer.allocate(100), 60))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("61-byte");
        assertThatThrownBy(() -> new RecordBatchBuilder(ByteBuffer.allocate(100).position(50), 61))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the 50 bytes");
        assertThatThrownBy(() -> new RecordBatchBuilder(ByteBuffer.allocate(100).asReadOnlyBuffer()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read-only");
        // A region that only fits the header: valid, but nothing fits.
        RecordBatchBuilder headerOnly = new RecordBatchBuilder(ByteBuffer.allocate(61));
        assertThat(headerOnly.hasRoomFor(0, (byte[]) null, null, null)).isFalse();
    }

    @Test
    void upperBoundCoversTheWorstCaseAndSaturates() {
        Header[] headers = {h("héader", "v"), new RecordHeader("n", null)};
        int bound = RecordBatchBuilder.sizeInBytesUpperBound(10, 300, headers);
        // The worst position: a huge offset delta and a timestamp delta needing all 10 varlong bytes.
        int worst = RecordBatchBuilder.sizeOfRecord(Integer.MIN_VALUE, Long.MIN_VALUE, 10, 300, headers);
        assertThat(bound).isGreaterThanOrEqualTo(61 + worst);
        assertThat(RecordBatchBuilder.sizeInBytesUpperBound(-1, -1, null)).isEqualTo(61 + 1 + 1 + 10 + 5 + 1 + 1 + 1);
        assertThat(RecordBatchBuilder.sizeInBytesUpperBound(Integer.MAX_VALUE, Integer.MAX_VALUE, null))
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(RecordBatchBuilder.sizeOfRecord(0, 0, Integer.MAX_VALUE, Integer.MAX_VALUE, null))
                .isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void rewriteProducerStatePatchesAndResigns() {
        ByteBuffer batch = ours(List.of(new Rec(1, null, utf8("a")), new Rec(2, null, utf8("b"))),
                new Producer(1000, (short) 3, 17, true));
        RecordBatchBuilder.rewriteProducerState(batch, 1001, (short) 0, 0);

        assertThat(batch.position()).isZero();
        RecordBatch view = RecordBatch.wrap(batch);
        view.ensureValid();
        assertThat(view.producerId()).isEqualTo(1001);
        assertThat(view.producerEpoch()).isZero();
        assertThat(view.baseSequence()).isZero();
        assertThat(view.lastSequence()).isEqualTo(1);
        assertThat(view.isTransactional()).isTrue();

        assertThatThrownBy(() -> RecordBatchBuilder.rewriteProducerState(batch, 1001, (short) -1, 0))
                .isInstanceOf(IllegalArgumentException.class);

        // A batch whose CRC is already wrong is not re-signed.
        batch.put(70, (byte) (batch.get(70) ^ 1));
        assertThatThrownBy(() -> RecordBatchBuilder.rewriteProducerState(batch, 1002, (short) 0, 0))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("CRC-32C mismatch");
        assertThat(RecordBatch.wrap(batch).producerId()).isEqualTo(1001);
    }

    @Test
    void sequencesWrapLikeKafka() {
        assertThat(RecordBatch.sequenceOf(Integer.MAX_VALUE - 1, 1)).isEqualTo(Integer.MAX_VALUE);
        assertThat(RecordBatch.sequenceOf(Integer.MAX_VALUE, 1)).isZero();
        assertThat(RecordBatch.sequenceOf(Integer.MAX_VALUE - 2, 5)).isEqualTo(2);
        assertThat(RecordBatch.sequenceOf(-1, 5)).isEqualTo(-1);
    }

    @Test
    void utf8EncodingMatchesTheJdk() {
        String[] keys = {"", "plain", "é", "日本語", "\uD83D\uDE00 emoji", "\uD800", "a\uDC00b", "\uD800\uD800\uDC00",
            "x\uD83D", "\u07FF\u0800\uFFFF\u0080\u007F"};
        for (String k : keys) {
            byte[] jdk = k.getBytes(StandardCharsets.UTF_8);
            assertThat(Utf8.encodedLength(k)).as("length of %s", k).isEqualTo(jdk.length);
            ByteBuffer out = ByteBuffer.allocate(jdk.length);
            Utf8.encode(k, out);
            assertThat(out.array()).as("bytes of %s", k).isEqualTo(jdk);
        }
    }

    /**
     * The append path is meant to allocate nothing per record (no boxing, no temporary arrays for header keys).
     * This is a coarse guard, not a benchmark (JMH comes later): 20,000 appends with headers must allocate far
     * less than one byte each on this thread.
     */
    @Test
    void appendingDoesNotAllocatePerRecord() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (!(bean instanceof com.sun.management.ThreadMXBean)) {
            return; // not measurable on this JVM
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        if (!mx.isThreadAllocatedMemorySupported() || !mx.isThreadAllocatedMemoryEnabled()) {
            return;
        }
        byte[] key = utf8("key-123");
        byte[] value = RecordFixtures.bytes(100, 3);
        Header[] headers = {h("trace-id", "abc"), h("日本", "x"), new RecordHeader("null", null)};
        ByteBuffer region = ByteBuffer.allocateDirect(4 << 20);
        long tid = Thread.currentThread().getId();

        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) { // early rounds run interpreted / are compiling
            RecordBatchBuilder b = new RecordBatchBuilder(region);
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 20_000; i++) {
                if (b.tryAppend(1_700_000_000_000L + i, key, value, headers) < 0) {
                    throw new AssertionError("region too small");
                }
            }
            long after = mx.getThreadAllocatedBytes(tid);
            best = Math.min(best, after - before);
        }
        assertThat(best).as("bytes allocated by 20,000 appends").isLessThan(2_000);
    }
}
