package io.samsa.protocol.record.compression;

import org.xerial.snappy.Snappy;

import java.io.IOException;

/**
 * Snappy in the xerial framing Apache Kafka's Java producer writes ({@code SnappyOutputStream}): a 16-byte
 * header, then the input in 32 KiB pieces, each a raw snappy block with a big-endian length in front.
 *
 * <pre>
 *  0                        8             12            16
 *  +------------------------+-------------+-------------+---------------+------------------+-----
 *  | 82 53 4e 41 50 50 59 00| version 1   | compatible  | int32 BE      | raw snappy block | ...
 *  | magic ("\x82SNAPPY\0") | int32 BE    | version 1   | block length  | (&lt;= 32 KiB in)   |
 *  +------------------------+-------------+-------------+---------------+------------------+-----
 * </pre>
 * Reading accepts that framing and also one raw snappy block with no framing at all (what some other clients,
 * e.g. franz-go, write; Kafka's brokers accept both).
 */
final class SnappyCodec extends Codec {
    private static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    private static final int HEADER_SIZE = 16;
    private static final int BLOCK_SIZE = 32 * 1024;

    @Override
    void compress(byte[] src, int off, int len, Sink out) {
        out.put(MAGIC, 0, MAGIC.length);
        out.putIntBE(1);
        out.putIntBE(1);
        int maxBlock = Snappy.maxCompressedLength(BLOCK_SIZE);
        try {
            for (int at = off, end = off + len; at < end; at += BLOCK_SIZE) {
                int n = Math.min(BLOCK_SIZE, end - at);
                out.ensure(4 + maxBlock);
                int c = Snappy.compress(src, at, n, out.buf, out.pos + 4);
                out.putIntBE(out.pos, c);
                out.pos += 4 + c;
            }
        } catch (IOException e) {
            // snappy-java declares IOException for native errors; compressing valid arrays does not raise it.
            throw new IllegalStateException("snappy compression failed: " + e.getMessage(), e);
        }
    }

    static void decompress(byte[] src, int off, int len, Sink out, int maxBytes) throws IOException {
        int start = out.pos;
        if (!isXerial(src, off, len)) {
            block(src, off, len, out, maxBytes, maxBytes);
            return;
        }
        int p = off + HEADER_SIZE;
        int end = off + len;
        while (p < end) {
            if (end - p < 4) {
                throw new IOException("snappy: truncated block length at byte " + (p - off));
            }
            int n = (src[p] & 0xff) << 24 | (src[p + 1] & 0xff) << 16 | (src[p + 2] & 0xff) << 8 | (src[p + 3] & 0xff);
            p += 4;
            if (n < 0 || n > end - p) {
                throw new IOException("snappy: block length " + n + " at byte " + (p - off - 4) + " exceeds the "
                        + (end - p) + " bytes left");
            }
            block(src, p, n, out, maxBytes - (out.pos - start), maxBytes);
            p += n;
        }
    }

    private static boolean isXerial(byte[] src, int off, int len) {
        if (len < HEADER_SIZE) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (src[off + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** One raw block; {@code room} is what is left of {@code maxBytes}. */
    private static void block(byte[] src, int off, int len, Sink out, int room, int maxBytes) throws IOException {
        int n;
        try {
            n = Snappy.uncompressedLength(src, off, len);
        } catch (IOException e) {
            throw new IOException("snappy: corrupt block: " + e.getMessage(), e);
        }
        if (n < 0 || n > room) {
            throw tooLarge(CompressionType.SNAPPY, maxBytes);
        }
        out.ensure(n);
        try {
            out.pos += Snappy.uncompress(src, off, len, out.buf, out.pos);
        } catch (IOException e) {
            throw new IOException("snappy: corrupt block: " + e.getMessage(), e);
        }
    }
}
