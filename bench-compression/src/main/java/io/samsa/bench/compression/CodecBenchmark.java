package io.samsa.bench.compression;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Compares the candidate libraries for each Kafka codec on the records section of realistic batches
 * ({@link BatchShapes}): compression and decompression speed on one thread (so MB/s is per core) and the
 * compressed size. Each candidate runs in Kafka's framing granularity (gzip: one deflate stream; lz4: 64 KiB
 * independent blocks; snappy: 32 KiB blocks as xerial framing does; zstd: one frame), with the libraries'
 * one-shot array APIs - what a compress-at-drain producer calls.
 *
 * <p>Reading the results: {@code inputBytes} (aux counter, bytes/s) is the uncompressed MB/s per core;
 * {@code outputBytes / inputBytes} is the compressed fraction (lower is better).
 *
 * <pre>
 * mvn -B -q -pl bench-compression -am package -DskipTests
 * java -cp "bench-compression/target/classes:$(cat bench-compression/target/cp.txt)" org.openjdk.jmh.Main \
 *      CodecBenchmark -rf json -rff target/codecs.json
 * </pre>
 * (see BENCHMARKS.md for the classpath step and the figures).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class CodecBenchmark {

    @Param({"jdk-gzip", "lz4java-lz4", "air-lz4", "snappyjava-snappy", "air-snappy", "zstdjni-zstd", "air-zstd"})
    public String candidate;

    @Param({"json-100b-16k", "json-1k-16k", "json-1k-64k"})
    public String shape;

    private byte[] input;
    private byte[] compressed;
    private int compressedLength;
    private byte[] out;
    private byte[] restored;

    private Deflater deflater;
    private Inflater inflater;
    private LZ4Compressor lz4;
    private LZ4SafeDecompressor lz4d;
    private io.airlift.compress.lz4.Lz4Compressor airLz4;
    private io.airlift.compress.lz4.Lz4Decompressor airLz4d;
    private io.airlift.compress.snappy.SnappyCompressor airSnappy;
    private io.airlift.compress.snappy.SnappyDecompressor airSnappyd;
    private ZstdCompressCtx zstd;
    private ZstdDecompressCtx zstdd;
    private io.airlift.compress.zstd.ZstdCompressor airZstd;
    private io.airlift.compress.zstd.ZstdDecompressor airZstdd;

    /** Bytes in and out per second: JMH prints them beside the op rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Bytes {
        public long inputBytes;
        public long outputBytes;

        @Setup(Level.Iteration)
        public void reset() {
            inputBytes = 0;
            outputBytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        input = BatchShapes.recordsSection(shape);
        out = new byte[input.length * 2 + 1024];
        restored = new byte[input.length];
        deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        inflater = new Inflater(true);
        lz4 = LZ4Factory.fastestInstance().fastCompressor();
        lz4d = LZ4Factory.fastestInstance().safeDecompressor();
        airLz4 = new io.airlift.compress.lz4.Lz4Compressor();
        airLz4d = new io.airlift.compress.lz4.Lz4Decompressor();
        airSnappy = new io.airlift.compress.snappy.SnappyCompressor();
        airSnappyd = new io.airlift.compress.snappy.SnappyDecompressor();
        zstd = new ZstdCompressCtx().setLevel(3);
        zstdd = new ZstdDecompressCtx();
        airZstd = new io.airlift.compress.zstd.ZstdCompressor();
        airZstdd = new io.airlift.compress.zstd.ZstdDecompressor();
        compressedLength = compress();
        compressed = java.util.Arrays.copyOf(out, compressedLength);
        int n = decompress();
        if (n != input.length || !java.util.Arrays.equals(restored, input)) {
            throw new IllegalStateException(candidate + " did not round-trip " + shape);
        }
        System.out.printf("%n%s on %s: %d -> %d bytes (%.3f)%n", candidate, shape, input.length,
                compressedLength, compressedLength / (double) input.length);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        deflater.end();
        inflater.end();
        zstd.close();
        zstdd.close();
    }

    @Benchmark
    public int compress(Bytes bytes) throws IOException {
        int n = compress();
        bytes.inputBytes += input.length;
        bytes.outputBytes += n;
        return n;
    }

    @Benchmark
    public int decompress(Bytes bytes) throws IOException {
        int n = decompress();
        bytes.inputBytes += n;
        bytes.outputBytes += compressedLength;
        return n;
    }

    private int compress() throws IOException {
        switch (candidate) {
            case "jdk-gzip": {
                deflater.reset();
                deflater.setInput(input);
                deflater.finish();
                int n = 10; // gzip header
                while (!deflater.finished()) {
                    n += deflater.deflate(out, n, out.length - n);
                }
                CRC32 crc = new CRC32(); // the gzip trailer's CRC is part of the cost
                crc.update(input);
                return n + 8 + (int) (crc.getValue() & 0);
            }
            case "lz4java-lz4":
                return blocks(64 * 1024, (src, off, len, dst, dstOff) ->
                        lz4.compress(src, off, len, dst, dstOff, dst.length - dstOff));
            case "air-lz4":
                return blocks(64 * 1024, (src, off, len, dst, dstOff) ->
                        airLz4.compress(src, off, len, dst, dstOff, dst.length - dstOff));
            case "snappyjava-snappy":
                return blocks(32 * 1024, (src, off, len, dst, dstOff) -> Snappy.compress(src, off, len, dst, dstOff));
            case "air-snappy":
                return blocks(32 * 1024, (src, off, len, dst, dstOff) ->
                        airSnappy.compress(src, off, len, dst, dstOff, dst.length - dstOff));
            case "zstdjni-zstd":
                return zstd.compressByteArray(out, 0, out.length, input, 0, input.length);
            case "air-zstd":
                return airZstd.compress(input, 0, input.length, out, 0, out.length);
            default:
                throw new IllegalArgumentException(candidate);
        }
    }

    private int decompress() throws IOException {
        byte[] src = compressed != null ? compressed : out;
        int srcLen = compressedLength;
        switch (candidate) {
            case "jdk-gzip": {
                inflater.reset();
                inflater.setInput(src, 10, srcLen - 18);
                int n = 0;
                try {
                    while (!inflater.finished() && n < restored.length) {
                        n += inflater.inflate(restored, n, restored.length - n);
                    }
                } catch (DataFormatException e) {
                    throw new IOException(e);
                }
                CRC32 crc = new CRC32();
                crc.update(restored, 0, n);
                return n + (int) (crc.getValue() & 0);
            }
            case "lz4java-lz4":
                return unblocks(src, srcLen, (s, off, len, dst, dstOff) ->
                        lz4d.decompress(s, off, len, dst, dstOff, dst.length - dstOff));
            case "air-lz4":
                return unblocks(src, srcLen, (s, off, len, dst, dstOff) ->
                        airLz4d.decompress(s, off, len, dst, dstOff, dst.length - dstOff));
            case "snappyjava-snappy":
                return unblocks(src, srcLen, (s, off, len, dst, dstOff) -> Snappy.uncompress(s, off, len, dst, dstOff));
            case "air-snappy":
                return unblocks(src, srcLen, (s, off, len, dst, dstOff) ->
                        airSnappyd.decompress(s, off, len, dst, dstOff, dst.length - dstOff));
            case "zstdjni-zstd":
                return zstdd.decompressByteArray(restored, 0, restored.length, src, 0, srcLen);
            case "air-zstd":
                return airZstdd.decompress(src, 0, srcLen, restored, 0, restored.length);
            default:
                throw new IllegalArgumentException(candidate);
        }
    }

    @FunctionalInterface
    private interface BlockCodec {
        int apply(byte[] src, int off, int len, byte[] dst, int dstOff) throws IOException;
    }

    /** Independent blocks, each prefixed by its 4-byte length (the framing both lz4 and xerial snappy use). */
    private int blocks(int blockSize, BlockCodec codec) throws IOException {
        int n = 0;
        for (int off = 0; off < input.length; off += blockSize) {
            int len = Math.min(blockSize, input.length - off);
            int c = codec.apply(input, off, len, out, n + 4);
            out[n] = (byte) (c >>> 24);
            out[n + 1] = (byte) (c >>> 16);
            out[n + 2] = (byte) (c >>> 8);
            out[n + 3] = (byte) c;
            n += 4 + c;
        }
        return n;
    }

    private int unblocks(byte[] src, int srcLen, BlockCodec codec) throws IOException {
        int n = 0;
        for (int off = 0; off < srcLen; ) {
            int c = ((src[off] & 0xff) << 24) | ((src[off + 1] & 0xff) << 16) | ((src[off + 2] & 0xff) << 8)
                    | (src[off + 3] & 0xff);
            n += codec.apply(src, off + 4, c, restored, n);
            off += 4 + c;
        }
        return n;
    }

    static {
        // Fail fast if a native library cannot load here, rather than mid-benchmark.
        Zstd.defaultCompressionLevel();
    }
}
