package io.samsa.protocol.record.compression;

import java.util.Arrays;

/**
 * A growable byte array that codecs write into: compressed output (whose size is only known once written) and
 * decompressed output (bounded by the caller's limit). Single-threaded.
 */
final class Sink {
    byte[] buf;
    int pos;

    Sink(int initialCapacity) {
        buf = new byte[Math.max(initialCapacity, 64)];
    }

    /** Makes room for {@code n} more bytes after {@code pos}. */
    void ensure(int n) {
        long need = (long) pos + n;
        if (need > buf.length) {
            if (need > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("compression output larger than 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 8L, buf.length * 2L)));
        }
    }

    void put(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    void put(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, buf, pos, len);
        pos += len;
    }

    void putIntLE(int v) {
        ensure(4);
        buf[pos++] = (byte) v;
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 24);
    }

    void putIntBE(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void putIntBE(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    void putIntLE(int at, int v) {
        buf[at] = (byte) v;
        buf[at + 1] = (byte) (v >>> 8);
        buf[at + 2] = (byte) (v >>> 16);
        buf[at + 3] = (byte) (v >>> 24);
    }

    void reset() {
        pos = 0;
    }
}
