package io.samsa.protocol.types;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes Kafka protocol primitives into a growable chain of buffers.
 *
 * <p>Small fields are copied into a heap array. Large byte buffers handed to {@link #writeBuffer(ByteBuffer)}
 * (record batches, typically) are <em>referenced</em>, not copied: the result is a list of buffers for a
 * gathering write. The caller must therefore not modify such a buffer until the write has completed; the
 * producer guarantees this by never reusing a batch buffer while a request holding it is on the wire.
 *
 * <p>A frame (size-prefixed request) is built with {@link #forFrame(int)}, which reserves the 4-byte size
 * prefix, and closed with {@link #finishFrame()}, which patches it:
 * <pre>
 *   +-----------+----------------+-------------------------------+
 *   | int32 len | request header | request body (fields, records) |
 *   +-----------+----------------+-------------------------------+
 *               |&lt;----------------- len bytes ----------------&gt;|
 * </pre>
 *
 * <p>Not thread-safe: one writer is used by one thread to build one message.
 */
public final class ProtocolWriter {
    /** Buffers at least this large are referenced rather than copied. */
    static final int ZERO_COPY_THRESHOLD = 4096;

    private final List<ByteBuffer> segments = new ArrayList<>(4);
    private final boolean framed;
    private byte[] array;
    private final byte[] firstArray;
    private int segmentStart;
    private int position;
    private int flushedBytes;

    public ProtocolWriter(int initialCapacity) {
        this(initialCapacity, false);
    }

    private ProtocolWriter(int initialCapacity, boolean framed) {
        this.array = new byte[Math.max(16, initialCapacity)];
        this.firstArray = array;
        this.framed = framed;
        if (framed) {
            position = 4;
        }
    }

    /** A writer whose first 4 bytes are reserved for the frame's size prefix. */
    public static ProtocolWriter forFrame(int initialCapacity) {
        return new ProtocolWriter(initialCapacity, true);
    }

    /** Bytes written so far (including a reserved size prefix). */
    public int size() {
        return flushedBytes + (position - segmentStart);
    }

    // ---- fixed width -------------------------------------------------------------------------------------

    public ProtocolWriter writeByte(byte v) {
        ensure(1);
        array[position++] = v;
        return this;
    }

    public ProtocolWriter writeBoolean(boolean v) {
        return writeByte(v ? (byte) 1 : (byte) 0);
    }

    public ProtocolWriter writeShort(short v) {
        ensure(2);
        array[position++] = (byte) (v >>> 8);
        array[position++] = (byte) v;
        return this;
    }

    public ProtocolWriter writeInt(int v) {
        ensure(4);
        putInt(array, position, v);
        position += 4;
        return this;
    }

    public ProtocolWriter writeLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            array[position++] = (byte) (v >>> shift);
        }
        return this;
    }

    public ProtocolWriter writeDouble(double v) {
        return writeLong(Double.doubleToRawLongBits(v));
    }

    /** 16 raw bytes, most significant half first; {@code null} is written as the all-zero "no id". */
    public ProtocolWriter writeUuid(UUID uuid) {
        if (uuid == null) {
            return writeLong(0L).writeLong(0L);
        }
        return writeLong(uuid.getMostSignificantBits()).writeLong(uuid.getLeastSignificantBits());
    }

    // ---- varints -----------------------------------------------------------------------------------------

    public ProtocolWriter writeUnsignedVarint(int v) {
        ensure(5);
        while ((v & 0xFFFFFF80) != 0) {
            array[position++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        array[position++] = (byte) v;
        return this;
    }

    public ProtocolWriter writeVarint(int v) {
        return writeUnsignedVarint((v << 1) ^ (v >> 31));
    }

    public ProtocolWriter writeVarlong(long v) {
        ensure(10);
        long z = (v << 1) ^ (v >> 63);
        while ((z & 0xFFFFFFFFFFFFFF80L) != 0L) {
            array[position++] = (byte) ((z & 0x7F) | 0x80);
            z >>>= 7;
        }
        array[position++] = (byte) z;
        return this;
    }

    // ---- strings and bytes -------------------------------------------------------------------------------

    /**
     * A non-null string: int16 length (classic) or unsigned varint length+1 (compact), then UTF-8 bytes.
     *
     * @throws IllegalArgumentException if {@code s} is null or longer than 32767 UTF-8 bytes
     */
    public ProtocolWriter writeString(String s, boolean compact) {
        if (s == null) {
            throw new IllegalArgumentException("null given for a non-nullable string field");
        }
        return writeNullableString(s, compact);
    }

    /** A nullable string: length -1 (classic) or 0 (compact) for null. */
    public ProtocolWriter writeNullableString(String s, boolean compact) {
        if (s == null) {
            return compact ? writeUnsignedVarint(0) : writeShort((short) -1);
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("string of " + utf8.length + " UTF-8 bytes is longer than the "
                    + Short.MAX_VALUE + " the protocol allows");
        }
        if (compact) {
            writeUnsignedVarint(utf8.length + 1);
        } else {
            writeShort((short) utf8.length);
        }
        return writeBytes(utf8, 0, utf8.length);
    }

    /** Nullable bytes field: int32 length or compact uvarint length+1; -1 / 0 for null. Copies. */
    public ProtocolWriter writeNullableBytes(byte[] bytes, boolean compact) {
        if (bytes == null) {
            return compact ? writeUnsignedVarint(0) : writeInt(-1);
        }
        writeLength(bytes.length, compact);
        return writeBytes(bytes, 0, bytes.length);
    }

    /**
     * Nullable bytes/records field whose content is a buffer; large buffers are referenced, not copied.
     * The buffer's position and limit are not changed.
     */
    public ProtocolWriter writeNullableBuffer(ByteBuffer buffer, boolean compact) {
        if (buffer == null) {
            return compact ? writeUnsignedVarint(0) : writeInt(-1);
        }
        writeLength(buffer.remaining(), compact);
        return writeBuffer(buffer);
    }

    /** Array (or bytes) length prefix: int32, or unsigned varint N+1 when compact. */
    public ProtocolWriter writeLength(int length, boolean compact) {
        return compact ? writeUnsignedVarint(length + 1) : writeInt(length);
    }

    /** Null array marker: int32 -1, or unsigned varint 0 when compact. */
    public ProtocolWriter writeNullLength(boolean compact) {
        return compact ? writeUnsignedVarint(0) : writeInt(-1);
    }

    /** An empty tagged-field section (the single byte 0). */
    public ProtocolWriter writeEmptyTaggedFields() {
        return writeByte((byte) 0);
    }

    public ProtocolWriter writeBytes(byte[] src, int offset, int length) {
        ensure(length);
        System.arraycopy(src, offset, array, position, length);
        position += length;
        return this;
    }

    /**
     * The remaining bytes of {@code buffer}; referenced (zero copy) when at least
     * {@value #ZERO_COPY_THRESHOLD} bytes, copied otherwise. Position and limit are not changed.
     */
    public ProtocolWriter writeBuffer(ByteBuffer buffer) {
        int n = buffer.remaining();
        if (n < ZERO_COPY_THRESHOLD) {
            ensure(n);
            buffer.duplicate().get(array, position, n);
            position += n;
            return this;
        }
        flushSegment();
        ByteBuffer view = buffer.slice();
        segments.add(view);
        flushedBytes += n;
        return this;
    }

    // ---- result ------------------------------------------------------------------------------------------

    /** Patches the reserved size prefix of a frame with the number of bytes after it. */
    public ProtocolWriter finishFrame() {
        if (!framed) {
            throw new IllegalStateException("not a frame writer");
        }
        putInt(firstArray, 0, size() - 4);
        return this;
    }

    /** The written bytes as buffers for a gathering write; each positioned at 0. */
    public ByteBuffer[] toBuffers() {
        flushSegment();
        return segments.toArray(new ByteBuffer[0]);
    }

    /** The written bytes copied into one heap buffer, positioned at 0 (tests and small messages). */
    public ByteBuffer toByteBuffer() {
        ByteBuffer out = ByteBuffer.allocate(size());
        for (ByteBuffer b : toBuffers()) {
            out.put(b.duplicate());
        }
        return out.flip();
    }

    public byte[] toByteArray() {
        return toByteBuffer().array();
    }

    // ---- internals ---------------------------------------------------------------------------------------

    private void flushSegment() {
        int n = position - segmentStart;
        if (n > 0) {
            segments.add(ByteBuffer.wrap(array, segmentStart, n).slice());
            flushedBytes += n;
        }
        segmentStart = position;
    }

    private void ensure(int n) {
        if (array.length - position >= n) {
            return;
        }
        // Keep what was written in place as a segment and continue in a fresh array: no copying of old bytes.
        flushSegment();
        array = new byte[Math.max(n, Math.min(Math.max(array.length * 2, 256), 1 << 20))];
        segmentStart = 0;
        position = 0;
    }

    private static void putInt(byte[] a, int at, int v) {
        a[at] = (byte) (v >>> 24);
        a[at + 1] = (byte) (v >>> 16);
        a[at + 2] = (byte) (v >>> 8);
        a[at + 3] = (byte) v;
    }
}
