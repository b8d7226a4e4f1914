package io.samsa.clients.producer;

import io.samsa.common.header.Headers;
import io.samsa.common.header.internals.RecordHeader;
import io.samsa.common.serialization.Serializer;
import io.samsa.common.serialization.StringSerializer;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.samsa.clients.producer.CallbackOrderIT.metric;
import static io.samsa.clients.producer.CallbackOrderIT.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The delivery paths other than the default (idempotent, acks=all), end to end: every record's future completes
 * as the mode says, and Apache's consumer reads back every record - exactly once and in send order per partition
 * where the mode guarantees it. Where a mode does not guarantee it (no idempotence, several requests in flight),
 * a run with no retry must still show exactly once and in order; a retry is the only licence for a duplicate or a
 * reordering.
 */
@KafkaCluster
class DeliveryModesIT {
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 3_000;

    @Test
    void acksZero(KafkaTestCluster kafka) throws Exception {
        // Apache's producer reports offset -1 for acks=0 (the broker does not answer); so does Samsa.
        List<RecordMetadata> acked = deliver(kafka, "mode-acks0", Map.of("acks", "0"), false, false);
        assertThat(acked).allSatisfy(md -> {
            assertThat(md.hasOffset()).isFalse();
            assertThat(md.offset()).isEqualTo(-1);
        });
    }

    @Test
    void acksOne(KafkaTestCluster kafka) throws Exception {
        // acks=1 turns idempotence off (as in Apache's producer, when enable.idempotence is not set).
        assertThat(new ProducerConfig(withBootstrap(kafka, Map.of("acks", "1"))).idempotenceEnabled()).isFalse();
        List<RecordMetadata> acked = deliver(kafka, "mode-acks1", Map.of("acks", "1"), false, false);
        assertThat(acked).allMatch(RecordMetadata::hasOffset);
    }

    @Test
    void noIdempotenceOneRequestInFlight(KafkaTestCluster kafka) throws Exception {
        List<RecordMetadata> acked = deliver(kafka, "mode-no-idem-inflight1",
                Map.of("enable.idempotence", false, "max.in.flight.requests.per.connection", 1), true, false);
        assertThat(acked).allMatch(RecordMetadata::hasOffset);
    }

    @Test
    void idempotentWithFiniteRetries(KafkaTestCluster kafka) throws Exception {
        List<RecordMetadata> acked = deliver(kafka, "mode-retries3", Map.of("retries", 3), true, true);
        assertThat(acked).allMatch(RecordMetadata::hasOffset);
    }

    @Test
    void typedConfigFromTheBuilder(KafkaTestCluster kafka) throws Exception {
        String topic = "mode-typed-config";
        kafka.createTopic(topic, PARTITIONS, 1);
        ProducerConfig config = ProducerConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .clientId("typed-config-it")
                .keySerializer(StringSerializer.class)
                .valueSerializer(StringSerializer.class)
                .acks(Acks.ALL)
                .lingerMs(5)
                .batchSize(4096)
                .compressionType("gzip")
                .build();
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            assertThat(producer.clientId()).isEqualTo("typed-config-it");
            for (int i = 0; i < 500; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, i % PARTITIONS, "k" + i, "typed-" + i)));
            }
            for (CompletableFuture<RecordMetadata> f : futures) {
                assertThat(f.get(60, TimeUnit.SECONDS).hasOffset()).isTrue();
            }
        }
        List<ConsumerRecord<byte[], byte[]>> read = KafkaClients.readAll(kafka.clientConfigs(), topic, PARTITIONS, 500);
        assertExactlyOnceInOrder(read, "typed-", 500);
    }

    /**
     * Records made without headers get no headers object until something asks (ProducerRecord), and send() skips
     * them when no serializer looks at headers. A serializer that does override the header-aware serialize() must
     * still receive the record's own headers, may add to them, and what it adds reaches the broker - on records
     * made with and without headers. After send, the headers are read-only either way.
     */
    @Test
    void headersAddedByASerializerReachTheBroker(KafkaTestCluster kafka) throws Exception {
        String topic = "mode-serializer-headers";
        kafka.createTopic(topic, 1, 1);
        Serializer<String> stamping = new Serializer<>() {
            @Override
            public byte[] serialize(String t, String data) {
                return data.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public byte[] serialize(String t, Headers headers, String data) {
                headers.add("schema", ("v-" + data).getBytes(StandardCharsets.UTF_8));
                return serialize(t, data);
            }
        };
        ProducerRecord<String, String> bare = new ProducerRecord<>(topic, 0, "k", "bare");
        ProducerRecord<String, String> withHeaders = new ProducerRecord<>(topic, 0, "k", "given",
                List.of(new RecordHeader("trace", new byte[] {7})));
        ProducerRecord<String, String> plain = new ProducerRecord<>(topic, 0, "k", "plain");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(withBootstrap(kafka, Map.of()),
                new StringSerializer(), stamping);
             KafkaProducer<String, String> builtIn = new KafkaProducer<>(withBootstrap(kafka, Map.of()))) {
            producer.send(bare).get(60, TimeUnit.SECONDS);
            producer.send(withHeaders).get(60, TimeUnit.SECONDS);
            builtIn.send(plain).get(60, TimeUnit.SECONDS);
        }
        for (ProducerRecord<String, String> sent : List.of(bare, withHeaders, plain)) {
            assertThatThrownBy(() -> sent.headers().add("late", null)).as("%s after send", sent.value())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("read-only");
        }
        Map<String, Map<String, String>> headersByValue = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaClients.readAll(kafka.clientConfigs(), topic, 1, 3)) {
            Map<String, String> h = new LinkedHashMap<>();
            r.headers().forEach(x -> h.put(x.key(), x.value() == null ? null : text(x.value())));
            headersByValue.put(text(r.value()), h);
        }
        assertThat(headersByValue.get("bare")).containsExactly(Map.entry("schema", "v-bare"));
        assertThat(headersByValue.get("given")).containsExactly(Map.entry("trace", "\u0007"),
                Map.entry("schema", "v-given"));
        assertThat(headersByValue.get("plain")).isEmpty();
    }

    private static Map<String, Object> withBootstrap(KafkaTestCluster kafka, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", StringSerializer.class.getName());
        config.putAll(extra);
        return config;
    }

    /**
     * Sends {@link #RECORDS} records round-robin over the partitions (explicit partition, so the send order per
     * partition is known), waits for every future and checks what Apache's consumer reads back.
     *
     * @return the metadata of every record, in send order
     */
    private static List<RecordMetadata> deliver(KafkaTestCluster kafka, String topic, Map<String, Object> mode,
                                                boolean orderGuaranteed, boolean noDuplicatesGuaranteed)
            throws Exception {
        kafka.createTopic(topic, PARTITIONS, 1);
        Map<String, Object> config = withBootstrap(kafka, mode);
        config.put("linger.ms", 5);
        config.put("batch.size", 4096); // several batches and requests per partition
        List<RecordMetadata> out = new ArrayList<>();
        double retries;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            // A fresh partition may refuse its first requests for a moment (its leader not yet serving). With
            // acks=0 such a refusal is silent (the broker drops the connection), so make sure every partition
            // is served before the records that are checked.
            warmUp(kafka, topic);
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, i % PARTITIONS, "k" + i, "r-" + i)));
            }
            for (CompletableFuture<RecordMetadata> f : futures) {
                RecordMetadata md = f.get(60, TimeUnit.SECONDS);
                assertThat(md.topic()).isEqualTo(topic);
                out.add(md);
            }
            for (int i = 0; i < RECORDS; i++) {
                assertThat(out.get(i).partition()).isEqualTo(i % PARTITIONS);
            }
            retries = metric(producer, "record-retry-total");
            assertThat(metric(producer, "record-error-total")).isZero();
        }
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaClients.readAll(kafka.clientConfigs(), topic, PARTITIONS,
                RECORDS + PARTITIONS)) {
            if (!text(r.value()).startsWith("warm-up")) {
                read.add(r);
            }
        }
        // No loss in any mode (the broker is healthy and every future succeeded).
        Set<String> values = new HashSet<>();
        read.forEach(r -> values.add(text(r.value())));
        for (int i = 0; i < RECORDS; i++) {
            assertThat(values).contains("r-" + i);
        }
        if (noDuplicatesGuaranteed || retries == 0) {
            assertThat(read).as("exactly once (retries: %s)", retries).hasSize(RECORDS);
        }
        if (orderGuaranteed || retries == 0) {
            assertInSendOrder(read, "r-");
        }
        // Where the broker gave offsets, they are where Apache's consumer finds the records.
        Map<String, Long> offsetOf = new HashMap<>();
        read.forEach(r -> offsetOf.putIfAbsent(text(r.value()), r.offset()));
        for (int i = 0; i < RECORDS; i++) {
            if (out.get(i).hasOffset()) {
                assertThat(out.get(i).offset()).as("offset of r-%d", i).isEqualTo(offsetOf.get("r-" + i));
            }
        }
        return out;
    }

    /** One record per partition with acks=all from a separate producer: returns once each partition accepted one. */
    private static void warmUp(KafkaTestCluster kafka, String topic) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(withBootstrap(kafka, Map.of()))) {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                futures.add(producer.send(new ProducerRecord<>(topic, p, "w", "warm-up-" + p)));
            }
            for (CompletableFuture<RecordMetadata> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static void assertExactlyOnceInOrder(List<ConsumerRecord<byte[], byte[]>> read, String prefix, int n) {
        assertThat(read).hasSize(n);
        assertInSendOrder(read, prefix);
    }

    /** Per partition, the send indices read back are strictly increasing (in send order, no duplicate). */
    private static void assertInSendOrder(List<ConsumerRecord<byte[], byte[]>> read, String prefix) {
        Map<Integer, Integer> lastIndex = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : read) {
            int index = Integer.parseInt(text(r.value()).substring(prefix.length()));
            assertThat(index % PARTITIONS).as("partition of %s", text(r.value())).isEqualTo(r.partition());
            Integer last = lastIndex.put(r.partition(), index);
            if (last != null) {
                assertThat(index).as("send order in partition %d", r.partition()).isGreaterThan(last);
            }
        }
    }
}
