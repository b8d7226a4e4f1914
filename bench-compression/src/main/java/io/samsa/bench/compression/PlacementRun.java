package io.samsa.bench.compression;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.samsa.common.header.Header;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;
import io.samsa.protocol.record.compression.CompressionType;
import io.samsa.protocol.record.compression.Compressor;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.xerial.snappy.SnappyOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Where should compression run? A model of the producer's two threads on this machine, run for real: P
 * application threads append 1 KiB JSON-ish records into 16 KiB batches and hand full batches to one "I/O
 * thread" through a bounded queue (the accumulator), which would send them.
 *
 * <ul>
 *   <li><b>append</b>: as Apache Kafka's producer - every append also writes the record through a streaming
 *       compressor owned by the batch (the library's stream class, as Apache uses), and the appending thread
 *       finishes the stream when the batch is full. The I/O thread only takes compressed batches.</li>
 *   <li><b>drain</b>: as Samsa - appends write plain records (RecordBatchBuilder); the I/O thread compresses each
 *       batch once, when it takes it (RecordBatchBuilder.compress with a reused Compressor).</li>
 * </ul>
 * Reported: records/s and uncompressed MB/s through the pipeline; the application threads' time per append
 * (p50/p99, what {@code send()} costs the caller); and the time from "batch full" to "compressed and ready to
 * send" (p50/p99, the latency compression adds). Run by hand:
 * <pre>
 * java -cp ... io.samsa.bench.compression.PlacementRun [seconds=5] [codecs=lz4,zstd,gzip,snappy] [threads=1,2,4]
 * </pre>
 */
public final class PlacementRun {
    private static final int BATCH_BYTES = 16 * 1024;
    private static final int RECORD_BYTES = 1024;
    private static final Header[] NO_HEADERS = new Header[0];

    private record Batch(byte[] bytes, int plainBytes, int records, long fullNanos) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String[] codecs = (args.length > 1 ? args[1] : "lz4,zstd,gzip,snappy").split(",");
        int[] threads = Arrays.stream((args.length > 2 ? args[2] : "1,2,4").split(","))
                .mapToInt(Integer::parseInt).toArray();
        byte[][] values = new byte[512][];
        Random random = new Random(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = BatchShapes.jsonValue(random, RECORD_BYTES, 1_700_000_000_000L + i);
        }
        System.out.printf("cores=%d, %d s per run, %d-byte batches of %d-byte records%n",
                Runtime.getRuntime().availableProcessors(), seconds, BATCH_BYTES, RECORD_BYTES);
        System.out.println("| codec | app threads | where | records/s | MB/s (uncompressed) | append p50 / p99 (us) "
                + "| full -> ready p50 / p99 (us) |");
        System.out.println("|---|---|---|---|---|---|---|");
        // Warm-up: one short run of each mode per codec, not reported.
        for (String codec : codecs) {
            run(codec, 2, "append", 1, values, false);
            run(codec, 2, "drain", 1, values, false);
        }
        for (String codec : codecs) {
            for (int p : threads) {
                for (String mode : new String[] {"append", "drain"}) {
                    run(codec, p, mode, seconds, values, true);
                }
            }
        }
    }

    private static void run(String codec, int producers, String mode, int seconds, byte[][] values, boolean print)
            throws Exception {
        CompressionType type = CompressionType.forName(codec);
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(64);
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder records = new LongAdder();
        LongAdder plainBytes = new LongAdder();
        long[][] appendSamples = new long[producers][];
        int[] appendCounts = new int[producers];
        long[] readySamples = new long[1 << 16];
        int[] readyCount = new int[1];

        Thread[] apps = new Thread[producers];
        for (int t = 0; t < producers; t++) {
            int id = t;
            appendSamples[t] = new long[1 << 16];
            apps[t] = new Thread(() -> {
                try {
                    produce(type, mode, values, queue, stop, appendSamples[id], appendCounts, id);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "app-" + t);
        }
        Thread io = new Thread(() -> {
            try (Compressor compressor = Compressor.create(type, type.defaultLevel())) {
                while (!stop.get() || !queue.isEmpty()) {
                    Batch b = queue.poll(10, TimeUnit.MILLISECONDS);
                    if (b == null) {
                        continue;
                    }
                    if (mode.equals("drain")) {
                        ByteBuffer wire = RecordBatchBuilder.compress(ByteBuffer.wrap(b.bytes()), compressor);
                        if (wire.remaining() <= 0) {
                            throw new IllegalStateException();
                        }
                    }
                    long latency = System.nanoTime() - b.fullNanos();
                    if (readyCount[0] < readySamples.length) {
                        readySamples[readyCount[0]++] = latency;
                    }
                    records.add(b.records());
                    plainBytes.add(b.plainBytes());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "io");
        io.start();
        for (Thread a : apps) {
            a.start();
        }
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long counted = records.sum();
        long countedBytes = plainBytes.sum();
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread a : apps) {
            a.join(30_000);
        }
        io.join(30_000);
        if (!print) {
            return;
        }
        long[] all = new long[0];
        for (int t = 0; t < producers; t++) {
            int n = Math.min(appendCounts[t], appendSamples[t].length);
            long[] merged = Arrays.copyOf(all, all.length + n);
            System.arraycopy(appendSamples[t], 0, merged, all.length, n);
            all = merged;
        }
        long[] ready = Arrays.copyOf(readySamples, readyCount[0]);
        System.out.printf("| %s | %d | %s | %,.0f | %.0f | %.1f / %.1f | %.0f / %.0f |%n", codec, producers, mode,
                counted / elapsed, countedBytes / elapsed / 1e6, pct(all, 0.5) / 1e3, pct(all, 0.99) / 1e3,
                pct(ready, 0.5) / 1e3, pct(ready, 0.99) / 1e3);
    }

    /** One application thread: append until told to stop, handing full batches over. */
    private static void produce(CompressionType type, String mode, byte[][] values, BlockingQueue<Batch> queue,
                                AtomicBoolean stop, long[] samples, int[] counts, int id) throws Exception {
        Random random = new Random(id);
        long ts = System.currentTimeMillis();
        int k = 0;
        while (!stop.get()) {
            ByteBuffer buffer = ByteBuffer.allocate(BATCH_BYTES);
            RecordBatchBuilder builder = new RecordBatchBuilder(buffer);
            ByteArrayOutputStream sink = null;
            OutputStream stream = null;
            if (mode.equals("append")) {
                sink = new ByteArrayOutputStream(BATCH_BYTES);
                stream = stream(type, sink);
            }
            int n = 0;
            while (true) {
                byte[] key = ("user-" + random.nextInt(100_000)).getBytes(StandardCharsets.UTF_8);
                byte[] value = values[k++ & (values.length - 1)];
                long t0 = System.nanoTime();
                int before = builder.sizeInBytes();
                if (builder.tryAppend(ts, key, value, NO_HEADERS) < 0) {
                    break;
                }
                if (stream != null) {
                    // Apache's append path: the record's bytes go through the batch's compressing stream.
                    stream.write(buffer.array(), before, builder.sizeInBytes() - before);
                }
                long t1 = System.nanoTime();
                if ((n & 3) == 0 && counts[id] < samples.length) {
                    samples[counts[id]++] = t1 - t0;
                }
                n++;
            }
            long fullAt = System.nanoTime();
            ByteBuffer plain = builder.close(RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH,
                    RecordBatch.NO_SEQUENCE, false);
            byte[] bytes;
            if (stream != null) {
                stream.close(); // the appending thread finishes the compressed batch (Apache: on close/seal)
                byte[] compressed = sink.toByteArray();
                bytes = new byte[RecordBatch.HEADER_SIZE + compressed.length];
                System.arraycopy(plain.array(), 0, bytes, 0, RecordBatch.HEADER_SIZE);
                System.arraycopy(compressed, 0, bytes, RecordBatch.HEADER_SIZE, compressed.length);
            } else {
                bytes = Arrays.copyOf(plain.array(), plain.remaining());
            }
            while (!queue.offer(new Batch(bytes, plain.remaining(), n, fullAt), 10, TimeUnit.MILLISECONDS)) {
                if (stop.get()) {
                    return;
                }
            }
        }
    }

    private static OutputStream stream(CompressionType type, ByteArrayOutputStream sink) throws IOException {
        switch (type) {
            case GZIP:
                return new GZIPOutputStream(sink, 8 * 1024) {
                    {
                        def.setLevel(Deflater.DEFAULT_COMPRESSION);
                    }
                };
            case SNAPPY:
                return new SnappyOutputStream(sink);
            case LZ4:
                return new LZ4FrameOutputStream(sink, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB, -1L,
                        LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE);
            case ZSTD:
                return new ZstdOutputStreamNoFinalizer(sink, 3);
            default:
                throw new IllegalArgumentException(type.toString());
        }
    }

    private static double pct(long[] samples, double q) {
        if (samples.length == 0) {
            return Double.NaN;
        }
        long[] s = samples.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.floor(q * s.length))];
    }
}
