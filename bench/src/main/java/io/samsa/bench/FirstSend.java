package io.samsa.bench;

import io.samsa.clients.producer.KafkaProducer;
import io.samsa.clients.producer.ProducerRecord;

import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The first produce round trip of a fresh JVM, which {@code ColdStart} exists for: builds a producer, waits for
 * the topic's metadata, then times one send to its callback. Run it in a new JVM each time, against a broker
 * that has already taken some records (so the broker's own first-request costs stay out):
 *
 * <pre>
 *   ./samsa broker --topic first:1 --for 600 &amp;
 *   java -cp bench/target/benchmarks.jar io.samsa.bench.FirstSend 127.0.0.1:PORT first
 * </pre>
 *
 * Prints the constructor's time and the first send's time to its callback, in ms.
 */
public final class FirstSend {
    private FirstSend() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: FirstSend BOOTSTRAP TOPIC");
            System.exit(2);
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", args[0]);
        p.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        p.put("linger.ms", "0");
        long c0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            long c1 = System.nanoTime();
            producer.partitionsFor(args[1]);
            CountDownLatch done = new CountDownLatch(1);
            long t0 = System.nanoTime();
            producer.send(new ProducerRecord<>(args[1], new byte[100]), (md, e) -> done.countDown());
            if (!done.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no callback within 30 s");
            }
            long t1 = System.nanoTime();
            System.out.printf("constructor_ms=%.1f first_send_to_callback_ms=%.1f%n", (c1 - c0) / 1e6,
                    (t1 - t0) / 1e6);
        }
    }
}
