package io.samsa.demo;

import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.producer.KafkaProducer;
import io.samsa.producer.ProducerRecord;
import io.samsa.producer.RecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The README's demo, which is the seed article's {@code KafkaProducerExample}: ten records
 * {@code key0..key9 / value0..value9} to {@code test-topic}, configured with Apache Kafka's own serializer class
 * names. It starts a real Apache Kafka broker (KRaft, forked JVM, loopback), prints where each record landed,
 * then reads them back with Apache Kafka's own consumer.
 *
 * <p>Arguments: none (embedded broker), or a bootstrap string to use an existing cluster.
 */
public final class Demo {
    private static final String TOPIC = "test-topic";
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 10;

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedKafkaCluster embedded = null;
        String bootstrap;
        if (args.length > 0) {
            bootstrap = args[0];
        } else {
            long start = System.nanoTime();
            System.out.println("Starting an embedded Apache Kafka broker (KRaft) ...");
            embedded = EmbeddedKafkaCluster.builder().nodes(1).build().start();
            bootstrap = embedded.bootstrapServers();
            System.out.printf("Kafka %s is up at %s (%.1f s)%n", embedded.version(), bootstrap,
                    (System.nanoTime() - start) / 1e9);
            embedded.createTopic(TOPIC, PARTITIONS, 1);
        }
        try {
            produce(bootstrap);
            readBack(bootstrap);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** The seed's example, with Samsa's imports; it also prints each record's partition and offset. */
    private static void produce(String bootstrap) throws Exception {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrap);
        properties.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        properties.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");

        KafkaProducer<String, String> producer = new KafkaProducer<>(properties);
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            sent.add(producer.send(new ProducerRecord<>(TOPIC, "key" + i, "value" + i)));
        }
        producer.close();

        for (int i = 0; i < RECORDS; i++) {
            RecordMetadata md = sent.get(i).get(0, TimeUnit.SECONDS); // complete: close() waited for them
            System.out.printf("key%d -> partition %d, offset %d%n", i, md.partition(), md.offset());
        }
        System.out.printf("%d records sent to topic %s%n", RECORDS, TOPIC);
    }

    /** Reads the topic from the beginning with Apache Kafka's consumer and prints key(value) per record. */
    private static void readBack(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<org.apache.kafka.common.TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                tps.add(new org.apache.kafka.common.TopicPartition(TOPIC, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (all.size() < RECORDS && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        System.out.println("Read back with Apache Kafka's consumer:");
        all.sort((a, b) -> a.key().compareTo(b.key()));
        for (ConsumerRecord<String, String> r : all) {
            System.out.println(r.key() + "(" + r.value() + ")");
        }
        if (all.size() != RECORDS) {
            throw new IllegalStateException("read back " + all.size() + " of " + RECORDS + " records");
        }
    }
}
