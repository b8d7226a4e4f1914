package io.samsa.clients.producer;

import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 2: 1,000,000 records of 100 bytes, acks=all, idempotent (the default), 6 partitions. Apache
 * Kafka's consumer sees each record exactly once, and in send order within each partition.
 */
@KafkaCluster
class MillionRecordsIT {
    static final int RECORDS = 1_000_000;

    @Test
    void everyRecordExactlyOnceInSendOrderPerPartition(KafkaTestCluster kafka) throws Exception {
        kafka.createTopic("million", 6, 1);
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("acks", "all");
        config.put("linger.ms", 5);
        config.put("batch.size", 65536);
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                byte[] value = new byte[100];
                ByteBuffer.wrap(value).putLong(i);
                producer.send(new ProducerRecord<>("million", null, value), (md, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        assertThat(firstError.get()).as("first failure").isNull();
        assertThat(failed.get()).isZero();

        List<ConsumerRecord<byte[], byte[]>> back = KafkaClients.readAll(kafka.clientConfigs(), "million", 6, RECORDS);
        assertThat(back).hasSize(RECORDS);
        BitSet seen = new BitSet(RECORDS);
        long[] lastPerPartition = {-1, -1, -1, -1, -1, -1};
        for (ConsumerRecord<byte[], byte[]> r : back) {
            long seq = ByteBuffer.wrap(r.value()).getLong();
            assertThat(seen.get((int) seq)).as("record %d seen twice", seq).isFalse();
            seen.set((int) seq);
            assertThat(seq).as("order in partition %d", r.partition()).isGreaterThan(lastPerPartition[r.partition()]);
            lastPerPartition[r.partition()] = seq;
        }
        assertThat(seen.cardinality()).isEqualTo(RECORDS);
    }
}
