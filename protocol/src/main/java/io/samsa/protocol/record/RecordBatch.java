package io.samsa.protocol.record;

import io.samsa.common.header.Header;
import io.samsa.common.header.internals.RecordHeader;
import io.samsa.protocol.record.compression.Compression;
import io.samsa.protocol.record.compression.CompressionType;
import io.samsa.protocol.types.ByteUtils;
import io.samsa.protocol.types.ProtocolException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.CRC32C;

/**
 * A read view over one magic-v2 record batch in a {@link ByteBuffer}: every header field, CRC validation, and
 * iteration over the records. For tests, tools and reading our own batches back; the producer's write path is
 * {@link RecordBatchBuilder}. The byte layout is drawn in {@link RecordBatchBuilder}'s Javadoc.
 *
 * <h2>Untrusted input</h2>
 * Every length read from the bytes is checked against what actually remains <em>before</em> anything is sliced
 * or allocated, so corrupt or hostile input fails with a {@link ProtocolException} naming the byte position and
 * the field, never with {@code BufferUnderflowException}, {@code NegativeArraySizeException}, an
 * {@code OutOfMemoryError} or a loop that never ends:
 * <ul>
 *   <li>{@link #wrap} checks that the 12-byte log overhead is there, that {@code batchLength} covers at least the
 *       rest of the header and no more than the bytes that remain, and that magic is 2;</li>
 *   <li>{@link #iterator()} checks that {@code recordsCount} records can fit (each takes at least 7 bytes), each
 *       record's {@code length} against the batch, and every key, value and header length against its record;
 *       a record must use exactly its declared length, and the last record must end exactly at the batch end.</li>
 * </ul>
 * The CRC is <em>not</em> checked implicitly (as in Apache's client): call {@link #ensureValid()}. Parsing does
 * not depend on it being right, so a corrupt batch with a matching CRC is still safe to iterate.
 *
 * <p>Byte positions in error messages are positions in the buffer given to {@link #wrap} (or to
 * {@link RecordBatches#iterate}), the same coordinates the caller has; in a compressed batch, a record's position
 * is in the decompressed records section.
 *
 * <p>Keys and values are returned as read-only slices of the underlying buffer (no copy); header values are
 * copied (the {@link Header} API hands out {@code byte[]}).
 *
 * <p>Thread-safety: the view is immutable and its accessors use absolute reads, so several threads may read one
 * view; each {@link #iterator()} is for one thread.
 */
public final class RecordBatch implements Iterable<Record> {

    // ---- layout (offsets from the start of the batch) ----------------------------------------------------

    static final int BASE_OFFSET_OFFSET = 0;
    static final int BATCH_LENGTH_OFFSET = 8;
    static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    static final int MAGIC_OFFSET = 16;
    static final int CRC_OFFSET = 17;
    static final int ATTRIBUTES_OFFSET = 21;
    static final int LAST_OFFSET_DELTA_OFFSET = 23;
    static final int BASE_TIMESTAMP_OFFSET = 27;
    static final int MAX_TIMESTAMP_OFFSET = 35;
    static final int PRODUCER_ID_OFFSET = 43;
    static final int PRODUCER_EPOCH_OFFSET = 51;
    static final int BASE_SEQUENCE_OFFSET = 53;
    static final int RECORDS_COUNT_OFFSET = 57;
    static final int RECORDS_OFFSET = 61;

    /** Bytes of the batch header, before the first record. */
    public static final int HEADER_SIZE = RECORDS_OFFSET;
    /** baseOffset + batchLength: the bytes that {@code batchLength} does not count. */
    public static final int LOG_OVERHEAD = 12;
    /** The only record format this codec speaks. */
    public static final byte MAGIC_V2 = 2;

    /**
     * Smallest possible record: length, attributes, timestampDelta, offsetDelta, keyLength, valueLength and
     * headerCount, one byte each. Bounds {@code recordsCount} against the bytes that are really there.
     */
    static final int MIN_RECORD_SIZE = 7;

    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final long NO_TIMESTAMP = -1L;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;

    // ---- attributes --------------------------------------------------------------------------------------

    /** Bits 0-2 of the attributes: the compression codec of the records section. */
    public static final int COMPRESSION_CODEC_MASK = 0x07;
    /** Bit 3: 1 = LogAppendTime (set by the broker), 0 = CreateTime (what producers write). */
    public static final int TIMESTAMP_TYPE_MASK = 0x08;
    /** Bit 4: the batch is part of a transaction. */
    public static final int TRANSACTIONAL_FLAG_MASK = 0x10;
    /** Bit 5: control batch (transaction markers); producers never write these. */
    public static final int CONTROL_FLAG_MASK = 0x20;
    /** Bit 6: the log cleaner stored a delete horizon in baseTimestamp. */
    public static final int DELETE_HORIZON_FLAG_MASK = 0x40;

    public static final int COMPRESSION_NONE = 0;
    public static final int COMPRESSION_GZIP = 1;
    public static final int COMPRESSION_SNAPPY = 2;
    public static final int COMPRESSION_LZ4 = 3;
    public static final int COMPRESSION_ZSTD = 4;

    private static final Header[] NO_HEADERS = new Header[0];

    /** A duplicate of the caller's buffer (own position/limit, same bytes); only absolute reads on it. */
    private final ByteBuffer buf;
    private final int start;
    private final int size;

    private RecordBatch(ByteBuffer buf, int start, int size) {
        this.buf = buf;
        this.start = start;
        this.size = size;
    }

    /**
     * A view of the batch that starts at {@code buffer.position()}. The buffer's position and limit are not
     * changed; bytes after the batch are ignored.
     *
     * @throws ProtocolException if the bytes cannot be a v2 batch: truncated, a {@code batchLength} that is too
     *                           small or points past the buffer's limit, or a magic other than 2
     */
    public static RecordBatch wrap(ByteBuffer buffer) {
        ByteBuffer dup = buffer.duplicate().order(ByteOrder.BIG_ENDIAN);
        return at(dup, buffer.position(), buffer.limit());
    }

    /** Reads the batch starting at absolute position {@code start} of {@code buf}, which ends at {@code end}. */
    static RecordBatch at(ByteBuffer buf, int start, int end) {
        int remaining = end - start;
        if (remaining < LOG_OVERHEAD) {
            throw error(start, "truncated: " + remaining + " bytes, but baseOffset and batchLength alone take "
                    + LOG_OVERHEAD);
        }
        int batchLength = buf.getInt(start + BATCH_LENGTH_OFFSET);
        if (batchLength < HEADER_SIZE - LOG_OVERHEAD) {
            throw error(start, "batchLength " + batchLength + " is smaller than the " + (HEADER_SIZE - LOG_OVERHEAD)
                    + " header bytes that must follow it");
        }
        long size = LOG_OVERHEAD + (long) batchLength; // long: batchLength near 2^31 must not wrap
        if (size > remaining) {
            throw error(start, "batchLength " + batchLength + " makes the batch " + size + " bytes but only "
                    + remaining + " remain (truncated or corrupt)");
        }
        byte magic = buf.get(start + MAGIC_OFFSET);
        if (magic != MAGIC_V2) {
            throw error(start, "magic " + magic + " not supported: only record batch v2 (magic 2) is");
        }
        return new RecordBatch(buf, start, (int) size);
    }

    // ---- header fields -----------------------------------------------------------------------------------

    public long baseOffset() {
        return buf.getLong(start + BASE_OFFSET_OFFSET);
    }

    /** Bytes after the batchLength field: {@code sizeInBytes() - 12}. */
    public int batchLength() {
        return buf.getInt(start + BATCH_LENGTH_OFFSET);
    }

    /** Total bytes of this batch, header included. */
    public int sizeInBytes() {
        return size;
    }

    public int partitionLeaderEpoch() {
        return buf.getInt(start + PARTITION_LEADER_EPOCH_OFFSET);
    }

    public byte magic() {
        return buf.get(start + MAGIC_OFFSET);
    }

    /** The CRC-32C stored in the header, as an unsigned value. */
    public long checksum() {
        return Integer.toUnsignedLong(buf.getInt(start + CRC_OFFSET));
    }

    /** The CRC-32C of bytes 21..end (attributes through the last record), as an unsigned value. */
    public long computeChecksum() {
        return Integer.toUnsignedLong(crc32c(buf, start, size));
    }

    public short attributes() {
        return buf.getShort(start + ATTRIBUTES_OFFSET);
    }

    /** Compression codec id from the attributes: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. */
    public int compressionCodec() {
        return attributes() & COMPRESSION_CODEC_MASK;
    }

    public boolean isLogAppendTime() {
        return (attributes() & TIMESTAMP_TYPE_MASK) != 0;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_FLAG_MASK) != 0;
    }

    public boolean isControlBatch() {
        return (attributes() & CONTROL_FLAG_MASK) != 0;
    }

    public int lastOffsetDelta() {
        return buf.getInt(start + LAST_OFFSET_DELTA_OFFSET);
    }

    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    public long baseTimestamp() {
        return buf.getLong(start + BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buf.getLong(start + MAX_TIMESTAMP_OFFSET);
    }

    public long producerId() {
        return buf.getLong(start + PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return buf.getShort(start + PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return buf.getInt(start + BASE_SEQUENCE_OFFSET);
    }

    /** Sequence of the last record ({@code baseSequence + lastOffsetDelta}, wrapping like Kafka), or -1. */
    public int lastSequence() {
        return sequenceOf(baseSequence(), lastOffsetDelta());
    }

    /** The {@code recordsCount} field as stored (not validated until {@link #iterator()}). */
    public int recordCount() {
        return buf.getInt(start + RECORDS_COUNT_OFFSET);
    }

    /** A read-only buffer of exactly this batch's bytes, positioned at 0. */
    public ByteBuffer buffer() {
        return buf.slice(start, size).asReadOnlyBuffer();
    }

    // ---- validation --------------------------------------------------------------------------------------

    /** True if the stored CRC matches the bytes (lengths and magic were already checked by {@link #wrap}). */
    public boolean isValid() {
        return checksum() == computeChecksum();
    }

    /**
     * @throws ProtocolException naming the stored and the computed CRC if they differ
     */
    public void ensureValid() {
        long stored = checksum();
        long computed = computeChecksum();
        if (stored != computed) {
            throw error(start, String.format("CRC-32C mismatch: the header says 0x%08x (expected) but bytes %d..%d"
                    + " compute to 0x%08x (actual); the batch is corrupt", stored, start + ATTRIBUTES_OFFSET,
                    start + size - 1, computed));
        }
    }

    // ---- records -----------------------------------------------------------------------------------------

    /**
     * Iterates the records, parsing each one as it is reached. A compressed batch's records section is
     * decompressed first (at most {@link Compression#DEFAULT_MAX_DECOMPRESSED_BYTES}); keys and values are then
     * slices of the decompressed copy.
     *
     * @throws ProtocolException (from this method) if the codec id is not one of Kafka's, the records section does
     *                           not decompress, or {@code recordsCount} is negative or cannot fit; (from
     *                           {@code next()}) if a record is malformed
     * @throws io.samsa.protocol.record.compression.CodecUnavailableException if the codec's library is missing
     */
    @Override
    public Iterator<Record> iterator() {
        int codec = compressionCodec();
        int count = recordCount();
        if (count < 0) {
            throw error(start, "recordsCount " + count + " is negative");
        }
        if (codec == COMPRESSION_NONE) {
            return records(buf, start + RECORDS_OFFSET, start + size, count);
        }
        if (codec > COMPRESSION_ZSTD) {
            throw error(start, "unknown compression codec " + codec + " in the attributes (Kafka defines 0-4)");
        }
        ByteBuffer compressed = buf.duplicate();
        compressed.limit(start + size).position(start + RECORDS_OFFSET);
        ByteBuffer plain;
        try {
            plain = Compression.decompress(CompressionType.forId(codec), compressed,
                    Compression.DEFAULT_MAX_DECOMPRESSED_BYTES);
        } catch (ProtocolException e) {
            throw error(start, e.getMessage());
        }
        return records(plain.order(ByteOrder.BIG_ENDIAN), 0, plain.limit(), count);
    }

    /** The records {@code [recordsStart, end)} of {@code in}: the batch's own bytes, or its decompressed records. */
    private Iterator<Record> records(ByteBuffer in, int recordsStart, int end, int count) {
        if ((long) count * MIN_RECORD_SIZE > end - recordsStart) {
            throw error(start, "recordsCount " + count + " cannot fit in the " + (end - recordsStart)
                    + " bytes of records (each record takes at least " + MIN_RECORD_SIZE + ")");
        }
        if (count == 0 && end != recordsStart) {
            throw error(start, "recordsCount is 0 but " + (end - recordsStart) + " bytes of records follow");
        }
        return new RecordIterator(in, count, recordsStart, end);
    }

    /** Human-readable codec name for messages. */
    public static String codecName(int codec) {
        switch (codec) {
            case COMPRESSION_NONE:
                return "none";
            case COMPRESSION_GZIP:
                return "gzip";
            case COMPRESSION_SNAPPY:
                return "snappy";
            case COMPRESSION_LZ4:
                return "lz4";
            case COMPRESSION_ZSTD:
                return "zstd";
            default:
                return "unknown";
        }
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", sizeInBytes=" + size + ", magic=" + magic()
                + ", crc=" + String.format("0x%08x", checksum()) + ", codec=" + codecName(compressionCodec())
                + ", transactional=" + isTransactional() + ", control=" + isControlBatch()
                + ", lastOffsetDelta=" + lastOffsetDelta() + ", baseTimestamp=" + baseTimestamp()
                + ", maxTimestamp=" + maxTimestamp() + ", producerId=" + producerId()
                + ", producerEpoch=" + producerEpoch() + ", baseSequence=" + baseSequence()
                + ", recordsCount=" + recordCount() + ")";
    }

    // ---- shared helpers ----------------------------------------------------------------------------------

    /** CRC-32C of bytes [start + 21, start + size): attributes through the last record, as Kafka defines it. */
    static int crc32c(ByteBuffer buffer, int start, int size) {
        CRC32C crc = new CRC32C();
        ByteBuffer covered = buffer.duplicate();
        covered.limit(start + size).position(start + ATTRIBUTES_OFFSET);
        crc.update(covered);
        return (int) crc.getValue();
    }

    /** Kafka's sequence arithmetic: sequences wrap from Integer.MAX_VALUE to 0. */
    static int sequenceOf(int baseSequence, int offsetDelta) {
        if (baseSequence == NO_SEQUENCE) {
            return NO_SEQUENCE;
        }
        long s = (long) baseSequence + offsetDelta;
        if (s > Integer.MAX_VALUE) {
            s -= Integer.MAX_VALUE + 1L;
        }
        return (int) s;
    }

    private static ProtocolException error(int batchStart, String message) {
        return new ProtocolException("record batch at byte " + batchStart + ": " + message);
    }

    /** Parses one record per next() call from a private duplicate whose limit fences the current record. */
    private final class RecordIterator implements Iterator<Record> {
        private final ByteBuffer in;
        private final int count;
        private final int end;
        private final long baseOffset;
        private final long baseTimestamp;
        private final boolean logAppendTime; // then every record's timestamp is the batch's maxTimestamp
        private final long maxTimestamp;
        private final int baseSequence;
        private int index;
        private int recordStart; // for messages

        RecordIterator(ByteBuffer source, int count, int recordsStart, int end) {
            this.in = source.duplicate().order(ByteOrder.BIG_ENDIAN);
            this.in.limit(end).position(recordsStart);
            this.count = count;
            this.end = end;
            this.baseOffset = baseOffset();
            this.baseTimestamp = baseTimestamp();
            this.logAppendTime = isLogAppendTime();
            this.maxTimestamp = maxTimestamp();
            this.baseSequence = baseSequence();
        }

        @Override
        public boolean hasNext() {
            return index < count;
        }

        @Override
        public Record next() {
            if (index >= count) {
                throw new NoSuchElementException();
            }
            recordStart = in.position();
            int length = varint("length");
            if (length < MIN_RECORD_SIZE - 1) {
                throw fail("length " + length + " is smaller than the " + (MIN_RECORD_SIZE - 1)
                        + " bytes every record body takes");
            }
            if (length > in.remaining()) {
                throw fail("length " + length + " runs past the end of the batch: only " + in.remaining()
                        + " bytes remain (truncated or corrupt)");
            }
            int recordEnd = in.position() + length;
            in.limit(recordEnd); // fence: no field of this record can read into the next one
            in.get(); // attributes: unused in v2
            long timestampDelta = varlong("timestampDelta");
            int offsetDelta = varint("offsetDelta");
            ByteBuffer key = bytes("key");
            ByteBuffer value = bytes("value");
            Header[] headers = headers();
            if (in.position() != recordEnd) {
                throw fail("length " + length + " but its fields end " + (recordEnd - in.position())
                        + " bytes before that");
            }
            in.limit(end);
            index++;
            if (index == count && in.position() != end) {
                throw error(start, (end - in.position()) + " bytes follow the last of the " + count
                        + " records (recordsCount or batchLength is wrong)");
            }
            long timestamp = logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta;
            return new Record(baseOffset + offsetDelta, offsetDelta, timestamp,
                    sequenceOf(baseSequence, offsetDelta), key, value, headers, recordEnd - recordStart);
        }

        private ByteBuffer bytes(String field) {
            int n = varint(field + " length");
            if (n < 0) {
                if (n == -1) {
                    return null;
                }
                throw fail(field + " length " + n + " is invalid (only -1 means null)");
            }
            need(n, field);
            ByteBuffer slice = in.slice(in.position(), n).asReadOnlyBuffer();
            in.position(in.position() + n);
            return slice;
        }

        private Header[] headers() {
            int n = varint("header count");
            if (n < 0) {
                throw fail("header count " + n + " is negative");
            }
            if (n == 0) {
                return NO_HEADERS;
            }
            // Each header takes at least 2 bytes (key length, value length): bound n before allocating.
            if ((long) n * 2 > in.remaining()) {
                throw fail("header count " + n + " cannot fit in the " + in.remaining()
                        + " bytes left in the record");
            }
            Header[] headers = new Header[n];
            for (int i = 0; i < n; i++) {
                String field = "header " + i;
                int keyLength = varint(field + " key length");
                if (keyLength < 0) {
                    throw fail(field + " key length " + keyLength + " is invalid (header keys cannot be null)");
                }
                need(keyLength, field + " key");
                String key = utf8(keyLength);
                int valueLength = varint(field + " value length");
                byte[] value = null;
                if (valueLength < -1) {
                    throw fail(field + " value length " + valueLength + " is invalid (only -1 means null)");
                } else if (valueLength >= 0) {
                    need(valueLength, field + " value");
                    value = new byte[valueLength]; // bounded by need(): the bytes are really there
                    in.get(value);
                }
                headers[i] = new RecordHeader(key, value);
            }
            return headers;
        }

        private String utf8(int n) {
            if (in.hasArray()) {
                String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
                in.position(in.position() + n);
                return s;
            }
            byte[] bytes = new byte[n];
            in.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private int varint(String field) {
            try {
                return ByteUtils.readVarint(in);
            } catch (ProtocolException e) {
                throw fail(field + ": " + e.getMessage());
            }
        }

        private long varlong(String field) {
            try {
                return ByteUtils.readVarlong(in);
            } catch (ProtocolException e) {
                throw fail(field + ": " + e.getMessage());
            }
        }

        private void need(int n, String field) {
            if (n > in.remaining()) {
                throw fail(field + " length " + n + " runs past the end of the record: only " + in.remaining()
                        + " bytes remain at byte " + in.position());
            }
        }

        private ProtocolException fail(String message) {
            return error(start, "record " + index + " (at byte " + recordStart + "): " + message);
        }
    }
}
