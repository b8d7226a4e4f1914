package io.samsa.protocol.record;

import io.samsa.common.header.Header;
import io.samsa.common.header.internals.RecordHeader;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.TimestampType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared test data and the two builders (ours, Apache's) fed the same records. */
final class RecordFixtures {
    private RecordFixtures() {
    }

    /** One record to append: what both builders are given. */
    static final class Rec {
        final long timestamp;
        final byte[] key;
        final byte[] value;
        final Header[] headers;

        Rec(long timestamp, byte[] key, byte[] value, Header... headers) {
            this.timestamp = timestamp;
            this.key = key;
            this.value = value;
            this.headers = headers;
        }

        @Override
        public String toString() {
            return "Rec(ts=" + timestamp + ", key=" + len(key) + ", value=" + len(value) + ", headers="
                    + Arrays.toString(headers) + ")";
        }

        private static String len(byte[] b) {
            return b == null ? "null" : b.length + "B";
        }
    }

    /** Producer state given at close. */
    static final class Producer {
        static final Producer NONE = new Producer(-1L, (short) -1, -1, false);

        final long id;
        final short epoch;
        final int baseSequence;
        final boolean transactional;

        Producer(long id, short epoch, int baseSequence, boolean transactional) {
            this.id = id;
            this.epoch = epoch;
            this.baseSequence = baseSequence;
            this.transactional = transactional;
        }

        @Override
        public String toString() {
            return "Producer(" + id + "/" + epoch + "/" + baseSequence + (transactional ? ", txn" : "") + ")";
        }
    }

    static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static Header h(String key, String value) {
        return new RecordHeader(key, utf8(value));
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
    }

    static String hex(ByteBuffer b) {
        return HexFormat.of().formatHex(toArray(b));
    }

    static byte[] toArray(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    static int upperBound(List<Rec> recs) {
        long total = RecordBatch.HEADER_SIZE;
        for (Rec r : recs) {
            total += RecordBatchBuilder.sizeInBytesUpperBound(r.key == null ? -1 : r.key.length,
                    r.value == null ? -1 : r.value.length, r.headers);
        }
        return (int) total;
    }

    /** Our batch, built in a fresh buffer sized to the upper bound. */
    static ByteBuffer ours(List<Rec> recs, Producer p) {
        RecordBatchBuilder b = new RecordBatchBuilder(ByteBuffer.allocate(upperBound(recs)));
        for (Rec r : recs) {
            assertThat(b.hasRoomFor(r.timestamp, r.key, r.value, r.headers)).isTrue();
            b.append(r.timestamp, r.key, r.value, r.headers);
        }
        return b.close(p.id, p.epoch, p.baseSequence, p.transactional);
    }

    /** Apache's batch for the same records: magic 2, no compression, CreateTime, base offset 0, leader epoch -1. */
    static ByteBuffer apache(List<Rec> recs, Producer p) {
        MemoryRecordsBuilder b = MemoryRecords.builder(ByteBuffer.allocate(upperBound(recs)),
                org.apache.kafka.common.record.RecordBatch.MAGIC_VALUE_V2, Compression.NONE,
                TimestampType.CREATE_TIME, 0L, org.apache.kafka.common.record.RecordBatch.NO_TIMESTAMP,
                p.id, p.epoch, p.baseSequence, p.transactional,
                org.apache.kafka.common.record.RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (Rec r : recs) {
            b.append(r.timestamp, r.key, r.value, toApache(r.headers));
        }
        return b.build().buffer();
    }

    static org.apache.kafka.common.header.Header[] toApache(Header[] headers) {
        if (headers == null) {
            return new org.apache.kafka.common.header.Header[0];
        }
        org.apache.kafka.common.header.Header[] out = new org.apache.kafka.common.header.Header[headers.length];
        for (int i = 0; i < headers.length; i++) {
            out[i] = new org.apache.kafka.common.header.internals.RecordHeader(headers[i].key(), headers[i].value());
        }
        return out;
    }

    /** What a header key reads back as: UTF-8 round trip (an unpaired surrogate becomes '?'). */
    static String decodedKey(String key) {
        return new String(utf8(key), StandardCharsets.UTF_8);
    }

    static List<Record> records(RecordBatch batch) {
        List<Record> out = new ArrayList<>();
        batch.forEach(out::add);
        return out;
    }

    /** Asserts that a record we read equals the record that was appended at position {@code i}. */
    static void assertSame(Record actual, Rec expected, int i, long baseSequence) {
        assertThat(actual.offset()).as("offset").isEqualTo(i);
        assertThat(actual.offsetDelta()).as("offsetDelta").isEqualTo(i);
        assertThat(actual.timestamp()).as("timestamp").isEqualTo(expected.timestamp);
        assertThat(actual.keyBytes()).as("key").isEqualTo(expected.key);
        assertThat(actual.valueBytes()).as("value").isEqualTo(expected.value);
        long seq = baseSequence + i;
        if (seq > Integer.MAX_VALUE) {
            seq -= 1L << 31; // sequences wrap to 0 after Integer.MAX_VALUE
        }
        assertThat(actual.sequence()).as("sequence").isEqualTo(baseSequence < 0 ? -1 : (int) seq);
        Header[] want = expected.headers == null ? new Header[0] : expected.headers;
        assertThat(actual.headers()).hasSameSizeAs(want);
        for (int j = 0; j < want.length; j++) {
            assertThat(actual.headers()[j].key()).isEqualTo(decodedKey(want[j].key()));
            assertThat(actual.headers()[j].value()).isEqualTo(want[j].value());
        }
    }
}
