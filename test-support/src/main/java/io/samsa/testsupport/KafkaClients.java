package io.samsa.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Apache Kafka's own producer and consumer, as the independent witness that a cluster really works and of what a
 * test wrote to it. Every module's tests read records back through {@link #readAll}. Each method takes the
 * cluster's client settings ({@code KafkaTestCluster.clientConfigs()}: bootstrap servers and, for a secured
 * listener, its security settings), so this module does not depend on kafka-embedded and kafka-embedded's own
 * tests can use it. Test scope only: it brings kafka-clients, which the library never depends on.
 */
public final class KafkaClients {
    /** How long a read waits for the expected records before it returns what it has. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
    /**
     * Once the expected count has arrived, reading goes on until a poll comes back empty at least this long after:
     * records beyond the expected count (duplicates) are seen, not missed.
     */
    static final Duration SETTLE = Duration.ofSeconds(2);

    private KafkaClients() {
    }

    /** Sends one record with acks=all and waits for it to be acknowledged. */
    public static RecordMetadata produce(Map<String, ?> clientConfigs, String topic, int partition, String key, String value) throws Exception {
        Map<String, Object> config = new HashMap<>(clientConfigs);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(topic, partition, key, value)).get();
        }
    }

    /**
     * Every record of partitions 0..{@code partitions}-1 of the topic, from the beginning, as bytes: read until
     * {@code expected} records arrived and no more come (see {@link #SETTLE}), or {@link #READ_TIMEOUT} passed.
     * Returns what was read, each partition's records in offset order; the caller checks the count.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(Map<String, ?> clientConfigs, String topic, int partitions,
                                                               long expected) {
        return readAll(clientConfigs, topic, partitions, expected, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** {@link #readAll(Map, String, int, long)} with the given deserializers. */
    public static <K, V> List<ConsumerRecord<K, V>> readAll(Map<String, ?> clientConfigs, String topic, int partitions,
                                                            long expected, Deserializer<K> keys, Deserializer<V> values) {
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        return read(clientConfigs, tps, expected, READ_TIMEOUT, null, keys, values);
    }

    /**
     * Reads one partition from the start, as {@link #readAll} does, but as a member of a consumer group that
     * commits what it read at the end (exercises the group coordinator and {@code __consumer_offsets}).
     *
     * @throws AssertionError if fewer than {@code count} records arrived within {@code timeout}
     */
    public static List<ConsumerRecord<String, String>> consume(Map<String, ?> clientConfigs, String topic, int partition, int count,
                                                               Duration timeout) {
        List<ConsumerRecord<String, String>> records = read(clientConfigs, List.of(new TopicPartition(topic, partition)), count,
                timeout, "samsa-test-" + topic, new StringDeserializer(), new StringDeserializer());
        if (records.size() < count) {
            throw new AssertionError("read " + records.size() + " of " + count + " records from " + topic + "-" + partition
                    + " within " + timeout.toSeconds() + " s: " + records);
        }
        return records;
    }

    private static <K, V> List<ConsumerRecord<K, V>> read(Map<String, ?> clientConfigs, List<TopicPartition> partitions,
                                                          long expected, Duration timeout, String group,
                                                          Deserializer<K> keys, Deserializer<V> values) {
        Map<String, Object> config = new HashMap<>(clientConfigs);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 50 * 1024 * 1024);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 10 * 1024 * 1024);
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config, keys, values)) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = 0;
            while (System.nanoTime() < deadline) {
                int n = 0;
                for (ConsumerRecord<K, V> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(r);
                    n++;
                }
                if (out.size() >= expected) {
                    if (settleUntil == 0) {
                        settleUntil = System.nanoTime() + SETTLE.toNanos();
                    } else if (n == 0 && System.nanoTime() > settleUntil) {
                        break;
                    }
                }
            }
            if (group != null && out.size() >= expected) {
                consumer.commitSync(Duration.ofSeconds(30));
            }
        }
        return out;
    }
}
