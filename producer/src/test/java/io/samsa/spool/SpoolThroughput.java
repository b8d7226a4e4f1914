package io.samsa.spool;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Rough appends per second for 100-byte entries under each sync policy; run by hand, never by the build:
 * {@code java -cp producer/target/classes:producer/target/test-classes:<slf4j-api.jar> io.samsa.spool.SpoolThroughput
 * [dir] [seconds]}. One appender thread for OS and INTERVAL (append only), eight for ALWAYS (append then
 * awaitDurable, the group commit case).
 */
public final class SpoolThroughput {
    private SpoolThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path base = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("spool-throughput");
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 5;
        // Warm-up, so that the first policy measured is not the one paying for the JIT.
        run(base.resolve("warm-up"), SpoolOptions.builder().syncPolicy(SyncPolicy.OS).build(), 1, false, 2, false);
        run(base.resolve("os"), SpoolOptions.builder().syncPolicy(SyncPolicy.OS).build(), 1, false, seconds, true);
        run(base.resolve("interval"), SpoolOptions.builder().syncInterval(5).build(), 1, false, seconds, true);
        run(base.resolve("interval-await"), SpoolOptions.builder().syncInterval(5).build(), 8, true, seconds, true);
        SpoolOptions always = SpoolOptions.builder().syncPolicy(SyncPolicy.ALWAYS).build();
        run(base.resolve("always"), always, 8, true, seconds, true);
    }

    private static void run(Path dir, SpoolOptions options, int threads, boolean await, long seconds,
                            boolean print) throws Exception {
        LongAdder appends = new LongAdder();
        long syncs;
        long elapsed;
        try (SpoolLog spool = SpoolLog.open(dir, options)) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long start = System.nanoTime();
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(CompletableFuture.runAsync(() -> {
                    ByteBuffer payload = ByteBuffer.allocate(100);
                    try {
                        while (System.nanoTime() < end) {
                            long position = spool.append((byte) 1, payload);
                            if (await && !spool.awaitDurable(position, 30, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("not durable within 30 s");
                            }
                            appends.increment();
                            if ((position & 0xFFFFF) < 109) {
                                spool.release(position);
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(seconds + 60, TimeUnit.SECONDS);
            elapsed = System.nanoTime() - start;
            syncs = spool.syncCount();
        }
        if (!print) {
            return;
        }
        double perSecond = appends.sum() / (elapsed / 1e9);
        System.out.printf("%-34s %2d thread(s)%s: %,12.0f appends/s, %,d fsyncs%n", options.syncPolicy()
                + (options.syncPolicy() == SyncPolicy.INTERVAL ? "(" + options.syncIntervalMs() + " ms)" : ""),
                threads, await ? " + awaitDurable" : "", perSecond, syncs);
    }
}
