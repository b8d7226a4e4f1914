package io.samsa.clients.producer;

import io.samsa.common.serialization.ByteArraySerializer;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The producer {@link SpoolCrashIT} runs in a child JVM and kills with SIGKILL. Arguments:
 * {@code bootstrapServers topic spoolDir fsyncPolicy firstIndex lastIndexExclusive [recordsPerSecond [generation
 * [clientConfig=value ...]]]}.
 *
 * <p>Prints {@code READY} once the producer is constructed (construction replays what the spool holds), then for
 * each index {@code i} sends key {@code "k" + (i % 16)}, value {@link #value(long, int)}, and prints
 * {@code SENT i} as soon as {@code send()} returned: from that line on the record counts as reported durable.
 * At the end it flushes, closes and prints {@code DONE acked=N failed=M}.
 *
 * <p>The value carries the generation (which child run sent it) besides the index: a record the spool took but
 * that was not reported yet is replayed by the next run <em>and</em> sent again by it (the next run starts after
 * the last reported index), so the harness needs to tell the application's own resend from a duplicate the
 * producer made.
 */
public final class SpoolCrashChild {
    /** Keys per run: more keys than partitions, so several keys share a partition and order is per key. */
    static final int KEYS = 16;
    /** Index (8 bytes) then generation (4 bytes). */
    static final int VALUE_BYTES = 12;

    private SpoolCrashChild() {
    }

    static byte[] key(long index) {
        return ("k" + (index % KEYS)).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] value(long index, int generation) {
        return ByteBuffer.allocate(VALUE_BYTES).putLong(index).putInt(generation).array();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            throw new IllegalArgumentException("usage: bootstrap topic spoolDir fsync first last"
                    + " [recordsPerSec [generation [config=value ...]]]");
        }
        String bootstrap = args[0];
        String topic = args[1];
        String spoolDir = args[2];
        String fsync = args[3];
        long first = Long.parseLong(args[4]);
        long last = Long.parseLong(args[5]);
        double perSecond = args.length > 6 ? Double.parseDouble(args[6]) : 0;
        int generation = args.length > 7 ? Integer.parseInt(args[7]) : 0;

        Map<String, Object> config = new HashMap<>();
        for (int a = 8; a < args.length; a++) {
            int eq = args[a].indexOf('=');
            config.put(args[a].substring(0, eq), args[a].substring(eq + 1));
        }
        config.put("bootstrap.servers", bootstrap);
        config.put("acks", "all");
        config.put("linger.ms", 5);
        config.put("request.timeout.ms", 10_000);
        config.put("delivery.timeout.ms", 120_000);
        config.put("spool.dir", spoolDir);
        config.put("spool.fsync", fsync);
        config.put("spool.fsync.interval.ms", 50);
        config.put("spool.max.bytes", 64L * 1024 * 1024);
        // Small segments, so a run rolls and retires segments and a kill can land in either.
        config.put("spool.segment.bytes", 256 * 1024);

        // Autoflush off: each line is flushed explicitly, so it is out exactly when the harness may count it.
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.US_ASCII);
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Callback count = (metadata, exception) -> (exception == null ? acked : failed).incrementAndGet();

        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        out.println("READY");
        out.flush();

        long start = System.nanoTime();
        for (long i = first; i < last; i++) {
            if (perSecond > 0) {
                // Pacing, not waiting for anything: spreads the sends so kills land between them as well.
                long due = start + (long) ((i - first) * (TimeUnit.SECONDS.toNanos(1) / perSecond));
                long ahead = due - System.nanoTime();
                if (ahead > 0) {
                    LockSupport.parkNanos(ahead);
                }
            }
            producer.send(new ProducerRecord<>(topic, key(i), value(i, generation)), count);
            out.println("SENT " + i);
            out.flush();
        }
        producer.flush();
        producer.close();
        out.println("DONE acked=" + acked.get() + " failed=" + failed.get());
        out.flush();
    }
}
