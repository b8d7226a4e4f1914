package io.samsa.protocol.record.compression;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

import java.io.IOException;

/**
 * The LZ4 frame format as Kafka writes it (Apache Kafka's {@code Lz4BlockOutputStream}): independent 64 KiB
 * blocks, no block checksums, no content size, no content checksum. Blocks come from lz4-java: level 9 (Kafka's
 * default) is the fast compressor, any other level LZ4 HC at that level, exactly as Apache Kafka chooses.
 *
 * <pre>
 *  0           4     5     6     7                                                       n-4       n
 *  +-----------+-----+-----+-----+---------------------------------------------------------+---------+
 *  | 04 22 4d 18| FLG | BD  | HC  | block ... block                                          | 00000000|
 *  | magic (LE) | 0x60| 0x40|     |                                                          | end mark|
 *  +-----------+-----+-----+-----+---------------------------------------------------------+---------+
 *  FLG 0x60: version 01 (bits 7-6), block independence 1 (bit 5), block checksum 0 (bit 4),
 *            content size 0 (bit 3), content checksum 0 (bit 2), reserved 0, dictionary id 0 (bit 0)
 *  BD  0x40: block maximum size code 4 = 64 KiB (bits 6-4)
 *  HC      : (xxHash32(FLG, BD; seed 0) &gt;&gt; 8) &amp; 0xff
 *  block   : int32 LE size | data     (size bit 31 set: data stored uncompressed, because LZ4 did not shrink it)
 *            [int32 LE xxHash32 of data, only if FLG's block checksum bit is set]
 *  after the end mark: int32 LE xxHash32 of all content, only if FLG's content checksum bit is set
 * </pre>
 * Reading accepts what other writers may set (block and content checksums, content size, block sizes up to
 * 4 MiB) and checks every checksum present; it rejects dependent blocks (Kafka's brokers do too) and
 * dictionary ids.
 */
final class Lz4Codec extends Codec {
    private static final int MAGIC = 0x184D2204;
    private static final int BLOCK_SIZE = 64 * 1024;
    private static final byte FLG = 0x60;
    private static final byte BD = 0x40;
    private static final int UNCOMPRESSED_FLAG = 0x80000000;

    private static final XXHash32 XXHASH = XXHashFactory.fastestInstance().hash32();
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();
    /** The frame descriptor's checksum byte for FLG 0x60, BD 0x40: the same for every frame we write. */
    private static final byte HC = headerChecksum(new byte[] {FLG, BD}, 0, 2);

    private final LZ4Compressor compressor;

    Lz4Codec(int level) {
        LZ4Factory factory = LZ4Factory.fastestInstance();
        this.compressor = level == CompressionType.LZ4.defaultLevel() ? factory.fastCompressor()
                : factory.highCompressor(level);
    }

    @Override
    void compress(byte[] src, int off, int len, Sink out) {
        out.putIntLE(MAGIC);
        out.put(FLG);
        out.put(BD);
        out.put(HC);
        int maxBlock = compressor.maxCompressedLength(BLOCK_SIZE);
        for (int at = off, end = off + len; at < end; at += BLOCK_SIZE) {
            int n = Math.min(BLOCK_SIZE, end - at);
            out.ensure(4 + Math.max(maxBlock, n));
            int sizeAt = out.pos;
            int c = compressor.compress(src, at, n, out.buf, sizeAt + 4, out.buf.length - sizeAt - 4);
            if (c >= n) {
                // Incompressible: store it, flagged, rather than grow the data.
                System.arraycopy(src, at, out.buf, sizeAt + 4, n);
                out.putIntLE(sizeAt, n | UNCOMPRESSED_FLAG);
                out.pos = sizeAt + 4 + n;
            } else {
                out.putIntLE(sizeAt, c);
                out.pos = sizeAt + 4 + c;
            }
        }
        out.putIntLE(0);
    }

    static void decompress(byte[] src, int off, int len, Sink out, int maxBytes) throws IOException {
        int end = off + len;
        int p = off;
        if (len < 7 || intLE(src, p) != MAGIC) {
            throw new IOException("lz4: not an LZ4 frame (magic 0x184D2204 expected)");
        }
        p += 4;
        int flg = src[p] & 0xff;
        int bd = src[p + 1] & 0xff;
        if ((flg >>> 6) != 1) {
            throw new IOException("lz4: frame version " + (flg >>> 6) + " not supported (01 expected)");
        }
        if ((flg & 0x20) == 0) {
            throw new IOException("lz4: dependent blocks are not supported (Kafka requires block independence)");
        }
        if ((flg & 0x02) != 0 || (flg & 0x01) != 0) {
            throw new IOException("lz4: reserved bit or dictionary id set in FLG 0x" + Integer.toHexString(flg));
        }
        boolean blockChecksum = (flg & 0x10) != 0;
        boolean contentSize = (flg & 0x08) != 0;
        boolean contentChecksum = (flg & 0x04) != 0;
        int sizeCode = (bd >>> 4) & 0x07;
        if (sizeCode < 4 || (bd & 0x8f) != 0) {
            throw new IOException("lz4: invalid BD byte 0x" + Integer.toHexString(bd));
        }
        int maxBlock = 1 << (2 * sizeCode + 8); // 4: 64 KiB, 5: 256 KiB, 6: 1 MiB, 7: 4 MiB
        int descriptorLength = 2 + (contentSize ? 8 : 0);
        if (end - (p + descriptorLength) < 1) {
            throw new IOException("lz4: truncated frame descriptor");
        }
        int hc = src[p + descriptorLength] & 0xff;
        if (hc != (headerChecksum(src, p, descriptorLength) & 0xff)) {
            throw new IOException("lz4: frame descriptor checksum mismatch");
        }
        p += descriptorLength + 1;
        int start = out.pos;
        while (true) {
            if (end - p < 4) {
                throw new IOException("lz4: truncated (no end mark)");
            }
            int size = intLE(src, p);
            p += 4;
            if (size == 0) {
                break;
            }
            boolean stored = (size & UNCOMPRESSED_FLAG) != 0;
            size &= ~UNCOMPRESSED_FLAG;
            if (size > maxBlock || size > end - p) {
                throw new IOException("lz4: block of " + size + " bytes exceeds the block maximum " + maxBlock
                        + " or the " + (end - p) + " bytes left");
            }
            if (blockChecksum) {
                if (end - p - size < 4) {
                    throw new IOException("lz4: truncated block checksum");
                }
                if (XXHASH.hash(src, p, size, 0) != intLE(src, p + size)) {
                    throw new IOException("lz4: block checksum mismatch");
                }
            }
            int room = Math.min(maxBlock, maxBytes - (out.pos - start));
            if (stored) {
                if (size > room) {
                    throw tooLarge(CompressionType.LZ4, maxBytes);
                }
                out.put(src, p, size);
            } else {
                out.ensure(room);
                try {
                    out.pos += DECOMPRESSOR.decompress(src, p, size, out.buf, out.pos, room);
                } catch (LZ4Exception e) {
                    if (room < maxBlock) {
                        throw tooLarge(CompressionType.LZ4, maxBytes);
                    }
                    throw new IOException("lz4: corrupt block: " + e.getMessage(), e);
                }
            }
            p += size + (blockChecksum ? 4 : 0);
        }
        if (contentChecksum) {
            if (end - p < 4) {
                throw new IOException("lz4: truncated content checksum");
            }
            if (XXHASH.hash(out.buf, start, out.pos - start, 0) != intLE(src, p)) {
                throw new IOException("lz4: content checksum mismatch");
            }
        }
    }

    private static byte headerChecksum(byte[] b, int off, int len) {
        return (byte) ((XXHASH.hash(b, off, len, 0) >>> 8) & 0xff);
    }

    private static int intLE(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
