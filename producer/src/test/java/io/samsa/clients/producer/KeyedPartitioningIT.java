package io.samsa.clients.producer;

import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 3: keyed records land on the partition Apache Kafka's producer would choose, checked against
 * {@code kafka-clients}' own {@code BuiltInPartitioner} on 10,000 random keys (empty keys included) for several
 * partition counts, through a real broker (the partition is the one the broker acknowledged).
 */
@KafkaCluster
class KeyedPartitioningIT {
    @Test
    void keysGoWhereApacheKafkasProducerPutsThem(KafkaTestCluster kafka) throws Exception {
        Random random = new Random(42);
        List<byte[]> keys = new ArrayList<>();
        keys.add(new byte[0]);
        for (int i = 0; i < 9_999; i++) {
            byte[] k = new byte[1 + random.nextInt(40)];
            random.nextBytes(k);
            keys.add(k);
        }
        for (int partitions : new int[] {1, 3, 7, 12}) {
            String topic = "keyed-" + partitions;
            kafka.createTopic(topic, partitions, 1);
            Map<String, Object> config = new HashMap<>();
            config.put("bootstrap.servers", kafka.bootstrapServers());
            config.put("linger.ms", 20);
            try (KafkaProducer<byte[], byte[]> producer =
                         new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
                List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
                for (byte[] key : keys) {
                    futures.add(producer.send(new ProducerRecord<>(topic, key, new byte[] {1})));
                }
                for (int i = 0; i < keys.size(); i++) {
                    int expected = BuiltInPartitioner.partitionForKey(keys.get(i), partitions);
                    assertThat(futures.get(i).get(60, TimeUnit.SECONDS).partition()).as("key #%d over %d partitions", i, partitions)
                            .isEqualTo(expected);
                }
            }
        }
    }
}
