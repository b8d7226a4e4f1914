package io.samsa.protocol.record;

import io.samsa.protocol.record.compression.CompressionType;
import io.samsa.protocol.record.compression.Compressor;
import io.samsa.protocol.types.ProtocolException;

import net.jpountz.lz4.LZ4FrameOutputStream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.samsa.protocol.record.RecordFixtures.Producer;
import static io.samsa.protocol.record.RecordFixtures.Rec;
import static io.samsa.protocol.record.RecordFixtures.assertSame;
import static io.samsa.protocol.record.RecordFixtures.bytes;
import static io.samsa.protocol.record.RecordFixtures.h;
import static io.samsa.protocol.record.RecordFixtures.ours;
import static io.samsa.protocol.record.RecordFixtures.records;
import static io.samsa.protocol.record.RecordFixtures.toApache;
import static io.samsa.protocol.record.RecordFixtures.toArray;
import static io.samsa.protocol.record.RecordFixtures.upperBound;
import static io.samsa.protocol.record.RecordFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Compressed batches against Apache Kafka's own record code, for every codec and several levels: Apache reads
 * what we compress, we read what Apache compresses, and where the formats are deterministic (gzip, snappy, lz4:
 * same library or same zlib, same block sizes) the bytes are identical.
 */
class CompressedBatchApacheTest {

    private static final Producer IDEMPOTENT = new Producer(77L, (short) 3, 500, false);

    /** Record sets: small, many small JSON-ish records, big values spanning several codec blocks, headers. */
    static List<List<Rec>> recordSets() {
        List<List<Rec>> sets = new ArrayList<>();
        sets.add(List.of(new Rec(1_700_000_000_000L, utf8("k"), utf8("v"))));
        List<Rec> many = new ArrayList<>();
        Random random = new Random(5);
        for (int i = 0; i < 500; i++) {
            many.add(new Rec(1_700_000_000_000L + i, utf8("user-" + random.nextInt(1000)),
                    utf8("{\"id\":" + i + ",\"type\":\"page_view\",\"session\":\"" + Long.toHexString(random.nextLong())
                            + "\",\"path\":\"/products/" + random.nextInt(50) + "\"}"),
                    h("trace", Integer.toHexString(random.nextInt()))));
        }
        sets.add(many);
        // 300 KiB of random bytes (incompressible: lz4 stores such blocks raw) and 200 KiB of a repeated pattern.
        sets.add(List.of(new Rec(5, null, bytes(300 * 1024, 9)), new Rec(6, utf8("k"), repeated(200 * 1024)),
                new Rec(7, null, null)));
        return sets;
    }

    static Stream<Arguments> codecsAndLevels() {
        List<Arguments> out = new ArrayList<>();
        for (List<Rec> recs : recordSets()) {
            out.add(Arguments.of(CompressionType.GZIP, -1, recs));
            out.add(Arguments.of(CompressionType.GZIP, 1, recs));
            out.add(Arguments.of(CompressionType.GZIP, 9, recs));
            out.add(Arguments.of(CompressionType.SNAPPY, 0, recs));
            out.add(Arguments.of(CompressionType.LZ4, 9, recs));
            out.add(Arguments.of(CompressionType.LZ4, 1, recs));
            out.add(Arguments.of(CompressionType.LZ4, 17, recs));
            out.add(Arguments.of(CompressionType.ZSTD, 3, recs));
            out.add(Arguments.of(CompressionType.ZSTD, -5, recs));
            out.add(Arguments.of(CompressionType.ZSTD, 19, recs));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} level {1}, {2}")
    @MethodSource("codecsAndLevels")
    void apacheReadsWhatWeCompress(CompressionType type, int level, List<Rec> recs) {
        ByteBuffer batch = ourCompressed(recs, IDEMPOTENT, type, level);
        RecordBatch view = RecordBatch.wrap(batch);
        view.ensureValid();
        assertThat(view.compressionCodec()).isEqualTo(type.id());
        assertThat(view.sizeInBytes()).isEqualTo(batch.remaining());

        List<MutableRecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(batch.duplicate()).batches().forEach(batches::add);
        assertThat(batches).hasSize(1);
        MutableRecordBatch theirs = batches.get(0);
        theirs.ensureValid();
        assertThat((int) theirs.compressionType().id).isEqualTo(type.id());
        assertThat(theirs.producerId()).isEqualTo(IDEMPOTENT.id);
        assertThat(theirs.baseSequence()).isEqualTo(IDEMPOTENT.baseSequence);
        assertThat(theirs.countOrNull()).isEqualTo(recs.size());
        int i = 0;
        for (org.apache.kafka.common.record.Record r : theirs) {
            Rec want = recs.get(i);
            assertThat(r.offset()).isEqualTo(i);
            assertThat(r.timestamp()).isEqualTo(want.timestamp);
            assertThat(r.key() == null ? null : toArray(r.key())).isEqualTo(want.key);
            assertThat(r.value() == null ? null : toArray(r.value())).isEqualTo(want.value);
            assertThat(r.headers()).hasSize(want.headers == null ? 0 : want.headers.length);
            i++;
        }
        assertThat(i).isEqualTo(recs.size());
    }

    @ParameterizedTest(name = "{0} level {1}, {2}")
    @MethodSource("codecsAndLevels")
    void weReadWhatApacheCompresses(CompressionType type, int level, List<Rec> recs) {
        RecordBatch batch = RecordBatch.wrap(apacheCompressed(recs, IDEMPOTENT, type, level));
        batch.ensureValid();
        assertThat(batch.compressionCodec()).isEqualTo(type.id());
        List<Record> read = records(batch);
        assertThat(read).hasSize(recs.size());
        for (int i = 0; i < recs.size(); i++) {
            assertSame(read.get(i), recs.get(i), i, IDEMPOTENT.baseSequence);
        }
    }

    /**
     * gzip (the same zlib), snappy (the same 32 KiB xerial blocks) and lz4 (the same lz4-java compressor choice
     * and 64 KiB blocks) come out byte for byte as Apache's. zstd differs only in framing (Apache streams frames
     * without a content size), which the previous two tests show both sides read.
     */
    @ParameterizedTest(name = "{0} level {1}, {2}")
    @MethodSource("codecsAndLevels")
    void deterministicCodecsGiveApachesBytes(CompressionType type, int level, List<Rec> recs) {
        if (type == CompressionType.ZSTD) {
            return;
        }
        assertThat(toArray(ourCompressed(recs, IDEMPOTENT, type, level)))
                .isEqualTo(toArray(apacheCompressed(recs, IDEMPOTENT, type, level)));
    }

    @Test
    void producerStateRewriteKeepsACompressedBatchValid() {
        ByteBuffer batch = ourCompressed(recordSets().get(1), Producer.NONE, CompressionType.LZ4, 9);
        RecordBatchBuilder.rewriteProducerState(batch, 5L, (short) 1, 42);
        MutableRecordBatch theirs = MemoryRecords.readableRecords(batch.duplicate()).batches().iterator().next();
        theirs.ensureValid();
        assertThat(theirs.producerId()).isEqualTo(5L);
        assertThat(theirs.baseSequence()).isEqualTo(42);
        assertThat(records(RecordBatch.wrap(batch))).hasSize(500);
    }

    @Test
    void rawSnappyWithoutXerialFramingIsRead() throws Exception {
        List<Rec> recs = recordSets().get(1);
        ByteBuffer plain = ours(recs, Producer.NONE);
        byte[] section = java.util.Arrays.copyOfRange(plain.array(), RecordBatch.HEADER_SIZE, plain.remaining());
        byte[] raw = Snappy.compress(section);
        ByteBuffer batch = spliceCompressed(plain, raw, CompressionType.SNAPPY);
        List<Record> read = records(RecordBatch.wrap(batch));
        assertThat(read).hasSize(recs.size());
        assertSame(read.get(499), recs.get(499), 499, -1);
    }

    @Test
    void lz4FramesWithChecksumsAndContentSizeAreRead() throws Exception {
        List<Rec> recs = recordSets().get(2);
        ByteBuffer plain = ours(recs, Producer.NONE);
        byte[] section = java.util.Arrays.copyOfRange(plain.array(), RecordBatch.HEADER_SIZE, plain.remaining());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(bytes, LZ4FrameOutputStream.BLOCKSIZE.SIZE_256KB,
                section.length, LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM, LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM,
                LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE)) {
            out.write(section);
        }
        ByteBuffer batch = spliceCompressed(plain, bytes.toByteArray(), CompressionType.LZ4);
        List<Record> read = records(RecordBatch.wrap(batch));
        assertThat(read).hasSize(3);
        assertSame(read.get(0), recs.get(0), 0, -1);

        // The same frame with a flipped content byte: the block checksum catches it.
        byte[] corrupt = bytes.toByteArray();
        corrupt[corrupt.length / 2] ^= 0x40;
        ByteBuffer bad = spliceCompressed(plain, corrupt, CompressionType.LZ4);
        assertThatThrownBy(() -> records(RecordBatch.wrap(bad)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("lz4");
    }

    @Test
    void lz4FramesWithDependentBlocksAreRejected() {
        ByteBuffer plain = ours(recordSets().get(0), Producer.NONE);
        ByteBuffer section = plain.duplicate().position(RecordBatch.HEADER_SIZE);
        byte[] frame;
        try (Compressor c = Compressor.create(CompressionType.LZ4, 9)) {
            frame = toArray(c.compress(section, 0));
        }
        // FLG 0x40: version 01 with the block independence bit clear; HC recomputed so only that is wrong.
        frame[4] = 0x40;
        frame[6] = (byte) ((net.jpountz.xxhash.XXHashFactory.fastestInstance().hash32().hash(frame, 4, 2, 0) >>> 8)
                & 0xff);
        ByteBuffer batch = spliceCompressed(plain, frame, CompressionType.LZ4);
        assertThatThrownBy(() -> records(RecordBatch.wrap(batch)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("dependent blocks");
    }

    /** Every codec: corrupt or truncated compressed bytes (CRC fixed up) fail as a ProtocolException, never worse. */
    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void corruptCompressedRecordsFailCleanly(CompressionType type) {
        List<Rec> recs = recordSets().get(1);
        ByteBuffer good = ourCompressed(recs, Producer.NONE, type, type.defaultLevel());
        byte[] section = java.util.Arrays.copyOfRange(good.array(), RecordBatch.HEADER_SIZE, good.remaining());
        ByteBuffer plain = ours(recs, Producer.NONE);
        Random random = new Random(type.id());
        for (int trial = 0; trial < 200; trial++) {
            byte[] bad = section.clone();
            int cut = trial % 4 == 0 ? random.nextInt(bad.length) : bad.length;
            bad = java.util.Arrays.copyOf(bad, cut);
            if (trial % 4 != 0) {
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    bad[random.nextInt(bad.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            ByteBuffer batch = spliceCompressed(plain, bad, type);
            try {
                records(RecordBatch.wrap(batch)); // a flip the codec cannot see may still parse: both are fine
            } catch (ProtocolException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void decompressionIsBounded() {
        // 200 KiB of one repeated pattern compresses to a few hundred bytes; a small limit stops it.
        for (CompressionType type : List.of(CompressionType.GZIP, CompressionType.SNAPPY, CompressionType.LZ4,
                CompressionType.ZSTD)) {
            try (Compressor c = Compressor.create(type, type.defaultLevel())) {
                ByteBuffer compressed = c.compress(ByteBuffer.wrap(repeated(200 * 1024)), 0);
                assertThat(compressed.remaining()).as(type.toString()).isLessThan(20 * 1024);
                assertThatThrownBy(() -> io.samsa.protocol.record.compression.Compression.decompress(type,
                        compressed, 64 * 1024))
                        .as(type.toString())
                        .isInstanceOf(ProtocolException.class).hasMessageContaining("more than 65536 bytes");
                assertThat(io.samsa.protocol.record.compression.Compression.decompress(type, compressed, 200 * 1024)
                        .remaining()).isEqualTo(200 * 1024);
            }
        }
    }

    @Test
    void compressingACompressedBatchIsRefused() {
        ByteBuffer batch = ourCompressed(recordSets().get(0), Producer.NONE, CompressionType.GZIP, -1);
        try (Compressor c = Compressor.create(CompressionType.GZIP, -1)) {
            assertThatThrownBy(() -> RecordBatchBuilder.compress(batch, c))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already compressed (gzip)");
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    static ByteBuffer ourCompressed(List<Rec> recs, Producer p, CompressionType type, int level) {
        try (Compressor c = Compressor.create(type, level)) {
            return RecordBatchBuilder.compress(ours(recs, p), c);
        }
    }

    static ByteBuffer apacheCompressed(List<Rec> recs, Producer p, CompressionType type, int level) {
        Compression compression = switch (type) {
            case GZIP -> Compression.gzip().level(level).build();
            case SNAPPY -> Compression.snappy().build();
            case LZ4 -> Compression.lz4().level(level).build();
            case ZSTD -> Compression.zstd().level(level).build();
            default -> Compression.NONE;
        };
        MemoryRecordsBuilder b = MemoryRecords.builder(ByteBuffer.allocate(upperBound(recs)),
                org.apache.kafka.common.record.RecordBatch.MAGIC_VALUE_V2, compression,
                TimestampType.CREATE_TIME, 0L, org.apache.kafka.common.record.RecordBatch.NO_TIMESTAMP,
                p.id, p.epoch, p.baseSequence, p.transactional,
                org.apache.kafka.common.record.RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (Rec r : recs) {
            b.append(r.timestamp, r.key, r.value, toApache(r.headers));
        }
        return b.build().buffer();
    }

    /** {@code plain}'s header with {@code compressed} as its records section, codec bits, length and CRC set. */
    static ByteBuffer spliceCompressed(ByteBuffer plain, byte[] compressed, CompressionType type) {
        ByteBuffer out = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + compressed.length);
        out.put(0, plain, plain.position(), RecordBatch.HEADER_SIZE);
        out.put(RecordBatch.HEADER_SIZE, compressed);
        out.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) ((plain.getShort(plain.position()
                + RecordBatch.ATTRIBUTES_OFFSET) & ~7) | type.id()));
        out.putInt(RecordBatch.BATCH_LENGTH_OFFSET, out.capacity() - RecordBatch.LOG_OVERHEAD);
        out.putInt(RecordBatch.CRC_OFFSET, RecordBatch.crc32c(out, 0, out.capacity()));
        return out;
    }

    static byte[] repeated(int n) {
        byte[] b = new byte[n];
        byte[] pattern = utf8("{\"event\":\"page_view\",\"path\":\"/products\"}");
        for (int i = 0; i < n; i++) {
            b[i] = pattern[i % pattern.length];
        }
        return b;
    }
}
