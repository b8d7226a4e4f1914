package io.samsa.protocol.record.compression;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/**
 * gzip (RFC 1952) with the JDK's zlib: what Apache Kafka's {@code GZIPOutputStream} writes, a single member.
 *
 * <pre>
 *  0  1  2  3  4        8    9    10                      n-8          n-4          n
 *  +--+--+--+--+--------+----+----+-----------------------+------------+------------+
 *  |1f|8b|08|00| mtime 0|xfl |os  | raw deflate stream     | CRC-32 LE  | ISIZE LE   |
 *  |  magic|CM|FLG      |0   |ff  | (level 1..9, -1 = 6)   | of input   | len mod 2^32|
 *  +--+--+--+--+--------+----+----+-----------------------+------------+------------+
 * </pre>
 * Reading accepts any valid gzip, including optional header fields and several members (GZIPInputStream).
 */
final class GzipCodec extends Codec {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final Deflater deflater;
    private final CRC32 crc = new CRC32();

    GzipCodec(int level) {
        this.deflater = new Deflater(level, true); // raw deflate: we write the gzip header and trailer
    }

    @Override
    void compress(byte[] src, int off, int len, Sink out) {
        deflater.reset();
        crc.reset();
        crc.update(src, off, len);
        out.put(HEADER, 0, HEADER.length);
        deflater.setInput(src, off, len);
        deflater.finish();
        while (!deflater.finished()) {
            out.ensure(Math.max(512, len / 4 + 64));
            out.pos += deflater.deflate(out.buf, out.pos, out.buf.length - out.pos);
        }
        out.putIntLE((int) crc.getValue());
        out.putIntLE(len);
    }

    static void decompress(byte[] src, int off, int len, Sink out, int maxBytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(src, off, len), 8192)) {
            Compression.readFully(in, out, maxBytes, CompressionType.GZIP);
        }
    }

    @Override
    void close() {
        deflater.end();
    }
}
