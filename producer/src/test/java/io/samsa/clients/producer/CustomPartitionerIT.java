package io.samsa.clients.producer;

import io.samsa.common.serialization.StringSerializer;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.common.Cluster;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code partitioner.class} given by class name, through real sends to the embedded broker: every record lands
 * on the partition the custom partitioner chose (as the broker acknowledged it and as Apache's consumer reads it
 * back), not where murmur2 of its key would have put it; a record naming its partition still goes there.
 */
@KafkaCluster
class CustomPartitionerIT {
    private static final int PARTITIONS = 6;

    /** Puts a record on partition (its value as a number + {@code offset.by}) modulo the partition count. */
    public static class ValuePartitioner implements Partitioner {
        private volatile int offsetBy;

        @Override
        public void configure(Map<String, ?> configs) {
            offsetBy = Integer.parseInt(String.valueOf(configs.get("offset.by")));
        }

        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                             Cluster cluster) {
            return (Integer.parseInt((String) value) + offsetBy) % cluster.partitionCountForTopic(topic);
        }
    }

    @Test
    void recordsLandWhereTheConfiguredPartitionerPutsThem(KafkaTestCluster kafka) throws Exception {
        String topic = "custom-partitioner";
        kafka.createTopic(topic, PARTITIONS, 1);
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("partitioner.class", ValuePartitioner.class.getName());
        config.put("offset.by", "1");
        int records = 60;
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        CompletableFuture<RecordMetadata> explicit;
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "user-" + i, Integer.toString(i))));
            }
            // The record's own partition comes before the partitioner (which would say (0 + 1) % 6 = 1).
            explicit = producer.send(new ProducerRecord<>(topic, 4, "user-0", "0"));
            producer.flush();
        }
        int notMurmur = 0;
        for (int i = 0; i < records; i++) {
            int expected = (i + 1) % PARTITIONS;
            assertThat(futures.get(i).get(0, TimeUnit.SECONDS).partition()).as("record %d", i).isEqualTo(expected);
            if (expected != BuiltInPartitioner.partitionForKey(("user-" + i).getBytes(StandardCharsets.UTF_8),
                    PARTITIONS)) {
                notMurmur++;
            }
        }
        assertThat(notMurmur).as("records the key hash would have put elsewhere (so the test tells them apart)")
                .isGreaterThan(records / 2);
        assertThat(explicit.get(0, TimeUnit.SECONDS).partition()).isEqualTo(4);

        // What the broker stored, read with Apache's consumer.
        List<ConsumerRecord<byte[], byte[]>> back = KafkaClients.readAll(kafka.clientConfigs(), topic, PARTITIONS,
                records + 1);
        assertThat(back).hasSize(records + 1);
        for (ConsumerRecord<byte[], byte[]> r : back) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            int value = Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8));
            if (r.partition() == 4 && key.equals("user-0")) {
                continue; // the explicit one (user-0 by the partitioner is on partition 1)
            }
            assertThat(r.partition()).as(key).isEqualTo((value + 1) % PARTITIONS);
        }
    }
}
