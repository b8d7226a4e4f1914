package io.samsa.protocol.record.compression;


import io.samsa.protocol.types.ProtocolException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Codec availability and decompression.
 *
 * <h2>Optional libraries</h2>
 * Only gzip comes with the JDK; snappy, lz4 and zstd need a library that is an <em>optional</em> dependency of
 * {@code samsa-protocol} (see {@link CompressionType#artifact()}). {@link #requireAvailable} is called when a
 * producer is constructed: a missing library, or a native part that cannot load on this platform, fails there
 * with a {@link CodecUnavailableException} naming the {@code groupId:artifactId} to add - not at the first send.
 * The codec classes that touch a library ({@code SnappyCodec}, ...) are only loaded after that check, so a
 * missing library never surfaces as a {@code NoClassDefFoundError} from somewhere else.
 *
 * <p>Thread-safety: all methods may be called from any thread.
 */
public final class Compression {

    /**
     * The most bytes {@link #decompress} produces unless told otherwise: far above any real batch (brokers cap
     * compressed batches at about 1 MiB by default), low enough that a corrupt or hostile batch cannot exhaust
     * the heap.
     */
    public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

    private Compression() {
    }

    /**
     * Checks that the codec can run here: its library is on the class path and, for native libraries, loads and
     * round-trips a few bytes.
     *
     * @throws CodecUnavailableException naming the codec and the artifact to add
     */
    public static void requireAvailable(CompressionType type) {
        requireOnClassPath(type, Compression.class.getClassLoader());
        if (type == CompressionType.NONE) {
            return;
        }
        try {
            Codec codec = newCodec(type, type.defaultLevel());
            try {
                byte[] probe = "samsa".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                Sink out = new Sink(64);
                codec.compress(probe, 0, probe.length, out);
                Sink back = new Sink(16);
                decode(type, out.buf, 0, out.pos, back, 1024);
                if (back.pos != probe.length) {
                    throw new IOException("round trip gave " + back.pos + " bytes instead of " + probe.length);
                }
            } finally {
                codec.close();
            }
        } catch (LinkageError | IOException | RuntimeException e) {
            throw new CodecUnavailableException(type, "compression.type=" + type + " cannot run on this platform ("
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + "): the library "
                    + type.artifact() + " is on the class path but failed: " + e, e);
        }
    }

    /**
     * The class-path half of {@link #requireAvailable}, against a given class loader (tests hide a library
     * with one).
     *
     * @throws CodecUnavailableException naming the codec and the artifact to add
     */
    static void requireOnClassPath(CompressionType type, ClassLoader loader) {
        String probe = type.probeClass();
        if (probe == null) {
            return;
        }
        try {
            Class.forName(probe, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CodecUnavailableException(type, "compression.type=" + type + " needs the library "
                    + type.artifact() + ", which is not on the class path. It is an optional dependency of Samsa: "
                    + "add " + type.artifact() + " to your build (Maven: <groupId>" + groupId(type)
                    + "</groupId><artifactId>" + artifactId(type) + "</artifactId>), or choose another "
                    + "compression.type", e);
        }
    }

    private static String groupId(CompressionType type) {
        return type.artifact().substring(0, type.artifact().indexOf(':'));
    }

    private static String artifactId(CompressionType type) {
        return type.artifact().substring(type.artifact().indexOf(':') + 1);
    }

    /** A fresh codec; the caller checked availability. */
    static Codec newCodec(CompressionType type, int level) {
        if (!type.isValidLevel(level)) {
            throw new IllegalArgumentException("invalid " + type + " level " + level + " (compression." + type
                    + ".level: " + type.minLevel() + ".." + type.maxLevel()
                    + (type == CompressionType.GZIP ? " or -1" : "") + ")");
        }
        switch (type) {
            case GZIP:
                return new GzipCodec(level);
            case SNAPPY:
                return new SnappyCodec();
            case LZ4:
                return new Lz4Codec(level);
            case ZSTD:
                return new ZstdCodec(level);
            default:
                throw new IllegalArgumentException("no codec for compression type " + type);
        }
    }

    /**
     * Compresses a whole message in one go at the type's default level, in the framing Kafka uses for record batches
     * (and for KIP-714 telemetry payloads). For occasional messages: each call makes and frees a codec.
     *
     * @return a heap buffer of the compressed bytes, positioned at 0 ({@code src} itself, wrapped, for NONE)
     * @throws CodecUnavailableException if the codec's library is missing
     */
    public static ByteBuffer compress(CompressionType type, byte[] src, int off, int len) {
        if (type == CompressionType.NONE) {
            return ByteBuffer.wrap(src, off, len).slice();
        }
        requireOnClassPath(type, Compression.class.getClassLoader());
        Codec codec = newCodec(type, type.defaultLevel());
        try {
            Sink out = new Sink(Math.max(64, len / 2));
            codec.compress(src, off, len, out);
            return ByteBuffer.wrap(out.buf, 0, out.pos);
        } finally {
            codec.close();
        }
    }

    /**
     * Decompresses a batch's records section.
     *
     * @param src      the compressed bytes, from position to limit (position and limit are not changed)
     * @param maxBytes the most bytes the result may have
     * @return a heap buffer of the decompressed bytes, positioned at 0
     * @throws ProtocolException         if the bytes are corrupt or decompress to more than {@code maxBytes}
     * @throws CodecUnavailableException if the codec's library is missing
     */
    public static ByteBuffer decompress(CompressionType type, ByteBuffer src, int maxBytes) {
        if (type == CompressionType.NONE) {
            return src.slice();
        }
        requireOnClassPath(type, Compression.class.getClassLoader());
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
        Sink out = new Sink(Math.min(maxBytes, Math.max(1024, len * 4)));
        try {
            decode(type, in, off, len, out, maxBytes);
        } catch (IOException e) {
            throw new ProtocolException("cannot decompress the " + type + " records section (" + len + " bytes): "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            // A library's own unchecked error on corrupt input (e.g. zstd-jni's ZstdException).
            throw new ProtocolException("cannot decompress the " + type + " records section (" + len + " bytes): "
                    + e, e);
        }
        return ByteBuffer.wrap(out.buf, 0, out.pos).slice();
    }

    /** Dispatches to the codec class's static decompression (loading that class only now). */
    static void decode(CompressionType type, byte[] src, int off, int len, Sink out, int maxBytes)
            throws IOException {
        switch (type) {
            case GZIP -> GzipCodec.decompress(src, off, len, out, maxBytes);
            case SNAPPY -> SnappyCodec.decompress(src, off, len, out, maxBytes);
            case LZ4 -> Lz4Codec.decompress(src, off, len, out, maxBytes);
            case ZSTD -> ZstdCodec.decompress(src, off, len, out, maxBytes);
            default -> throw new IllegalArgumentException("no codec for compression type " + type);
        }
    }

    /** Reads {@code in} to its end into {@code out}, failing past {@code maxBytes}. */
    static void readFully(InputStream in, Sink out, int maxBytes, CompressionType type) throws IOException {
        int start = out.pos;
        while (true) {
            out.ensure(Math.min(64 * 1024, Math.max(1, maxBytes - (out.pos - start) + 1)));
            int room = Math.min(out.buf.length - out.pos, maxBytes - (out.pos - start) + 1);
            int n = in.read(out.buf, out.pos, room);
            if (n < 0) {
                return;
            }
            out.pos += n;
            if (out.pos - start > maxBytes) {
                throw Codec.tooLarge(type, maxBytes);
            }
        }
    }
}
