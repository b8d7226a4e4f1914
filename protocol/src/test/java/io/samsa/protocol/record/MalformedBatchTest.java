package io.samsa.protocol.record;

import io.samsa.protocol.types.ByteUtils;
import io.samsa.protocol.types.ProtocolException;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;

import static io.samsa.protocol.record.RecordFixtures.Producer;
import static io.samsa.protocol.record.RecordFixtures.Rec;
import static io.samsa.protocol.record.RecordFixtures.h;
import static io.samsa.protocol.record.RecordFixtures.ours;
import static io.samsa.protocol.record.RecordFixtures.records;
import static io.samsa.protocol.record.RecordFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Untrusted input: truncation, corruption, hostile lengths. The only acceptable failure is a
 * {@link ProtocolException} with a message that says where and which field, never an unchecked JDK exception,
 * a huge allocation or a hang.
 */
class MalformedBatchTest {

    private static ByteBuffer sample() {
        return ours(List.of(
                new Rec(1_700_000_000_000L, utf8("key-1"), utf8("value-1"), h("h1", "v1"), h("h2", null)),
                new Rec(1_699_999_999_000L, null, new byte[0]),
                new Rec(1_700_000_000_500L, new byte[0], null, h("日本", "x"))),
                new Producer(5, (short) 1, 10, false));
    }

    /** Walks everything: every batch, every record. */
    private static int readAll(ByteBuffer buffer, boolean allowPartialTail) {
        int n = 0;
        for (RecordBatch batch : RecordBatches.iterate(buffer, allowPartialTail)) {
            batch.isValid();
            for (Record r : batch) {
                r.key();
                n++;
            }
        }
        return n;
    }

    @Test
    void truncationAtEveryByteIsAProtocolException() {
        ByteBuffer whole = sample();
        int size = whole.remaining();
        assertThat(readAll(whole, false)).isEqualTo(3);
        assertThat(readAll(whole.slice(0, 0), false)).isZero(); // no bytes, no batches

        for (int n = 1; n < size; n++) {
            ByteBuffer cut = whole.slice(0, n);
            int len = n;
            assertThatThrownBy(() -> readAll(cut, false)).as("cut at %d of %d", len, size)
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("record batch at byte 0");
            assertThatThrownBy(() -> RecordBatch.wrap(cut)).isInstanceOf(ProtocolException.class);
            // A fetch response may end in a fragment: the lenient mode skips it.
            assertThat(readAll(cut, true)).isZero();
        }
    }

    @Test
    void aBatchLengthThatCutsTheRecordsShortFailsWhileIteratingEvenWithAValidCrc() {
        ByteBuffer whole = sample();
        int size = whole.remaining();
        for (int k = 1; k <= size - RecordBatch.HEADER_SIZE; k++) {
            ByteBuffer shorter = ByteBuffer.allocate(size - k);
            shorter.put(whole.slice(0, size - k)).flip();
            shorter.putInt(RecordBatch.BATCH_LENGTH_OFFSET, size - k - 12);
            fixCrc(shorter);

            RecordBatch batch = RecordBatch.wrap(shorter);
            batch.ensureValid(); // the CRC says nothing about structure
            int cut = k;
            assertThatThrownBy(() -> records(batch)).as("cut %d", cut)
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("record batch at byte 0: ");
        }
    }

    @Test
    void crcMismatchNamesExpectedAndActual() {
        ByteBuffer batch = sample();
        int size = batch.remaining();
        for (int i = RecordBatch.ATTRIBUTES_OFFSET; i < size; i++) {
            ByteBuffer copy = copy(batch);
            copy.put(i, (byte) (copy.get(i) ^ 0x40));
            RecordBatch view = RecordBatch.wrap(copy);
            assertThat(view.isValid()).as("flipped byte %d", i).isFalse();
            String stored = String.format("0x%08x", view.checksum());
            String computed = String.format("0x%08x", view.computeChecksum());
            assertThatThrownBy(view::ensureValid)
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("CRC-32C mismatch")
                    .hasMessageContaining(stored + " (expected)")
                    .hasMessageContaining(computed + " (actual)");
        }
        // A corrupt crc field itself.
        ByteBuffer copy = copy(batch);
        copy.put(RecordBatch.CRC_OFFSET, (byte) (copy.get(RecordBatch.CRC_OFFSET) + 1));
        assertThat(RecordBatch.wrap(copy).isValid()).isFalse();
        // The partition leader epoch is deliberately outside the CRC (the broker rewrites it).
        copy = copy(batch);
        copy.putInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, 12345);
        assertThat(RecordBatch.wrap(copy).isValid()).isTrue();
    }

    @Test
    void hostileBatchLengths() {
        for (int batchLength : new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 0, 48}) {
            ByteBuffer copy = copy(sample());
            copy.putInt(RecordBatch.BATCH_LENGTH_OFFSET, batchLength);
            assertThatThrownBy(() -> RecordBatch.wrap(copy)).as("batchLength %d", batchLength)
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("batchLength " + batchLength);
            assertThatThrownBy(() -> readAll(copy, false)).isInstanceOf(ProtocolException.class);
        }
        ByteBuffer huge = copy(sample());
        huge.putInt(RecordBatch.BATCH_LENGTH_OFFSET, Integer.MAX_VALUE);
        assertThatThrownBy(() -> RecordBatch.wrap(huge))
                .hasMessageContaining("makes the batch 2147483659 bytes but only " + huge.remaining() + " remain");
        // Too small is corruption even in lenient mode; too large there looks like a cut-off fetch.
        ByteBuffer small = copy(sample());
        small.putInt(RecordBatch.BATCH_LENGTH_OFFSET, 10);
        assertThatThrownBy(() -> readAll(small, true)).isInstanceOf(ProtocolException.class);
        assertThat(readAll(huge, true)).isZero();
    }

    @Test
    void unsupportedMagicAndCodecs() {
        ByteBuffer v1 = copy(sample());
        v1.put(RecordBatch.MAGIC_OFFSET, (byte) 1);
        assertThatThrownBy(() -> RecordBatch.wrap(v1))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("magic 1 not supported");

        for (int codec = 1; codec <= 7; codec++) {
            ByteBuffer c = copy(sample());
            c.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) codec);
            fixCrc(c);
            RecordBatch batch = RecordBatch.wrap(c);
            batch.ensureValid();
            assertThat(batch.compressionCodec()).isEqualTo(codec);
            if (codec <= RecordBatch.COMPRESSION_ZSTD) {
                // Plain records are not a valid stream of any codec: a clear protocol error, nothing else.
                assertThatThrownBy(() -> readAll(c, false)).isInstanceOf(ProtocolException.class);
            } else {
                assertThatThrownBy(batch::iterator)
                        .isInstanceOf(ProtocolException.class)
                        .hasMessageContaining("unknown compression codec " + codec);
            }
        }
    }

    // ---- hand-made records with hostile fields (CRC fixed up, so only structure is wrong) ----------------

    @Test
    void hostileRecordsCounts() {
        byte[] one = record(body(0, varint(-1), bytesField(utf8("v")), varint(0)));
        assertRejected(craft(Integer.MAX_VALUE, one), "recordsCount 2147483647 cannot fit");
        assertRejected(craft(-1, one), "recordsCount -1 is negative");
        assertRejected(craft(Integer.MIN_VALUE, one), "is negative");
        assertRejected(craft(2, concat(one, varint(20), new byte[5])), "record 1 (at byte 69): length 20 runs past");
        assertRejected(craft(1, concat(one, one)), "bytes follow the last of the 1 records");
        assertRejected(craft(0, one), "recordsCount is 0 but");
        assertThat(records(RecordBatch.wrap(craft(0, new byte[0])))).isEmpty(); // empty is allowed
    }

    @Test
    void hostileRecordLengths() {
        byte[] body = body(0, varint(-1), bytesField(utf8("v")), varint(0));
        assertRejected(craft(1, concat(varint(Integer.MAX_VALUE), body)), "length 2147483647 runs past the end");
        assertRejected(craft(1, concat(varint(-5), body)), "length -5 is smaller than");
        assertRejected(craft(1, concat(varint(3), body)), "length 3 is smaller than");
        assertRejected(craft(1, concat(varint(body.length + 1), body, new byte[] {0})), "fields end 1 bytes before");
        // A varint that never ends.
        assertRejected(craft(1, new byte[] {-1, -1, -1, -1, -1, -1, -1}), "length: varint longer than 5 bytes");
    }

    @Test
    void hostileKeyAndValueLengths() {
        assertRejected(craft(1, record(body(0, varint(Integer.MAX_VALUE), bytesField(null), varint(0)))),
                "key length 2147483647 runs past the end of the record");
        assertRejected(craft(1, record(body(0, varint(-2), bytesField(null), varint(0)))),
                "key length -2 is invalid");
        assertRejected(craft(1, record(body(0, bytesField(null), varint(Integer.MAX_VALUE), varint(0)))),
                "value length 2147483647 runs past the end of the record");
        assertRejected(craft(1, record(body(0, bytesField(null), varint(Integer.MIN_VALUE), varint(0)))),
                "value length -2147483648 is invalid");
    }

    @Test
    void hostileHeaders() {
        assertRejected(craft(1, record(body(0, bytesField(null), bytesField(null), varint(Integer.MAX_VALUE)))),
                "header count 2147483647 cannot fit");
        assertRejected(craft(1, record(body(0, bytesField(null), bytesField(null), varint(-3)))),
                "header count -3 is negative");
        assertRejected(craft(1, record(body(0, bytesField(null), bytesField(null),
                concat(varint(1), varint(-1), bytesField(null))))), "header 0 key length -1 is invalid");
        assertRejected(craft(1, record(body(0, bytesField(null), bytesField(null),
                concat(varint(1), varint(Integer.MAX_VALUE), bytesField(null))))),
                "header 0 key length 2147483647 runs past the end of the record");
        assertRejected(craft(1, record(body(0, bytesField(null), bytesField(null),
                concat(varint(1), bytesField(utf8("k")), varint(-2))))), "header 0 value length -2 is invalid");
        assertRejected(craft(1, record(body(0, bytesField(null), bytesField(null),
                concat(varint(1), bytesField(utf8("k")), varint(Integer.MAX_VALUE))))),
                "header 0 value length 2147483647 runs past the end of the record");
        // A count that fits the bytes but runs out of headers.
        assertRejected(craft(1, record(body(0, bytesField(null), bytesField(null),
                concat(varint(2), bytesField(utf8("k")), bytesField(null), new byte[] {0})))),
                "header 1 value length: truncated varint");
    }

    @Test
    void handMadeRecordsThatAreValidAreRead() {
        byte[] r0 = record(body(0, bytesField(utf8("k")), bytesField(utf8("v")),
                concat(varint(1), bytesField(utf8("h")), bytesField(null))));
        byte[] r1 = record(body(1, bytesField(null), bytesField(new byte[0]), varint(0)));
        List<Record> recs = records(RecordBatch.wrap(craft(2, concat(r0, r1))));
        assertThat(recs).hasSize(2);
        assertThat(recs.get(0).headers()[0].key()).isEqualTo("h");
        assertThat(recs.get(0).headers()[0].value()).isNull();
        assertThat(recs.get(1).valueSize()).isZero();
    }

    @Test
    void errorMessagesUseTheCallersCoordinates() {
        ByteBuffer good = sample();
        ByteBuffer bad = craft(1, record(body(0, varint(-2), bytesField(null), varint(0))));
        ByteBuffer both = ByteBuffer.allocate(good.remaining() + bad.remaining());
        both.put(good.duplicate()).put(bad.duplicate()).flip();
        int at = good.remaining();
        assertThatThrownBy(() -> readAll(both, false))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("record batch at byte " + at + ": record 0 (at byte " + (at + 61) + ")");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static void assertRejected(ByteBuffer batch, String message) {
        RecordBatch view = RecordBatch.wrap(batch);
        assertThatCode(view::ensureValid).doesNotThrowAnyException();
        assertThatThrownBy(() -> records(view)).isInstanceOf(ProtocolException.class).hasMessageContaining(message);
    }

    /** A batch header (CRC valid) followed by the given record bytes. */
    static ByteBuffer craft(int recordsCount, byte[] recordBytes) {
        ByteBuffer b = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + recordBytes.length);
        b.putLong(0L).putInt(b.capacity() - 12).putInt(-1).put((byte) 2).putInt(0).putShort((short) 0)
                .putInt(Math.max(recordsCount - 1, 0)).putLong(1000L).putLong(1000L).putLong(-1L)
                .putShort((short) -1).putInt(-1).putInt(recordsCount).put(recordBytes).flip();
        fixCrc(b);
        return b;
    }

    static void fixCrc(ByteBuffer batch) {
        CRC32C crc = new CRC32C();
        crc.update(batch.slice(RecordBatch.ATTRIBUTES_OFFSET, batch.limit() - RecordBatch.ATTRIBUTES_OFFSET));
        batch.putInt(RecordBatch.CRC_OFFSET, (int) crc.getValue());
    }

    static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        return c;
    }

    static byte[] record(byte[] body) {
        return concat(varint(body.length), body);
    }

    /** attributes 0, timestampDelta 0, offsetDelta, then the key, value and headers fields as given. */
    static byte[] body(int offsetDelta, byte[] keyField, byte[] valueField, byte[] headersField) {
        return concat(new byte[] {0, 0}, varint(offsetDelta), keyField, valueField, headersField);
    }

    static byte[] bytesField(byte[] b) {
        return b == null ? varint(-1) : concat(varint(b.length), b);
    }

    static byte[] varint(int v) {
        ByteBuffer b = ByteBuffer.allocate(5);
        ByteUtils.writeVarint(v, b);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
