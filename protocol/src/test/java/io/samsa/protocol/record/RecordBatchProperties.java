package io.samsa.protocol.record;

import io.samsa.common.header.Header;
import io.samsa.common.header.internals.RecordHeader;
import io.samsa.protocol.types.ProtocolException;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.samsa.protocol.record.ApacheCompatibilityTest.assertApacheReads;
import static io.samsa.protocol.record.ApacheCompatibilityTest.assertWeRead;
import static io.samsa.protocol.record.RecordFixtures.Producer;
import static io.samsa.protocol.record.RecordFixtures.Rec;
import static io.samsa.protocol.record.RecordFixtures.apache;
import static io.samsa.protocol.record.RecordFixtures.decodedKey;
import static io.samsa.protocol.record.RecordFixtures.ours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordBatchProperties {

    // ---- round trips against Apache ----------------------------------------------------------------------

    @Property(tries = 300)
    void ourBatchesAreReadByApacheAndMatchItsBytes(@ForAll("recordLists") List<Rec> recs,
                                                   @ForAll("producers") Producer p) {
        ByteBuffer ours = ours(recs, p);
        assertApacheReads(ours, recs, p);
        assertWeRead(ours, recs, p);
        if (allKeysValidUnicode(recs)) { // else Apache's own batch is corrupt: see ApacheCompatibilityTest
            assertThat(RecordFixtures.toArray(ours)).isEqualTo(RecordFixtures.toArray(apache(recs, p)));
        }
    }

    @Property(tries = 300)
    void apacheBatchesAreReadByUs(@ForAll("recordLists") List<Rec> recs, @ForAll("producers") Producer p) {
        List<Rec> valid = new ArrayList<>();
        for (Rec r : recs) {
            valid.add(withValidKeys(r));
        }
        assertWeRead(apache(valid, p), valid, p);
    }

    // ---- sizing ------------------------------------------------------------------------------------------

    @Property(tries = 500)
    void hasRoomForIsExactAndTheRegionIsNeverExceeded(@ForAll @IntRange(min = 61, max = 1500) int maxBatchBytes,
                                                      @ForAll @IntRange(min = 0, max = 40) int regionStart,
                                                      @ForAll("recordLists") List<Rec> recs) {
        byte sentinel = 0x5A;
        ByteBuffer buffer = ByteBuffer.allocate(regionStart + maxBatchBytes + 40);
        Arrays.fill(buffer.array(), sentinel);
        buffer.position(regionStart);
        RecordBatchBuilder b = new RecordBatchBuilder(buffer, maxBatchBytes);

        List<Rec> appended = new ArrayList<>();
        for (Rec r : recs) {
            int before = b.sizeInBytes();
            long timestampDelta = b.isEmpty() ? 0 : r.timestamp - b.baseTimestamp();
            int needed = RecordBatchBuilder.sizeOfRecord(b.recordCount(), timestampDelta, r.key, r.value, r.headers);
            boolean room = b.hasRoomFor(r.timestamp, r.key, r.value, r.headers);
            assertThat(room).isEqualTo((long) before + needed <= maxBatchBytes);
            if (room) {
                b.append(r.timestamp, r.key, r.value, r.headers);
                appended.add(r);
                assertThat(b.sizeInBytes()).isEqualTo(before + needed);
            } else {
                assertThatThrownBy(() -> b.append(r.timestamp, r.key, r.value, r.headers))
                        .isInstanceOf(IllegalStateException.class);
                assertThat(b.tryAppend(r.timestamp, r.key, r.value, r.headers)).isEqualTo(-1);
                assertThat(b.sizeInBytes()).isEqualTo(before);
            }
            assertThat(b.sizeInBytes()).isLessThanOrEqualTo(maxBatchBytes);
        }
        Statistics.label("appends").collect(appended.size() == recs.size() ? "all fit"
                : appended.isEmpty() ? "none fit" : "some refused");
        if (!appended.isEmpty()) {
            ByteBuffer batch = b.close(-1, (short) -1, -1, false);
            assertThat(batch.remaining()).isEqualTo(b.sizeInBytes());
            assertWeRead(batch, appended, Producer.NONE);
        }
        int end = regionStart + b.sizeInBytes();
        for (int i = 0; i < buffer.capacity(); i++) {
            if (i < regionStart || i >= end) {
                assertThat(buffer.get(i)).as("byte %d outside the batch", i).isEqualTo(sentinel);
            }
        }
    }

    @Property(tries = 1000)
    void upperBoundIsNeverBelowTheRealSize(@ForAll("records") Rec r, @ForAll @IntRange(min = 0) int offsetDelta,
                                           @ForAll long timestampDelta) {
        int bound = RecordBatchBuilder.sizeInBytesUpperBound(r.key == null ? -1 : r.key.length,
                r.value == null ? -1 : r.value.length, r.headers);
        int worst = RecordBatchBuilder.sizeOfRecord(offsetDelta, timestampDelta, r.key, r.value, r.headers);
        assertThat(RecordBatch.HEADER_SIZE + (long) worst).isLessThanOrEqualTo(bound);
        assertThat(ours(List.of(r), Producer.NONE).remaining()).isLessThanOrEqualTo(bound);
    }

    @Property(tries = 2000)
    void utf8EncodingMatchesTheJdk(@ForAll("keys") String s) {
        byte[] jdk = s.getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.encodedLength(s)).isEqualTo(jdk.length);
        ByteBuffer out = ByteBuffer.allocate(jdk.length);
        Utf8.encode(s, out);
        assertThat(out.position()).isEqualTo(jdk.length);
        assertThat(out.array()).isEqualTo(jdk);
    }

    // ---- untrusted input ---------------------------------------------------------------------------------

    @Property(tries = 2000)
    void garbageOnlyEverFailsWithProtocolException(@ForAll @Size(max = 300) byte[] garbage) {
        readEverythingAllowingOnlyProtocolExceptions(ByteBuffer.wrap(garbage));
    }

    @Property(tries = 3000)
    void garbageRecordsBehindAValidHeaderOnlyEverFailWithProtocolException(
            @ForAll @Size(min = 61, max = 300) byte[] garbage, @ForAll int recordsCount) {
        ByteBuffer buffer = ByteBuffer.wrap(garbage);
        // Get past the header checks so that the record parser sees the garbage: a consistent batchLength,
        // magic 2, no compression, a recordsCount that can fit, and a matching CRC.
        buffer.putInt(RecordBatch.BATCH_LENGTH_OFFSET, garbage.length - 12);
        buffer.put(RecordBatch.MAGIC_OFFSET, (byte) 2);
        buffer.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) 0);
        int fitting = Math.max(1, (garbage.length - RecordBatch.HEADER_SIZE) / RecordBatch.MIN_RECORD_SIZE);
        buffer.putInt(RecordBatch.RECORDS_COUNT_OFFSET, 1 + Math.floorMod(recordsCount, fitting));
        MalformedBatchTest.fixCrc(buffer);
        readEverythingAllowingOnlyProtocolExceptions(buffer);
    }

    @Property(tries = 1000)
    void mutatedBatchesOnlyEverFailWithProtocolException(@ForAll("recordLists") List<Rec> recs,
                                                         @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0) Integer> positions,
                                                         @ForAll @Size(value = 6) byte[] values,
                                                         @ForAll boolean fixCrc) {
        ByteBuffer batch = MalformedBatchTest.copy(ours(recs, Producer.NONE));
        int size = batch.remaining();
        for (int i = 0; i < positions.size(); i++) {
            batch.put(positions.get(i) % size, values[i]);
        }
        if (fixCrc && size >= RecordBatch.HEADER_SIZE) {
            MalformedBatchTest.fixCrc(batch);
        }
        readEverythingAllowingOnlyProtocolExceptions(batch);
    }

    private static void readEverythingAllowingOnlyProtocolExceptions(ByteBuffer buffer) {
        for (boolean lenient : new boolean[] {false, true}) {
            String outcome = "read fully";
            try {
                for (RecordBatch batch : RecordBatches.iterate(buffer, lenient)) {
                    batch.isValid();
                    batch.toString();
                    for (Record r : batch) {
                        r.keyBytes();
                        r.valueBytes();
                        for (Header h : r.headers()) {
                            h.key();
                        }
                    }
                }
            } catch (ProtocolException expected) {
                assertThat(expected.getMessage()).startsWith("record batch at byte ");
                outcome = expected.getMessage().contains(": record ") ? "rejected in a record"
                        : "rejected in the batch header";
            }
            if (!lenient) {
                Statistics.label("strict outcome").collect(outcome);
            }
        }
        try {
            RecordBatch.wrap(buffer).ensureValid();
        } catch (ProtocolException expected) {
            // fine
        }
    }

    // ---- generators --------------------------------------------------------------------------------------

    @Provide
    Arbitrary<List<Rec>> recordLists() {
        return records().list().ofMinSize(1).ofMaxSize(15);
    }

    @Provide
    Arbitrary<Rec> records() {
        Arbitrary<Long> timestamps = Arbitraries.oneOf(
                Arbitraries.longs().between(1_600_000_000_000L, 1_800_000_000_000L),
                Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.of(-1L, 0L, 1L, Long.MAX_VALUE));
        Arbitrary<byte[]> bytes = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, Arbitraries.bytes().array(byte[].class).ofMaxSize(80)),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(60).ofMaxSize(9000)))
                .injectNull(0.2);
        Arbitrary<Header> header = Combinators.combine(keys(), bytes).as(RecordHeader::new);
        Arbitrary<Header[]> headers = header.array(Header[].class).ofMaxSize(4).injectNull(0.2);
        return Combinators.combine(timestamps, bytes, bytes, headers).as(Rec::new);
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().withChars("-_.").ofMaxLength(20),
                Arbitraries.strings().all().ofMaxLength(12),
                // near and inside the surrogate range, to hit pairs and unpaired halves often
                Arbitraries.strings().withCharRange('\uD7F0', '\uE010').withChars('a', '\u00e9', '\u0800')
                        .ofMaxLength(8));
    }

    @Provide
    Arbitrary<Producer> producers() {
        Arbitrary<Producer> idempotent = Combinators.combine(
                Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.shorts().between((short) 0, Short.MAX_VALUE),
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.of(false, true)).as(Producer::new);
        return Arbitraries.oneOf(Arbitraries.just(Producer.NONE), idempotent);
    }

    private static boolean allKeysValidUnicode(List<Rec> recs) {
        for (Rec r : recs) {
            if (r.headers != null) {
                for (Header h : r.headers) {
                    if (!h.key().equals(decodedKey(h.key()))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static Rec withValidKeys(Rec r) {
        if (r.headers == null) {
            return r;
        }
        Header[] hs = new Header[r.headers.length];
        for (int i = 0; i < hs.length; i++) {
            hs[i] = new RecordHeader(decodedKey(r.headers[i].key()), r.headers[i].value());
        }
        return new Rec(r.timestamp, r.key, r.value, hs);
    }
}
