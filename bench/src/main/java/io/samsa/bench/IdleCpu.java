package io.samsa.bench;

import io.samsa.clients.producer.KafkaProducer;
import io.samsa.clients.producer.ProducerRecord;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What an idle producer costs: connected, its metadata fresh, nothing to send. Sends 1,000 records (so that the
 * connections, the producer id and the metadata are all in place), waits two seconds, then measures the process's
 * CPU and each producer thread's over the given seconds of idleness. The measuring thread only sleeps meanwhile.
 *
 * <pre>
 *   ./samsa broker --topic idle:6 --for 600 &amp;
 *   java -cp bench/target/benchmarks.jar io.samsa.bench.IdleCpu 127.0.0.1:PORT idle 60
 * </pre>
 */
public final class IdleCpu {
    private IdleCpu() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: IdleCpu BOOTSTRAP TOPIC SECONDS");
            System.exit(2);
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", args[0]);
        p.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        int seconds = Integer.parseInt(args[2]);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < 1_000; i++) {
                producer.send(new ProducerRecord<>(args[1], new byte[100])).get(30, TimeUnit.SECONDS);
            }
            Thread.sleep(2_000);
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<Long, Long> before = threadCpu(threads);
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1_000L);
            long cpu1 = os.getProcessCpuTime();
            long t1 = System.nanoTime();
            Map<Long, Long> after = threadCpu(threads);
            double wall = (t1 - t0) / 1e9;
            System.out.printf("idle %d s: process %.3f ms CPU per second (%.4f%% of a core)%n", seconds,
                    (cpu1 - cpu0) / 1e6 / wall, 100.0 * (cpu1 - cpu0) / (t1 - t0));
            for (Map.Entry<Long, Long> e : after.entrySet()) {
                ThreadInfo info = threads.getThreadInfo(e.getKey());
                if (info != null && info.getThreadName().startsWith("samsa-")) {
                    long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                    System.out.printf("  %-36s %.3f ms CPU per second%n", info.getThreadName(), used / 1e6 / wall);
                }
            }
        }
    }

    private static Map<Long, Long> threadCpu(ThreadMXBean threads) {
        Map<Long, Long> out = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long t = threads.getThreadCpuTime(id);
            if (t >= 0) {
                out.put(id, t);
            }
        }
        return out;
    }
}
