package io.samsa.protocol.record;

import io.samsa.common.header.Header;
import io.samsa.protocol.record.compression.Compressor;
import io.samsa.protocol.types.ByteUtils;
import io.samsa.protocol.types.ProtocolException;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Builds one magic-v2 record batch in place, in a region of a caller-provided {@link ByteBuffer}: records are
 * serialised straight into their final position, and {@link #close} goes back to fill in the header and CRC.
 * There is no intermediate copy, so the accumulator's batch buffer <em>is</em> the bytes that go on the wire.
 *
 * <h2>Batch layout (big-endian; offsets from the start of the batch)</h2>
 * <pre>
 *  0         8         12        16 17        21   23        27
 *  +---------+---------+---------+--+---------+----+---------+
 *  |baseOff- |batch-   |partition|ma|  crc    |attr|lastOff- |
 *  |set int64|Length   |Leader-  |gi| uint32  |int |setDelta |
 *  |  (0)    |int32    |Epoch(-1)|c2| CRC-32C |16  |int32    |
 *  +---------+---------+---------+--+---------+----+---------+
 *  27                 35                 43                 51     53         57         61
 *  +------------------+------------------+------------------+------+----------+----------+------------
 *  | baseTimestamp    | maxTimestamp     | producerId       |prod. | base-    | records- | records ...
 *  | int64 (1st rec.) | int64            | int64 (-1: none) |Epoch | Sequence | Count    |
 *  |                  |                  |                  |int16 | int32    | int32    |
 *  +------------------+------------------+------------------+------+----------+----------+------------
 *            |&lt;-------------- batchLength = bytes 12 .. end ------------------------------------&gt;|
 *                          |&lt;------ CRC-32C covers bytes 21 .. end (attributes onward) ---------&gt;|
 *
 *  attributes: bits 0-2 codec (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd), bit 3 timestamp type (0 = CreateTime),
 *              bit 4 transactional, bit 5 control (never from a producer), bits 6-15 zero.
 * </pre>
 *
 * <h2>Record layout (inside the batch, one after another)</h2>
 * <pre>
 *  +--------+------+----------+----------+--------+-----+--------+-------+--------+---------------+
 *  | length | attr | timestamp| offset-  | keyLen | key | valLen | value | header | headers ...   |
 *  | varint | int8 | Delta    | Delta    | varint |     | varint |       | Count  |               |
 *  |        | (0)  | varlong  | varint   | -1=null|     | -1=null|       | varint |               |
 *  +--------+------+----------+----------+--------+-----+--------+-------+--------+---------------+
 *           |&lt;------------------------- length counts these bytes ----------------------------&gt;|
 *
 *  each header: keyLen varint (&gt;= 0) | key UTF-8 | valueLen varint (-1 = null) | value
 *  varint/varlong = zigzag, then 7 bits per byte (see ByteUtils); timestampDelta = ts - baseTimestamp (may be
 *  negative), offsetDelta = index of the record in the batch.
 * </pre>
 *
 * <h2>Why it is built this way</h2>
 * <ul>
 *   <li><b>Exact sizing before writing.</b> A record starts with its own length as a varint, whose width depends
 *       on the length, so the body size is computed arithmetically first ({@link ByteUtils#sizeOfVarint} etc.);
 *       the same computation answers {@link #hasRoomFor} exactly, so the accumulator never has to undo a write.
 *       Everything that can reject a record (timestamp, null header key, room) is checked before the first byte
 *       is written, so a failed append leaves the batch as it was.</li>
 *   <li><b>No allocation per record.</b> {@code append} runs on application threads once per record: no
 *       boxing, no streams, no temporary arrays, only relative puts. Header keys are {@code String}s; rather
 *       than {@code key.getBytes(UTF_8)} (an array per header per record), their UTF-8 length is computed from
 *       the chars and they are encoded char by char into the buffer (identical bytes, including the JDK's
 *       {@code '?'} for an unpaired surrogate). This walks each key twice (size, then write); keys are short.</li>
 *   <li><b>Producer state at close, not at construction.</b> The producer assigns producerId/epoch/sequence when
 *       it drains the batch for sending, long after the first append; an idempotent epoch bump may even change
 *       them after close ({@link #rewriteProducerState}).</li>
 *   <li><b>Compression after close.</b> The builder always writes records uncompressed (so sizes are exact and
 *       the bytes can be read back for completions and splits); {@link #compress} then turns a closed batch
 *       into a new one whose records section {@code [61, end)} is compressed as a whole. The header stays
 *       plain: only the codec bits, batchLength and the CRC (over the compressed bytes) differ.</li>
 * </ul>
 *
 * <h2>Buffer ownership</h2>
 * The builder owns bytes {@code [position, position + maxBatchBytes)} of the caller's buffer from construction
 * until the batch is sent and acknowledged (or until {@link #moveTo} hands it a new region, after which the old
 * one is the caller's again); it never writes outside that region and never changes the caller's position or
 * limit (it works on its own duplicate). The {@code ByteBuffer} returned by {@link #close} is a view
 * of the same memory, not a copy: the region must not be reused (returned to a pool) while that view may still
 * be written to a socket or retried (compare KAFKA-19012, where a pooled buffer was reused while in flight).
 *
 * <p>Thread-safety: none. One thread at a time (the accumulator holds its per-partition lock while appending;
 * the sender closes the batch after taking it out of the accumulator).
 */
public final class RecordBatchBuilder {

    /** Upper bounds of the varint fields whose value is not known before the record's place in a batch is. */
    private static final int MAX_VARINT_SIZE = 5;
    private static final int MAX_VARLONG_SIZE = 10;

    /**
     * Our own view of the caller's buffer: position = next write, limit = end of our region. Not final: {@link
     * #moveTo} switches the builder to a bigger region.
     */
    private ByteBuffer buf;
    private int start;
    private int maxBatchBytes;

    private int count;
    private long baseTimestamp = RecordBatch.NO_TIMESTAMP;
    // Starts at NO_TIMESTAMP (-1), as in Apache's builder: with timestamps >= -1 that is simply the maximum.
    private long maxTimestamp = RecordBatch.NO_TIMESTAMP;
    private boolean closed;

    /** A builder over all of {@code buffer}'s remaining bytes. */
    public RecordBatchBuilder(ByteBuffer buffer) {
        this(buffer, buffer.remaining());
    }

    /**
     * A builder writing a batch at {@code buffer.position()}, at most {@code maxBatchBytes} long (header
     * included). The 61 header bytes are reserved now and written by {@link #close}.
     *
     * @throws IllegalArgumentException if the buffer is read-only, or {@code maxBatchBytes} is smaller than the
     *                                  header or larger than {@code buffer.remaining()}
     */
    public RecordBatchBuilder(ByteBuffer buffer, int maxBatchBytes) {
        Objects.requireNonNull(buffer, "buffer");
        if (buffer.isReadOnly()) {
            throw new IllegalArgumentException("the batch buffer is read-only");
        }
        if (maxBatchBytes < RecordBatch.HEADER_SIZE) {
            throw new IllegalArgumentException("maxBatchBytes " + maxBatchBytes + " is smaller than the "
                    + RecordBatch.HEADER_SIZE + "-byte batch header");
        }
        if (maxBatchBytes > buffer.remaining()) {
            throw new IllegalArgumentException("maxBatchBytes " + maxBatchBytes + " exceeds the "
                    + buffer.remaining() + " bytes remaining in the buffer");
        }
        this.start = buffer.position();
        this.maxBatchBytes = maxBatchBytes;
        this.buf = buffer.duplicate().order(ByteOrder.BIG_ENDIAN);
        this.buf.limit(start + maxBatchBytes).position(start + RecordBatch.HEADER_SIZE);
    }

    // ---- appending (hot path) ----------------------------------------------------------------------------

    /**
     * Whether a record with these fields fits in the rest of the region. Exact: {@link #append} with the same
     * arguments succeeds if and only if this returns true. False once closed.
     *
     * @throws IllegalArgumentException if a header or header key is null
     */
    public boolean hasRoomFor(long timestamp, byte[] key, byte[] value, Header[] headers) {
        return hasRoomFor(timestamp, key == null ? -1 : key.length, value == null ? -1 : value.length, headers);
    }

    /** As {@link #hasRoomFor(long, byte[], byte[], Header[])}; a buffer's size is its {@code remaining()}. */
    public boolean hasRoomFor(long timestamp, ByteBuffer key, ByteBuffer value, Header[] headers) {
        return hasRoomFor(timestamp, key == null ? -1 : key.remaining(), value == null ? -1 : value.remaining(),
                headers);
    }

    /** As {@link #hasRoomFor(long, byte[], byte[], Header[])}, given the key and value sizes (negative = null). */
    public boolean hasRoomFor(long timestamp, int keySize, int valueSize, Header[] headers) {
        if (closed) {
            return false;
        }
        long size = recordSize(count, timestampDelta(timestamp), keySize, valueSize, headers);
        return size <= buf.remaining();
    }

    /**
     * Appends a record.
     *
     * @param timestamp CreateTime in ms, {@code >= 0}, or -1 for none (as Apache's builder accepts)
     * @param key       null for a null key (distinct from an empty one)
     * @param value     null for a null value / tombstone (distinct from an empty one)
     * @param headers   null or empty for none; no null elements or null keys
     * @return the record's offset delta (its index in the batch)
     * @throws IllegalStateException    if the record does not fit (see {@link #hasRoomFor}) or the batch is closed
     * @throws IllegalArgumentException for an invalid timestamp, a null header or a null header key
     */
    public int append(long timestamp, byte[] key, byte[] value, Header[] headers) {
        int offsetDelta = tryAppend(timestamp, key, value, headers);
        if (offsetDelta < 0) {
            throw noRoom(timestamp, key == null ? -1 : key.length, value == null ? -1 : value.length, headers);
        }
        return offsetDelta;
    }

    /**
     * As {@link #append(long, byte[], byte[], Header[])}, taking the {@code remaining()} bytes of key and value.
     * Their positions are not changed.
     */
    public int append(long timestamp, ByteBuffer key, ByteBuffer value, Header[] headers) {
        int offsetDelta = tryAppend(timestamp, key, value, headers);
        if (offsetDelta < 0) {
            throw noRoom(timestamp, key == null ? -1 : key.remaining(), value == null ? -1 : value.remaining(),
                    headers);
        }
        return offsetDelta;
    }

    /**
     * Appends the record if it fits and returns its offset delta, or returns -1 (and writes nothing) if it does
     * not. Sizes the record once, where {@code hasRoomFor} + {@code append} size it twice: the accumulator's
     * usual call.
     *
     * @throws IllegalStateException    if the batch is closed
     * @throws IllegalArgumentException for an invalid timestamp, a null header or a null header key
     */
    public int tryAppend(long timestamp, byte[] key, byte[] value, Header[] headers) {
        return doAppend(timestamp, key, key == null ? -1 : key.length, value, value == null ? -1 : value.length,
                headers);
    }

    /** As {@link #tryAppend(long, byte[], byte[], Header[])} with buffers (their positions are not changed). */
    public int tryAppend(long timestamp, ByteBuffer key, ByteBuffer value, Header[] headers) {
        return doAppend(timestamp, key, key == null ? -1 : key.remaining(), value,
                value == null ? -1 : value.remaining(), headers);
    }

    /**
     * The one append path. {@code key}/{@code value} are a {@code byte[]}, a {@code ByteBuffer} or null; taking
     * them as Object keeps a single copy of the write sequence without wrapping arrays (which would allocate).
     */
    private int doAppend(long timestamp, Object key, int keySize, Object value, int valueSize, Header[] headers) {
        if (closed) {
            throw new IllegalStateException("cannot append to a closed record batch");
        }
        if (timestamp < 0 && timestamp != RecordBatch.NO_TIMESTAMP) {
            throw new IllegalArgumentException("invalid timestamp " + timestamp
                    + ": must be >= 0, or -1 for no timestamp");
        }
        long timestampDelta = timestampDelta(timestamp);
        long bodySize = recordBodySize(count, timestampDelta, keySize, valueSize, headers);
        if (bodySize >= buf.remaining()) { // >=: the length prefix takes at least one more byte
            return -1;
        }
        int body = (int) bodySize; // fits: smaller than the region
        if (ByteUtils.sizeOfVarint(body) + body > buf.remaining()) {
            return -1;
        }

        int recordStart = buf.position();
        if (headers == null || headers.length == 0) {
            if (buf.hasArray() && (key == null || key instanceof byte[]) && (value == null || value instanceof byte[])) {
                writeSimpleRecord(recordStart, body, timestampDelta, (byte[]) key, (byte[]) value);
                return recorded(timestamp);
            }
        }
        try {
            ByteUtils.writeVarint(body, buf);
            buf.put((byte) 0); // record attributes: unused in v2, always 0
            ByteUtils.writeVarlong(timestampDelta, buf);
            ByteUtils.writeVarint(count, buf);
            writeBytesField(key, keySize);
            writeBytesField(value, valueSize);
            writeHeaders(headers);
        } catch (BufferOverflowException | IndexOutOfBoundsException e) {
            // Only possible if a Header or a key/value buffer changed between sizing and writing.
            buf.position(recordStart);
            throw changedWhileAppending(e);
        }
        if (buf.position() - recordStart != ByteUtils.sizeOfVarint(body) + body) {
            buf.position(recordStart);
            throw changedWhileAppending(null);
        }
        return recorded(timestamp);
    }

    private int recorded(long timestamp) {
        if (count == 0) {
            baseTimestamp = timestamp;
        }
        if (timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
        return count++;
    }

    /**
     * The common record - byte[] (or null) key and value, no headers - written straight into the heap buffer's
     * array: the same bytes as the general path, without a bounds check and position update per varint byte
     * (a sizeable share of the sending thread's time: BENCHMARKS.md, "Measured costs behind the code"). Safe
     * without checks: the caller has sized the record exactly against {@code buf.remaining()}, and byte arrays
     * cannot change size meanwhile.
     */
    private void writeSimpleRecord(int recordStart, int body, long timestampDelta, byte[] key, byte[] value) {
        byte[] a = buf.array();
        int base = buf.arrayOffset();
        int p = ByteUtils.putUnsignedVarint(a, base + recordStart, body << 1); // zig-zag of a non-negative int
        a[p++] = 0; // record attributes: unused in v2, always 0
        // An int-sized delta (any batch younger than 24 days) goes through the same varint writer as the length
        // and sizes: the JIT profiles branches per method, and that writer sees two-byte values from the first
        // record, while a writer used only for the delta would see one-byte values until a batch lingers 64 ms
        // (a zig-zag varint holds 0..63 in one byte), and the first two-byte delta would then de-optimise and
        // recompile the whole append path (unstable_if).
        if (timestampDelta == (int) timestampDelta) {
            p = ByteUtils.putVarint(a, p, (int) timestampDelta);
        } else {
            p = ByteUtils.putVarlong(a, p, timestampDelta);
        }
        p = ByteUtils.putVarint(a, p, count);
        if (key == null) {
            a[p++] = 1; // varint -1
        } else {
            p = ByteUtils.putVarint(a, p, key.length);
            System.arraycopy(key, 0, a, p, key.length);
            p += key.length;
        }
        if (value == null) {
            a[p++] = 1;
        } else {
            p = ByteUtils.putVarint(a, p, value.length);
            System.arraycopy(value, 0, a, p, value.length);
            p += value.length;
        }
        a[p++] = 0; // header count 0
        if (p - base - recordStart != ByteUtils.sizeOfVarint(body) + body) {
            throw new IllegalStateException("record sizing bug: wrote " + (p - base - recordStart) + " bytes for a "
                    + "record sized at " + (ByteUtils.sizeOfVarint(body) + body));
        }
        buf.position(p - base);
    }

    private void writeBytesField(Object bytes, int size) {
        if (bytes == null) {
            ByteUtils.writeVarint(-1, buf);
            return;
        }
        ByteUtils.writeVarint(size, buf);
        if (bytes instanceof byte[]) {
            buf.put((byte[]) bytes);
        } else {
            // Absolute bulk copy: reads the source without moving its position (and without a duplicate()).
            ByteBuffer src = (ByteBuffer) bytes;
            int at = buf.position();
            buf.put(at, src, src.position(), size);
            buf.position(at + size);
        }
    }

    private void writeHeaders(Header[] headers) {
        if (headers == null) {
            ByteUtils.writeVarint(0, buf);
            return;
        }
        ByteUtils.writeVarint(headers.length, buf);
        for (Header header : headers) {
            String key = header.key();
            ByteUtils.writeVarint((int) Utf8.encodedLength(key), buf); // < region size, checked while sizing
            Utf8.encode(key, buf);
            byte[] value = header.value();
            if (value == null) {
                ByteUtils.writeVarint(-1, buf);
            } else {
                ByteUtils.writeVarint(value.length, buf);
                buf.put(value);
            }
        }
    }

    private long timestampDelta(long timestamp) {
        // The first record defines baseTimestamp, so its delta is 0 whatever its timestamp.
        return count == 0 ? 0L : timestamp - baseTimestamp;
    }

    // ---- growing -----------------------------------------------------------------------------------------

    /**
     * Continues the batch in a bigger region: copies the bytes written so far (the reserved header and every
     * record) to {@code buffer.position()} and from then on writes only there. For an accumulator whose batches
     * start small and grow with the data instead of reserving {@code batch.size} up front.
     *
     * <pre>
     *  old region  [start ........ position)  ...free...  start+maxBatchBytes)     no longer written to
     *                   |  copy (header reserve + records)
     *                   v
     *  new region  [buffer.position() ... same bytes ...)  ......... more room .........)
     * </pre>
     *
     * Records are position-independent (every offset and timestamp in them is relative to the batch, and the
     * header is only written by {@link #close}), so a plain byte copy is a valid continuation: the finished batch
     * is byte-for-byte the one a single big region would have produced.
     *
     * <p>The old region is not modified and never written again; the caller may drop it (or, if it pools
     * buffers, recycle it: nothing of this builder refers to it any more). The caller's {@code buffer} position
     * and limit are not changed.
     *
     * @param buffer        the new region starts at its position; must be writable and not the same memory as
     *                      the current region (overlapping copies are not supported)
     * @param maxBatchBytes the most bytes the batch may now take, header included; at least
     *                      {@link #sizeInBytes()} and at most {@code buffer.remaining()}
     * @throws IllegalStateException    if the batch is closed (its bytes may already be on the wire)
     * @throws IllegalArgumentException if the buffer is read-only or the new region is too small for what was
     *                                  written, or {@code maxBatchBytes} exceeds {@code buffer.remaining()}
     */
    public void moveTo(ByteBuffer buffer, int maxBatchBytes) {
        Objects.requireNonNull(buffer, "buffer");
        if (closed) {
            throw new IllegalStateException("cannot move a closed record batch: its bytes are final and may be in"
                    + " flight");
        }
        if (buffer.isReadOnly()) {
            throw new IllegalArgumentException("the batch buffer is read-only");
        }
        int written = sizeInBytes();
        if (maxBatchBytes < written) {
            throw new IllegalArgumentException("maxBatchBytes " + maxBatchBytes + " is smaller than the " + written
                    + " bytes already written to the batch (" + count + " records)");
        }
        if (maxBatchBytes > buffer.remaining()) {
            throw new IllegalArgumentException("maxBatchBytes " + maxBatchBytes + " exceeds the "
                    + buffer.remaining() + " bytes remaining in the buffer");
        }
        int newStart = buffer.position();
        ByteBuffer target = buffer.duplicate().order(ByteOrder.BIG_ENDIAN);
        // Absolute bulk copy: neither buffer's position moves, and no temporary duplicate of the source.
        target.put(newStart, buf, start, written);
        target.limit(newStart + maxBatchBytes).position(newStart + written);
        this.buf = target;
        this.start = newStart;
        this.maxBatchBytes = maxBatchBytes;
    }

    /** As {@link #moveTo(ByteBuffer, int)} with all of {@code buffer}'s remaining bytes. */
    public void moveTo(ByteBuffer buffer) {
        moveTo(buffer, buffer.remaining());
    }

    // ---- closing -----------------------------------------------------------------------------------------

    /**
     * Writes the batch header and the CRC and returns the finished batch.
     *
     * @param producerId    -1 if not idempotent
     * @param producerEpoch -1 if not idempotent
     * @param baseSequence  sequence of the first record, -1 if not idempotent
     * @param transactional sets attribute bit 4; requires a producer id
     * @return a view of exactly the batch's bytes in the caller's buffer, positioned at 0, big-endian, writable
     *         (so that {@link #rewriteProducerState} can patch it in place); not a copy
     * @throws IllegalStateException    if already closed, or empty (Kafka rejects batches without records)
     * @throws IllegalArgumentException for inconsistent producer state (e.g. transactional without a producer id)
     */
    public ByteBuffer close(long producerId, short producerEpoch, int baseSequence, boolean transactional) {
        if (closed) {
            throw new IllegalStateException("record batch already closed");
        }
        if (count == 0) {
            throw new IllegalStateException("cannot close an empty record batch: Kafka rejects batches without"
                    + " records");
        }
        validateProducerState(producerId, producerEpoch, baseSequence, transactional);
        closed = true;

        int size = buf.position() - start;
        // attributes: codec none (records are always written plain; compress() sets the codec bits on its copy)
        // | timestamp type 0 (CreateTime)
        int attributes = RecordBatch.COMPRESSION_NONE | (transactional ? RecordBatch.TRANSACTIONAL_FLAG_MASK : 0);
        buf.putLong(start + RecordBatch.BASE_OFFSET_OFFSET, 0L); // the broker assigns real offsets
        buf.putInt(start + RecordBatch.BATCH_LENGTH_OFFSET, size - RecordBatch.LOG_OVERHEAD);
        buf.putInt(start + RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        buf.put(start + RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC_V2);
        buf.putShort(start + RecordBatch.ATTRIBUTES_OFFSET, (short) attributes);
        buf.putInt(start + RecordBatch.LAST_OFFSET_DELTA_OFFSET, count - 1);
        buf.putLong(start + RecordBatch.BASE_TIMESTAMP_OFFSET, baseTimestamp);
        buf.putLong(start + RecordBatch.MAX_TIMESTAMP_OFFSET, maxTimestamp);
        writeProducerState(buf, start, producerId, producerEpoch, baseSequence);
        buf.putInt(start + RecordBatch.RECORDS_COUNT_OFFSET, count);
        // Last: the CRC covers everything from attributes on, including the fields just written.
        buf.putInt(start + RecordBatch.CRC_OFFSET, RecordBatch.crc32c(buf, start, size));
        return buf.slice(start, size);
    }

    /**
     * A compressed copy of a closed, uncompressed batch: the same header, with the codec bits of the attributes
     * set, batchLength for the compressed size and the CRC recomputed; the records section (bytes 61..end)
     * replaced by its compressed form. The input is not changed.
     *
     * <pre>
     *  plain:      | 61-byte header (codec 0)           | record record record ... |
     *  compressed: | 61-byte header (codec c, new       | codec c stream of those   |
     *              |  batchLength and CRC)              | records' bytes            |
     * </pre>
     *
     * @param plainBatch a closed v2 batch with codec none, starting at its position (position and limit unchanged)
     * @param compressor the codec and level; used by one thread at a time
     * @return a new heap buffer holding exactly the compressed batch, positioned at 0
     * @throws ProtocolException        if {@code plainBatch} is not a well-formed v2 batch
     * @throws IllegalArgumentException if it is already compressed
     */
    public static ByteBuffer compress(ByteBuffer plainBatch, Compressor compressor) {
        return compress(plainBatch, compressor, size -> null);
    }

    /**
     * As {@link #compress(ByteBuffer, Compressor)}, into a buffer the caller may supply (see
     * {@link Compressor#compress(ByteBuffer, int, IntFunction)}): the result is positioned at 0 with its limit at
     * the compressed batch's size, which may be below its capacity.
     *
     * @param plainBatch  the uncompressed batch, from its position
     * @param compressor  the codec to use
     * @param destination given the compressed batch's size, a buffer of at least that capacity, or null for a new one
     * @return the compressed batch
     */
    public static ByteBuffer compress(ByteBuffer plainBatch, Compressor compressor,
                                      IntFunction<ByteBuffer> destination) {
        RecordBatch view = RecordBatch.wrap(plainBatch);
        if (view.compressionCodec() != RecordBatch.COMPRESSION_NONE) {
            throw new IllegalArgumentException("the batch is already compressed ("
                    + RecordBatch.codecName(view.compressionCodec()) + ")");
        }
        int start = plainBatch.position();
        ByteBuffer records = plainBatch.duplicate();
        records.limit(start + view.sizeInBytes()).position(start + RecordBatch.HEADER_SIZE);
        ByteBuffer out = compressor.compress(records, RecordBatch.HEADER_SIZE, destination)
                .order(ByteOrder.BIG_ENDIAN);
        out.put(0, plainBatch, start, RecordBatch.HEADER_SIZE);
        int size = out.limit();
        short attributes = (short) ((view.attributes() & ~RecordBatch.COMPRESSION_CODEC_MASK)
                | compressor.type().id());
        out.putShort(RecordBatch.ATTRIBUTES_OFFSET, attributes);
        out.putInt(RecordBatch.BATCH_LENGTH_OFFSET, size - RecordBatch.LOG_OVERHEAD);
        out.putInt(RecordBatch.CRC_OFFSET, RecordBatch.crc32c(out, 0, size));
        return out;
    }

    /**
     * Patches producerId, producerEpoch and baseSequence of a closed batch (the one starting at
     * {@code batch.position()}) and recomputes its CRC. For an idempotent producer's epoch bump, which renumbers
     * batches that were already closed. The buffer's position and limit are not changed.
     *
     * <p>The existing CRC is verified first: re-signing a batch that is already corrupt would hide the corruption
     * from the broker.
     *
     * @throws ProtocolException        if the bytes are not a well-formed v2 batch or its CRC does not match
     * @throws IllegalArgumentException for inconsistent producer state
     * @throws java.nio.ReadOnlyBufferException if {@code batch} is read-only
     */
    public static void rewriteProducerState(ByteBuffer batch, long producerId, short producerEpoch,
                                            int baseSequence) {
        RecordBatch view = RecordBatch.wrap(batch);
        view.ensureValid();
        validateProducerState(producerId, producerEpoch, baseSequence, view.isTransactional());
        int start = batch.position();
        writeProducerState(batch, start, producerId, producerEpoch, baseSequence);
        batch.putInt(start + RecordBatch.CRC_OFFSET, RecordBatch.crc32c(batch, start, view.sizeInBytes()));
    }

    private static void writeProducerState(ByteBuffer b, int start, long producerId, short producerEpoch,
                                           int baseSequence) {
        b.putLong(start + RecordBatch.PRODUCER_ID_OFFSET, producerId);
        b.putShort(start + RecordBatch.PRODUCER_EPOCH_OFFSET, producerEpoch);
        b.putInt(start + RecordBatch.BASE_SEQUENCE_OFFSET, baseSequence);
    }

    /** The same rules as the broker (and Apache's builder): a producer id needs an epoch and a sequence. */
    private static void validateProducerState(long producerId, short producerEpoch, int baseSequence,
                                              boolean transactional) {
        if (producerId < RecordBatch.NO_PRODUCER_ID) {
            throw new IllegalArgumentException("invalid producer id " + producerId + " (-1 means none)");
        }
        if (transactional && producerId == RecordBatch.NO_PRODUCER_ID) {
            throw new IllegalArgumentException("a transactional batch needs a producer id");
        }
        if (producerId != RecordBatch.NO_PRODUCER_ID) {
            if (producerEpoch < 0) {
                throw new IllegalArgumentException("producer id " + producerId + " with invalid epoch "
                        + producerEpoch);
            }
            if (baseSequence < 0) {
                throw new IllegalArgumentException("producer id " + producerId + " with invalid base sequence "
                        + baseSequence);
            }
        }
    }

    // ---- state -------------------------------------------------------------------------------------------

    public int recordCount() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Bytes the batch takes so far, header included: what {@link #close} will return. */
    public int sizeInBytes() {
        return buf.position() - start;
    }

    /** The most bytes this batch may take, header included. */
    public int maxBatchBytes() {
        return maxBatchBytes;
    }

    /**
     * Takes back the last record appended, which the caller could not keep (a journal it must also be written to
     * refused it): the batch is as it was before that append.
     *
     * @param sizeBefore   {@link #sizeInBytes()} before the append
     * @param maxTimestampBefore {@link #maxTimestamp()} before the append
     * @throws IllegalStateException if the batch is closed or empty
     */
    public void undoLastAppend(int sizeBefore, long maxTimestampBefore) {
        if (closed || count == 0) {
            throw new IllegalStateException("no record to take back (closed " + closed + ", count " + count + ")");
        }
        buf.position(start + sizeBefore);
        count--;
        maxTimestamp = maxTimestampBefore;
        if (count == 0) {
            baseTimestamp = RecordBatch.NO_TIMESTAMP;
        }
    }

    /** The first record's timestamp, or -1 while empty. */
    public long baseTimestamp() {
        return baseTimestamp;
    }

    /** The largest record timestamp (at least -1), or -1 while empty. */
    public long maxTimestamp() {
        return maxTimestamp;
    }

    // ---- sizes -------------------------------------------------------------------------------------------

    /**
     * Exact bytes a record takes in a batch, its length prefix included.
     *
     * @param keySize   key length, negative for a null key
     * @param valueSize value length, negative for a null value
     * @return the size, saturated at {@link Integer#MAX_VALUE} (such a record can never be written anyway)
     * @throws IllegalArgumentException if a header or header key is null
     */
    public static int sizeOfRecord(int offsetDelta, long timestampDelta, int keySize, int valueSize,
                                   Header[] headers) {
        return saturate(recordSize(offsetDelta, timestampDelta, keySize, valueSize, headers));
    }

    /** As {@link #sizeOfRecord(int, long, int, int, Header[])}; null arrays are null key/value. */
    public static int sizeOfRecord(int offsetDelta, long timestampDelta, byte[] key, byte[] value,
                                   Header[] headers) {
        return sizeOfRecord(offsetDelta, timestampDelta, key == null ? -1 : key.length,
                value == null ? -1 : value.length, headers);
    }

    /**
     * An upper bound of the bytes a batch holding just this record needs, the 61-byte batch header included,
     * whatever the record's position and timestamp in a batch: the accumulator sizes a new batch buffer with
     * it, and the producer rejects a record whose bound exceeds {@code max.request.size}.
     *
     * @param keySize   key length, negative for a null key
     * @param valueSize value length, negative for a null value
     * @return the bound, saturated at {@link Integer#MAX_VALUE}
     * @throws IllegalArgumentException if a header or header key is null
     */
    public static int sizeInBytesUpperBound(int keySize, int valueSize, Header[] headers) {
        long body = 1 + MAX_VARLONG_SIZE + MAX_VARINT_SIZE // attributes, widest timestampDelta and offsetDelta
                + bytesFieldSize(keySize) + bytesFieldSize(valueSize) + headersSize(headers);
        // The length prefix of the widest body bounds every real prefix (varint width grows with the value).
        long prefix = body > Integer.MAX_VALUE ? MAX_VARINT_SIZE : ByteUtils.sizeOfVarint((int) body);
        return saturate(RecordBatch.HEADER_SIZE + prefix + body);
    }

    /** Record size including the length prefix (long: huge keys and values must not wrap). */
    private static long recordSize(int offsetDelta, long timestampDelta, int keySize, int valueSize,
                                   Header[] headers) {
        long body = recordBodySize(offsetDelta, timestampDelta, keySize, valueSize, headers);
        return (body > Integer.MAX_VALUE ? MAX_VARINT_SIZE : ByteUtils.sizeOfVarint((int) body)) + body;
    }

    /** Bytes after the record's length prefix: what the length field says. */
    private static long recordBodySize(int offsetDelta, long timestampDelta, int keySize, int valueSize,
                                       Header[] headers) {
        return 1 // attributes
                + ByteUtils.sizeOfVarlong(timestampDelta)
                + ByteUtils.sizeOfVarint(offsetDelta)
                + bytesFieldSize(keySize)
                + bytesFieldSize(valueSize)
                + headersSize(headers);
    }

    /** A nullable bytes field: varint length (-1 for null, one byte) then the bytes. */
    private static long bytesFieldSize(int size) {
        return size < 0 ? 1 : ByteUtils.sizeOfVarint(size) + (long) size;
    }

    private static long headersSize(Header[] headers) {
        if (headers == null) {
            return 1; // header count 0
        }
        long size = ByteUtils.sizeOfVarint(headers.length);
        for (int i = 0; i < headers.length; i++) {
            Header header = headers[i];
            if (header == null) {
                throw new IllegalArgumentException("header " + i + " is null");
            }
            String key = header.key();
            if (key == null) {
                throw new IllegalArgumentException("header " + i + " has a null key (Kafka has no null header keys)");
            }
            long keyLength = Utf8.encodedLength(key);
            size += (keyLength > Integer.MAX_VALUE ? MAX_VARINT_SIZE : ByteUtils.sizeOfVarint((int) keyLength))
                    + keyLength;
            byte[] value = header.value();
            size += bytesFieldSize(value == null ? -1 : value.length);
        }
        return size;
    }

    private static int saturate(long size) {
        return size > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) size;
    }

    // ---- errors (cold) -----------------------------------------------------------------------------------

    private IllegalStateException noRoom(long timestamp, int keySize, int valueSize, Header[] headers) {
        long needed = recordSize(count, timestampDelta(timestamp), keySize, valueSize, headers);
        return new IllegalStateException("no room in the record batch: the record needs " + needed + " bytes but "
                + buf.remaining() + " of maxBatchBytes " + maxBatchBytes + " remain (" + count
                + " records so far); check hasRoomFor() first");
    }

    private static IllegalStateException changedWhileAppending(RuntimeException cause) {
        return new IllegalStateException("a header, key or value changed between sizing and writing the record"
                + " (Header implementations must return the same key and value on every call); record not"
                + " appended", cause);
    }
}
