package io.samsa.clients.producer;

import io.samsa.common.errors.RecordTooLargeException;
import io.samsa.common.serialization.StringSerializer;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code produce(record, callback)}, the send without a future, against the real broker: one callback object
 * shared by every record hears each record once, with that record's own metadata, on the callback thread;
 * failures that {@code send} reports through its future reach the callback; what {@code send} throws,
 * {@code produce} throws.
 */
@KafkaCluster
class ProduceWithoutFutureIT {

    private static KafkaProducer<String, String> producer(KafkaTestCluster kafka, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** One callback invocation, as it was seen. */
    private record Seen(String topic, int partition, long offset, int keySize, int valueSize, long timestamp,
                        String thread, Exception error) {
    }

    @Test
    void oneSharedCallbackHearsEveryRecordOnceWithItsOwnMetadata(KafkaTestCluster kafka) throws Exception {
        String topic = "produce-shared-callback";
        int partitions = 3;
        kafka.createTopic(topic, partitions, 1);
        int n = 6_000;
        List<Seen> seen = new CopyOnWriteArrayList<>();
        Callback shared = (md, e) -> seen.add(new Seen(md.topic(), md.partition(), md.offset(),
                md.serializedKeySize(), md.serializedValueSize(), md.timestamp(), Thread.currentThread().getName(),
                e));
        long before = System.currentTimeMillis();
        // Small batches, several requests in flight: many batches complete through the same hook.
        try (KafkaProducer<String, String> producer = producer(kafka, Map.of("linger.ms", 2, "batch.size", 4096))) {
            for (int i = 0; i < n; i++) {
                producer.produce(new ProducerRecord<>(topic, i % partitions, String.format("k%05d", i),
                        String.format("value-%06d", i)), shared);
            }
            producer.flush(); // every callback has run when flush returns
            assertThat(seen).hasSize(n);
        }
        long after = System.currentTimeMillis();

        assertThat(seen).allSatisfy(s -> {
            assertThat(s.error()).isNull();
            assertThat(s.topic()).isEqualTo(topic);
            assertThat(s.keySize()).isEqualTo(6);
            assertThat(s.valueSize()).isEqualTo(12);
            assertThat(s.timestamp()).isBetween(before, after);
            assertThat(s.thread()).startsWith("samsa-callbacks-");
        });
        // Each record its own offset: per partition exactly 0 .. count-1, none twice, none missing.
        Map<Integer, List<Long>> offsets = seen.stream().collect(Collectors.groupingBy(Seen::partition,
                Collectors.mapping(Seen::offset, Collectors.toList())));
        assertThat(offsets.keySet()).containsExactlyInAnyOrder(0, 1, 2);
        for (List<Long> o : offsets.values()) {
            assertThat(new TreeSet<>(o)).hasSize(n / partitions)
                    .first().isEqualTo(0L);
            assertThat(new TreeSet<>(o).last()).isEqualTo(n / partitions - 1L);
        }
        List<ConsumerRecord<byte[], byte[]>> read = KafkaClients.readAll(kafka.clientConfigs(), topic, partitions, n);
        assertThat(read).hasSize(n);
    }

    @Test
    void perRecordCallbacksAndFailuresReachTheirCallbacks(KafkaTestCluster kafka) throws Exception {
        String topic = "produce-per-record-callbacks";
        kafka.createTopic(topic, 1, 1);
        int n = 500;
        Set<Integer> heard = ConcurrentHashMap.newKeySet();
        List<Exception> sharedErrors = new CopyOnWriteArrayList<>();
        List<Exception> tooLarge = new CopyOnWriteArrayList<>();
        List<Exception> noPartition = new CopyOnWriteArrayList<>();
        Callback shared = (md, e) -> {
            if (e != null) {
                sharedErrors.add(e);
            }
        };
        try (KafkaProducer<String, String> producer = producer(kafka, Map.of("max.request.size", 10_000))) {
            for (int i = 0; i < n; i++) {
                int index = i;
                // A new callback per record, between records of one shared callback: each hears its own record.
                producer.produce(new ProducerRecord<>(topic, "k" + i, "v" + i), (md, e) -> {
                    if (e == null && md.offset() >= 0) {
                        heard.add(index);
                    }
                });
                producer.produce(new ProducerRecord<>(topic, "s" + i, "s" + i), shared);
            }
            producer.produce(new ProducerRecord<>(topic, "big", "x".repeat(20_000)), (md, e) -> tooLarge.add(e));
            producer.produce(new ProducerRecord<>(topic, 7, "k", "v"), (md, e) -> noPartition.add(e));
            producer.flush();

            assertThat(heard).hasSize(n);
            assertThat(sharedErrors).isEmpty();
            assertThat(tooLarge).singleElement().isInstanceOf(RecordTooLargeException.class)
                    .satisfies(e -> assertThat(e).hasMessageContaining("max.request.size"));
            assertThat(noPartition).singleElement()
                    .satisfies(e -> assertThat(e).hasMessageContaining(topic).hasMessageContaining("7"));
            assertThat(producer.metrics().entrySet().stream()
                    .filter(m -> m.getKey().name().equals("record-error-total")
                            && m.getKey().group().equals("producer-metrics"))
                    .map(m -> ((Number) m.getValue().metricValue()).doubleValue()).findFirst())
                    .contains(2.0);
        }
        assertThat(KafkaClients.readAll(kafka.clientConfigs(), topic, 1, 2L * n)).hasSize(2 * n);
    }

    @Test
    void whatSendThrowsProduceThrows(KafkaTestCluster kafka) {
        KafkaProducer<String, String> producer = producer(kafka, Map.of());
        assertThatThrownBy(() -> producer.produce(null, (md, e) -> { }))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("record");
        producer.close();
        assertThatThrownBy(() -> producer.produce(new ProducerRecord<>("t", "v"), null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
