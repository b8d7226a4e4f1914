package io.samsa.protocol.record.compression;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * zstd (RFC 8878) with zstd-jni: one standard frame per batch, written in one shot with a reused context (the
 * frame header carries the content size; no checksum, as Apache Kafka's streams write none). Any standard frame
 * sequence reads back, so Apache Kafka's streamed frames (no content size) do too.
 *
 * <pre>
 *  +-------------+-------------------+---------------------------+
 *  | 28 b5 2f fd | frame header      | blocks (last flagged)     |
 *  | magic (LE)  | (content size)    | 3-byte header + data each |
 *  +-------------+-------------------+---------------------------+
 * </pre>
 */
final class ZstdCodec extends Codec {
    private final ZstdCompressCtx ctx;

    ZstdCodec(int level) {
        this.ctx = new ZstdCompressCtx().setLevel(level).setContentSize(true);
    }

    @Override
    void compress(byte[] src, int off, int len, Sink out) {
        int bound = (int) Math.min(Integer.MAX_VALUE - 16L, Zstd.compressBound(len));
        out.ensure(bound);
        out.pos += ctx.compressByteArray(out.buf, out.pos, out.buf.length - out.pos, src, off, len);
    }

    static void decompress(byte[] src, int off, int len, Sink out, int maxBytes) throws IOException {
        try (ZstdInputStreamNoFinalizer in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(src, off, len))) {
            Compression.readFully(in, out, maxBytes, CompressionType.ZSTD);
        }
    }

    @Override
    void close() {
        ctx.close();
    }
}
