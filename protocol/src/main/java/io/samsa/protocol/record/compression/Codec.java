package io.samsa.protocol.record.compression;

import java.io.IOException;

/**
 * One codec's compressed format, over byte arrays. Implementations touch their library's classes, so they are
 * loaded only after {@link Compression#requireAvailable} found the library.
 *
 * Each codec class also has a static {@code decompress(byte[] src, int off, int len, Sink out, int maxBytes)}
 * (called through {@link Compression#decompress}) that appends the decompressed bytes to {@code out}, failing
 * with an {@code IOException} naming the problem on corrupt input or past {@code maxBytes}.
 *
 * <p>Thread-safety: {@link #compress} may keep reusable state (a deflater, a zstd context) and is for one thread
 * at a time; the static decompression keeps none and may run on any thread.
 */
abstract class Codec {

    /** Appends the compressed form of {@code src[off, off + len)} to {@code out}. */
    abstract void compress(byte[] src, int off, int len, Sink out);

    /** Frees native or pooled resources of the compressing side. */
    void close() {
    }

    static IOException tooLarge(CompressionType type, int maxBytes) {
        return new IOException(type + " data decompresses to more than " + maxBytes + " bytes");
    }
}
