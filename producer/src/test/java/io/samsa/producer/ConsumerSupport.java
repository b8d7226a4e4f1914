package io.samsa.producer;

import io.samsa.kafka.embedded.KafkaTestCluster;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Reads a topic back with Apache Kafka's own consumer: the independent check of what Samsa wrote. */
final class ConsumerSupport {
    private ConsumerSupport() {
    }

    /** Every record of the topic from the beginning, until {@code expected} arrived or 120 s passed. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaTestCluster kafka, String topic, int partitions,
                                                        long expected) {
        Properties props = new Properties();
        props.putAll(kafka.clientConfigs());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(50 * 1024 * 1024));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(10 * 1024 * 1024));
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            long quietUntil = 0;
            while (System.nanoTime() < deadline) {
                int n = 0;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(r);
                    n++;
                }
                if (out.size() >= expected) {
                    // Keep reading briefly: duplicates beyond the expected count must be seen, not missed.
                    if (quietUntil == 0) {
                        quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                    } else if (n == 0 && System.nanoTime() > quietUntil) {
                        break;
                    }
                }
            }
        }
        return out;
    }
}
