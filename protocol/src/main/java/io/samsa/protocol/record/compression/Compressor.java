package io.samsa.protocol.record.compression;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Compresses record sections with one codec at one level, reusing its state (deflater, zstd context, output
 * scratch) from call to call. The producer keeps one, owned by its I/O thread, which compresses each batch once
 * when it is drained (see {@code RecordBatchBuilder#compress}).
 *
 * <p>Thread-safety: none; one thread at a time.
 */
public final class Compressor implements AutoCloseable {
    private final CompressionType type;
    private final int level;
    private final Codec codec;
    /** Output scratch, grown to the largest batch seen; the result is copied out at its exact size. */
    private final Sink scratch = new Sink(16 * 1024);

    private Compressor(CompressionType type, int level, Codec codec) {
        this.type = type;
        this.level = level;
        this.codec = codec;
    }

    /**
     * A compressor for {@code type} at {@code level} (ignored by codecs without levels).
     *
     * @throws CodecUnavailableException naming the artifact to add if the codec's library is missing or cannot load
     * @throws IllegalArgumentException  for {@code none} or a level outside the codec's range
     */
    public static Compressor create(CompressionType type, int level) {
        if (type == CompressionType.NONE) {
            throw new IllegalArgumentException("compression type none needs no compressor");
        }
        if (!type.isValidLevel(level)) {
            throw new IllegalArgumentException("invalid " + type + " level " + level + " (compression." + type
                    + ".level: " + type.minLevel() + ".." + type.maxLevel()
                    + (type == CompressionType.GZIP ? " or -1" : "") + ")");
        }
        Compression.requireAvailable(type);
        return new Compressor(type, level, Compression.newCodec(type, level));
    }

    public CompressionType type() {
        return type;
    }

    public int level() {
        return level;
    }

    /**
     * Compresses {@code src} (position to limit; not changed) into a new heap buffer of exactly
     * {@code headroom} + compressed bytes, whose first {@code headroom} bytes are left zero for the caller (a batch
     * header).
     *
     * @param src      the bytes to compress
     * @param headroom the bytes to leave zero before the compressed ones
     * @return the new buffer, positioned at 0, its limit at its capacity
     */
    public ByteBuffer compress(ByteBuffer src, int headroom) {
        return compress(src, headroom, size -> null);
    }

    /**
     * As {@link #compress(ByteBuffer, int)}, into a buffer the caller may supply: {@code destination} is given the
     * result's exact size ({@code headroom} + compressed bytes) and returns a heap buffer of at least that capacity
     * to write it into, or null for a new buffer of exactly that size. The result is positioned at 0 with its limit
     * at the size (its capacity may be larger). A caller that keeps buffers for reuse - the producer's pool - saves
     * a new array per batch, which would otherwise live as long as the batch is in flight.
     *
     * @throws IllegalArgumentException if {@code destination} returns a buffer that is too small or read-only
     */
    public ByteBuffer compress(ByteBuffer src, int headroom, IntFunction<ByteBuffer> destination) {
        byte[] in;
        int off;
        int len = src.remaining();
        if (src.hasArray()) {
            in = src.array();
            off = src.arrayOffset() + src.position();
        } else {
            in = new byte[len];
            src.duplicate().get(in);
            off = 0;
        }
        scratch.reset();
        scratch.ensure(headroom);
        Arrays.fill(scratch.buf, 0, headroom, (byte) 0);
        scratch.pos = headroom;
        codec.compress(in, off, len, scratch);
        ByteBuffer into = destination.apply(scratch.pos);
        if (into == null) {
            return ByteBuffer.wrap(Arrays.copyOf(scratch.buf, scratch.pos));
        }
        if (into.capacity() < scratch.pos || into.isReadOnly() || !into.hasArray()) {
            throw new IllegalArgumentException("destination for " + scratch.pos + " compressed bytes is "
                    + (into.isReadOnly() ? "read-only" : !into.hasArray() ? "not a heap buffer"
                    : "too small (" + into.capacity() + " bytes)"));
        }
        into.clear();
        into.put(scratch.buf, 0, scratch.pos);
        return into.flip();
    }

    @Override
    public void close() {
        codec.close();
    }

    @Override
    public String toString() {
        return "Compressor(" + type + (type.hasLevels() ? ", level " + level : "") + ")";
    }
}
