package io.samsa.demo;

import io.samsa.client.BrokerClient;
import io.samsa.common.PartitionInfo;
import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.metadata.Cluster;
import io.samsa.metadata.TopicMetadata;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ProduceRequest;
import io.samsa.protocol.ProduceResponse;
import io.samsa.protocol.record.RecordBatchBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The README's demo: starts a real Apache Kafka broker (KRaft, forked JVM, loopback), sends the seed
 * article's ten records {@code key0..key9 / value0..value9} to {@code test-topic} over Samsa's own protocol
 * stack, prints where each landed, then reads them back with Apache Kafka's own consumer.
 *
 * <p>Until the producer API lands this drives the foundation directly: metadata, one record batch per
 * partition, one Produce request per leader (acks=all).
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
            run(bootstrap);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static void run(String bootstrap) throws Exception {
        try (BrokerClient client = BrokerClient.create(bootstrap)) {
            Cluster cluster = client.metadata(List.of(TOPIC), Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS);
            TopicMetadata topic = cluster.topic(TOPIC);
            int partitions = topic.partitionCount();

            // Record i goes to partition i % partitions (the producer's murmur2 partitioner comes with the API).
            Map<Integer, List<Integer>> recordsByPartition = new TreeMap<>();
            for (int i = 0; i < RECORDS; i++) {
                recordsByPartition.computeIfAbsent(i % partitions, p -> new ArrayList<>()).add(i);
            }
            long now = System.currentTimeMillis();
            Map<Integer, Long> baseOffsets = new TreeMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (baseOffsets.size() < recordsByPartition.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("partitions " + recordsByPartition.keySet()
                            + " not all acknowledged within 60 s; acknowledged: " + baseOffsets.keySet());
                }
                Map<Integer, ProduceRequest.Builder> requests = new TreeMap<>();
                for (Map.Entry<Integer, List<Integer>> e : recordsByPartition.entrySet()) {
                    PartitionInfo p = topic.partitions().get(e.getKey());
                    if (baseOffsets.containsKey(e.getKey()) || p.leader() == null) {
                        continue;
                    }
                    RecordBatchBuilder batch = new RecordBatchBuilder(ByteBuffer.allocate(4096));
                    for (int i : e.getValue()) {
                        batch.append(now, bytes("key" + i), bytes("value" + i), new io.samsa.common.header.Header[0]);
                    }
                    requests.computeIfAbsent(p.leader().id(), id -> ProduceRequest.builder((short) -1, 30_000))
                            .add(TOPIC, topic.topicId(), p.partition(), batch.close(-1L, (short) -1, -1, false));
                }
                boolean retry = requests.isEmpty();
                for (Map.Entry<Integer, ProduceRequest.Builder> e : requests.entrySet()) {
                    ProduceResponse response = client.send(e.getKey(), e.getValue().build()).get(60, TimeUnit.SECONDS);
                    short version = client.apiVersions(e.getKey()).get(10, TimeUnit.SECONDS)
                            .latestUsableVersion(ApiKey.PRODUCE);
                    System.out.printf("Produce v%d to broker %d answered%n", version, e.getKey());
                    for (ProduceResponse.PartitionResponse pr : response.responses().get(0).partitions()) {
                        if (pr.error().retriable()) {
                            // e.g. NOT_LEADER_OR_FOLLOWER for a topic created a moment ago: nothing was
                            // written, so refresh metadata and send that batch again.
                            retry = true;
                        } else if (pr.errorCode() != 0) {
                            throw new IllegalStateException("partition " + pr.index() + " failed: " + pr.error());
                        } else {
                            baseOffsets.put(pr.index(), pr.baseOffset());
                        }
                    }
                }
                if (retry) {
                    Thread.sleep(100); // retry backoff
                    topic = client.refreshMetadata(List.of(TOPIC), Duration.ofSeconds(30))
                            .get(60, TimeUnit.SECONDS).topic(TOPIC);
                }
            }
            for (Map.Entry<Integer, List<Integer>> e : recordsByPartition.entrySet()) {
                long offset = baseOffsets.get(e.getKey());
                for (int i : e.getValue()) {
                    System.out.printf("key%d -> partition %d, offset %d%n", i, e.getKey(), offset++);
                }
            }
            System.out.printf("%d records sent to topic %s%n", RECORDS, TOPIC);
        }
        readBack(bootstrap);
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

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
