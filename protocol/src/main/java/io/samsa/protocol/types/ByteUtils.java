package io.samsa.protocol.types;

import java.nio.ByteBuffer;

/**
 * Variable-length integers as Kafka writes them, on plain {@link ByteBuffer}s.
 *
 * <p>Two families, not to be mixed up:
 * <ul>
 *   <li><b>unsigned varint</b> (flexible message versions, KIP-482): 7 bits per byte, least significant group
 *       first, high bit set on every byte but the last. No zigzag.</li>
 *   <li><b>varint / varlong</b> (records inside a RecordBatch v2): zigzag-encoded first
 *       ({@code (n << 1) ^ (n >> 31)}) so that small negative numbers stay short, then the same 7-bit groups.</li>
 * </ul>
 *
 * <pre>
 *   300 as unsigned varint:  1010 1100  0000 0010   (0xAC 0x02)
 *                            ^ more      ^ last
 *   -1 as varint: zigzag(-1) = 1  -&gt; 0x01
 * </pre>
 *
 * Static and allocation-free: these sit on the per-record hot path.
 */
public final class ByteUtils {
    private ByteUtils() {
    }

    // ---- sizes -------------------------------------------------------------------------------------------

    /** Bytes needed to write {@code value} (taken as unsigned 32-bit) as an unsigned varint: 1 to 5. */
    public static int sizeOfUnsignedVarint(int value) {
        // Each byte carries 7 bits; count the significant bits of the unsigned value.
        int bits = 32 - Integer.numberOfLeadingZeros(value | 1);
        return (bits + 6) / 7;
    }

    /** Bytes needed to write {@code value} as a zigzag varint: 1 to 5. */
    public static int sizeOfVarint(int value) {
        return sizeOfUnsignedVarint((value << 1) ^ (value >> 31));
    }

    /** Bytes needed to write {@code value} as a zigzag varlong: 1 to 10. */
    public static int sizeOfVarlong(long value) {
        long v = (value << 1) ^ (value >> 63);
        int bits = 64 - Long.numberOfLeadingZeros(v | 1);
        return (bits + 6) / 7;
    }

    // ---- writing -----------------------------------------------------------------------------------------

    public static void writeUnsignedVarint(int value, ByteBuffer buffer) {
        while ((value & 0xFFFFFF80) != 0) {
            buffer.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        buffer.put((byte) value);
    }

    public static void writeVarint(int value, ByteBuffer buffer) {
        writeUnsignedVarint((value << 1) ^ (value >> 31), buffer);
    }

    public static void writeVarlong(long value, ByteBuffer buffer) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xFFFFFFFFFFFFFF80L) != 0L) {
            buffer.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buffer.put((byte) v);
    }

    /**
     * Writes an unsigned varint at {@code a[p]} and returns the index after it. No bounds check beyond the array's
     * own: for a caller that has already sized the region (the record writer's fast path).
     */
    public static int putUnsignedVarint(byte[] a, int p, int value) {
        while ((value & 0xFFFFFF80) != 0) {
            a[p++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        a[p++] = (byte) value;
        return p;
    }

    /** {@link #putUnsignedVarint} of the zig-zag encoding of {@code value}. */
    public static int putVarint(byte[] a, int p, int value) {
        return putUnsignedVarint(a, p, (value << 1) ^ (value >> 31));
    }

    /** A zig-zag varlong at {@code a[p]}; returns the index after it. */
    public static int putVarlong(byte[] a, int p, long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xFFFFFFFFFFFFFF80L) != 0L) {
            a[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        a[p++] = (byte) v;
        return p;
    }

    // ---- reading -----------------------------------------------------------------------------------------

    /**
     * Reads an unsigned varint of at most 5 bytes.
     *
     * @throws ProtocolException if the buffer ends inside the varint or the varint is longer than 5 bytes
     */
    public static int readUnsignedVarint(ByteBuffer buffer) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (!buffer.hasRemaining()) {
                throw new ProtocolException("truncated varint at offset " + buffer.position());
            }
            byte b = buffer.get();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (shift == 28 && (b & 0xF0) != 0) {
                    throw new ProtocolException("varint overflows 32 bits at offset " + (buffer.position() - 1));
                }
                return value;
            }
        }
        throw new ProtocolException("varint longer than 5 bytes at offset " + (buffer.position() - 1));
    }

    public static int readVarint(ByteBuffer buffer) {
        int raw = readUnsignedVarint(buffer);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /**
     * Reads a zigzag varlong of at most 10 bytes.
     *
     * @throws ProtocolException if the buffer ends inside the varlong or it is longer than 10 bytes
     */
    public static long readVarlong(ByteBuffer buffer) {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (!buffer.hasRemaining()) {
                throw new ProtocolException("truncated varlong at offset " + buffer.position());
            }
            byte b = buffer.get();
            raw |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (shift == 63 && (b & 0x7E) != 0) {
                    throw new ProtocolException("varlong overflows 64 bits at offset " + (buffer.position() - 1));
                }
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new ProtocolException("varlong longer than 10 bytes at offset " + (buffer.position() - 1));
    }
}
