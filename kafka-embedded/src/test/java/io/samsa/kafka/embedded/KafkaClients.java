package io.samsa.kafka.embedded;

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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Apache Kafka's own producer and consumer, as the independent witness that a cluster really works. */
public final class KafkaClients {

    private KafkaClients() {
    }

    /** Sends one record with acks=all and waits for it to be acknowledged. */
    public static RecordMetadata produce(KafkaTestCluster kafka, String topic, int partition, String key, String value) throws Exception {
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(topic, partition, key, value)).get();
        }
    }

    /** Reads a partition from the start with a consumer group until {@code count} records arrived, or fails. */
    public static List<ConsumerRecord<String, String>> consume(KafkaTestCluster kafka, String topic, int partition, int count,
                                                               Duration timeout) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "samsa-test-" + topic);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, partition)));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("read " + records.size() + " of " + count + " records from " + topic + "-" + partition
                            + " within " + timeout.toSeconds() + " s: " + records);
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            consumer.commitSync(Duration.ofSeconds(30)); // exercises the group coordinator and __consumer_offsets
        }
        return records;
    }
}
