package io.samsa.demo;

import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.clients.producer.KafkaProducer;
import io.samsa.clients.producer.ProducerRecord;
import io.samsa.clients.producer.RecordMetadata;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The README's demo, which is the seed article's {@code KafkaProducerExample}: ten records
 * {@code key0..key9 / value0..value9} to {@code test-topic}, configured with Apache Kafka's own serializer class
 * names. It starts a real Apache Kafka broker (KRaft, forked JVM, loopback), prints where each record landed,
 * then reads them back with Apache Kafka's own consumer.
 *
 * <p>Arguments: none (embedded broker), or a bootstrap string to use an existing cluster. There, a missing
 * {@code test-topic} is created with 3 partitions (the cluster's default replication factor); an existing one is
 * used as it is, with a note when its partition count differs from the README's 3 (the records then land on
 * other partitions), and only the ten records this run wrote are read back, whatever the topic held before.
 */
public final class Demo {
    static final String TOPIC = "test-topic";
    static final int PARTITIONS = 3;
    static final int RECORDS = 10;
    /** How long the demo waits for an external cluster's answers and for the records to be read back. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        run(args, System.out);
    }

    /** The demo, printing to {@code out} (the test reads what it printed). */
    static void run(String[] args, PrintStream out) throws Exception {
        EmbeddedKafkaCluster embedded = null;
        String bootstrap;
        int partitions;
        if (args.length > 0) {
            bootstrap = args[0];
            partitions = ensureTopic(bootstrap, out);
        } else {
            long start = System.nanoTime();
            out.println("Starting an embedded Apache Kafka broker (KRaft) ...");
            embedded = EmbeddedKafkaCluster.builder().nodes(1).build().start();
            bootstrap = embedded.bootstrapServers();
            out.printf("Kafka %s is up at %s (%.1f s)%n", embedded.version(), bootstrap,
                    (System.nanoTime() - start) / 1e9);
            embedded.createTopic(TOPIC, PARTITIONS, 1);
            partitions = PARTITIONS;
        }
        try {
            List<RecordMetadata> written = produce(bootstrap, out);
            readBack(bootstrap, partitions, written, out);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /**
     * On an external cluster: makes sure {@code test-topic} exists (creating it with {@link #PARTITIONS}
     * partitions if missing) and returns its partition count. Fails with a message naming the address or the
     * topic when the cluster cannot be reached or the topic cannot be created.
     */
    private static int ensureTopic(String bootstrap, PrintStream out) throws InterruptedException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) WAIT.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) WAIT.toMillis());
        try (Admin admin = Admin.create(props)) {
            try {
                TopicDescription d = admin.describeTopics(List.of(TOPIC)).allTopicNames()
                        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).get(TOPIC);
                int n = d.partitions().size();
                if (n != PARTITIONS) {
                    out.printf("Note: %s at %s has %d partitions, not %d: the records land on other partitions "
                            + "than the README shows.%n", TOPIC, bootstrap, n, PARTITIONS);
                }
                return n;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                    // The admin client's own deadline (the same WAIT) can end first: still nobody answered.
                    throw unreachable(bootstrap);
                }
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("Could not describe topic " + TOPIC + " at " + bootstrap + ": "
                            + e.getCause(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw unreachable(bootstrap);
            }
            try {
                admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(PARTITIONS), Optional.empty())))
                        .all().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                out.printf("Created topic %s (%d partitions) at %s%n", TOPIC, PARTITIONS, bootstrap);
                return PARTITIONS;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    return ensureTopic(bootstrap, out); // someone else created it meanwhile
                }
                throw new IllegalStateException("Topic " + TOPIC + " does not exist at " + bootstrap
                        + " and could not be created (" + e.getCause() + "); create it with " + PARTITIONS
                        + " partitions and run the demo again", e.getCause());
            } catch (TimeoutException e) {
                throw unreachable(bootstrap);
            }
        }
    }

    private static IllegalStateException unreachable(String bootstrap) {
        return new IllegalStateException("No Kafka broker at " + bootstrap + " answered within " + WAIT.toSeconds()
                + " s; check the address given to the demo (host:port[,host:port...])");
    }

    /**
     * The seed's example, with Samsa's imports; it also prints each record's partition and offset. The producer
     * is closed whatever happens (try-with-resources): a send that throws must not leave its threads running.
     */
    private static List<RecordMetadata> produce(String bootstrap, PrintStream out) throws Exception {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrap);
        properties.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        properties.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");

        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            for (int i = 0; i < RECORDS; i++) {
                sent.add(producer.send(new ProducerRecord<>(TOPIC, "key" + i, "value" + i)));
            }
        }

        List<RecordMetadata> written = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            RecordMetadata md;
            try {
                md = sent.get(i).get(0, TimeUnit.SECONDS); // complete: close() waited for them
            } catch (ExecutionException e) {
                throw new IllegalStateException("key" + i + " was not written to " + TOPIC + " at " + bootstrap
                        + ": " + e.getCause().getMessage(), e.getCause());
            }
            out.printf("key%d -> partition %d, offset %d%n", i, md.partition(), md.offset());
            written.add(md);
        }
        out.printf("%d records sent to topic %s%n", RECORDS, TOPIC);
        return written;
    }

    /**
     * Reads back, with Apache Kafka's consumer, exactly the records this run wrote (from the first offset it
     * wrote in each partition, so older records of an existing topic are skipped) and prints key(value) per
     * record, by key.
     */
    private static void readBack(String bootstrap, int partitions, List<RecordMetadata> written, PrintStream out) {
        Map<TopicPartition, Long> from = new HashMap<>();
        Set<String> ours = new HashSet<>();
        for (RecordMetadata md : written) {
            from.merge(new TopicPartition(TOPIC, md.partition()), md.offset(), Math::min);
            ours.add(md.partition() + "@" + md.offset());
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (all.size() < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (ours.contains(r.partition() + "@" + r.offset())) {
                        all.add(r);
                    }
                }
            }
        }
        out.println("Read back with Apache Kafka's consumer:");
        all.sort((a, b) -> a.key().compareTo(b.key()));
        for (ConsumerRecord<String, String> r : all) {
            out.println(r.key() + "(" + r.value() + ")");
        }
        if (all.size() != RECORDS) {
            throw new IllegalStateException("read back " + all.size() + " of " + RECORDS + " records from " + TOPIC
                    + " (" + partitions + " partitions) at " + bootstrap + " within " + WAIT.toSeconds() + " s");
        }
    }
}
