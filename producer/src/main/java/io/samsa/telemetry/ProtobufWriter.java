package io.samsa.telemetry;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The few protocol-buffers wire types an OTLP {@code MetricsData} message needs, written into a growable array.
 * A nested message is written into its own writer first and then copied in behind its length, which costs a copy
 * per level but needs no size pass: payloads are a few kilobytes, built once per push interval.
 *
 * <pre>
 *   field key   = varint( field_number &lt;&lt; 3 | wire_type )
 *   wire type 0 = varint            (bool, enum, int)
 *   wire type 1 = 8 bytes, LE       (fixed64, sfixed64, double)
 *   wire type 2 = varint length, then that many bytes (string, bytes, nested message)
 * </pre>
 *
 * Used by one thread at a time.
 */
final class ProtobufWriter {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;

    private byte[] buf = new byte[256];
    private int pos;

    int size() {
        return pos;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    ProtobufWriter string(int field, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        key(field, LENGTH_DELIMITED);
        varint(b.length);
        put(b, 0, b.length);
        return this;
    }

    ProtobufWriter message(int field, ProtobufWriter nested) {
        key(field, LENGTH_DELIMITED);
        varint(nested.pos);
        put(nested.buf, 0, nested.pos);
        return this;
    }

    ProtobufWriter fixed64(int field, long value) {
        key(field, FIXED64);
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[pos++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    ProtobufWriter doubleValue(int field, double value) {
        return fixed64(field, Double.doubleToRawLongBits(value));
    }

    /** A varint field (bool, enum or non-negative int); proto3 leaves a field at its default (0) out. */
    ProtobufWriter varintField(int field, long value) {
        if (value != 0) {
            key(field, VARINT);
            varint(value);
        }
        return this;
    }

    private void key(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    private void put(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, buf, pos, len);
        pos += len;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
