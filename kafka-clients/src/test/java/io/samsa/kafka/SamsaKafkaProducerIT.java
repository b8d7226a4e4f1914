package io.samsa.kafka;

import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SamsaKafkaProducer} against a real broker, used as code written for Apache Kafka's producer uses it: Apache
 * serializers given as instances and by class name (one header-aware, adding a header while serializing), a
 * callback, an Apache interceptor that counts acknowledgements, a custom Apache partitioner. What the broker stored,
 * read back with Apache's consumer, has the keys, values, headers, partitions and offsets the callbacks reported.
 */
@KafkaCluster
class SamsaKafkaProducerIT {
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 30;
    private static final long WAIT_SECONDS = 60;

    /** Adds a type header while serializing, as Spring's JSON serializer adds {@code __TypeId__}. */
    public static final class TypeHeaderSerializer extends StringSerializer {
        @Override
        public byte[] serialize(String topic, Headers headers, String data) {
            headers.add("__TypeId__", "java.lang.String".getBytes(StandardCharsets.UTF_8));
            return serialize(topic, data);
        }
    }

    /** Puts a record on (its value as a number) modulo the partition count. */
    public static final class ValuePartitioner implements Partitioner {
        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                             Cluster cluster) {
            return Integer.parseInt((String) value) % cluster.partitionCountForTopic(topic);
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }

        @Override
        public void close() {
        }
    }

    /** Counts each record's acknowledgement, per offset, so that a second one for a record shows. */
    public static final class AckCounter implements ProducerInterceptor<String, String> {
        static final Map<String, AtomicInteger> ACKS = new ConcurrentHashMap<>();
        static final AtomicInteger ERRORS = new AtomicInteger();

        @Override
        public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                ERRORS.incrementAndGet();
            } else {
                ACKS.computeIfAbsent(metadata.partition() + "@" + metadata.offset(), k -> new AtomicInteger())
                        .incrementAndGet();
            }
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }

        @Override
        public void close() {
        }
    }

    private static Map<String, Object> config(KafkaTestCluster kafka) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put("linger.ms", 5);
        return config;
    }

    private static String header(ConsumerRecord<String, String> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void apacheSerializerInstancesWithACallback(KafkaTestCluster kafka) throws Exception {
        String topic = "adapter-instances";
        kafka.createTopic(topic, PARTITIONS, 1);
        Map<String, RecordMetadata> acknowledged = new ConcurrentHashMap<>();
        CountDownLatch callbacks = new CountDownLatch(RECORDS);
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        try (Producer<String, String> producer =
                     new SamsaKafkaProducer<>(config(kafka), new StringSerializer(), new StringSerializer())) {
            assertThat(producer.partitionsFor(topic)).extracting(PartitionInfo::partition).containsExactly(0, 1, 2);
            for (int i = 0; i < RECORDS; i++) {
                String key = "key-" + i;
                ProducerRecord<String, String> record = i % 2 == 0 ? new ProducerRecord<>(topic, key, "value-" + i)
                        : new ProducerRecord<>(topic, null, key, "value-" + i,
                        List.<Header>of(new RecordHeader("trace", ("t" + i).getBytes(StandardCharsets.UTF_8))));
                futures.add(producer.send(record, (md, e) -> {
                    if (e == null) {
                        acknowledged.put(key, md);
                    }
                    callbacks.countDown();
                }));
            }
            producer.flush();
            assertThat(callbacks.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).hasSize(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            RecordMetadata md = futures.get(i).get(0, TimeUnit.SECONDS);
            // The same record's metadata; not the same object, as with Apache's producer, whose future makes
            // a new RecordMetadata on each get().
            assertThat(md).usingRecursiveComparison().isEqualTo(acknowledged.get("key-" + i));
            // Keyed records land where Apache's producer puts them: murmur2 of the key.
            byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(md.partition()).isEqualTo(Utils.toPositive(Utils.murmur2(key)) % PARTITIONS);
        }

        List<ConsumerRecord<String, String>> back = KafkaClients.readAll(kafka.clientConfigs(), topic, PARTITIONS,
                RECORDS, new StringDeserializer(), new StringDeserializer());
        assertThat(back).hasSize(RECORDS);
        for (ConsumerRecord<String, String> r : back) {
            int i = Integer.parseInt(r.key().substring("key-".length()));
            RecordMetadata md = acknowledged.get(r.key());
            assertThat(r.value()).isEqualTo("value-" + i);
            assertThat(r.partition()).isEqualTo(md.partition());
            assertThat(r.offset()).isEqualTo(md.offset());
            assertThat(r.timestamp()).isEqualTo(md.timestamp());
            assertThat(header(r, "trace")).isEqualTo(i % 2 == 0 ? null : "t" + i);
        }
    }

    @Test
    void pluginsByClassNameWithAHeaderAddingSerializerAnInterceptorAndAPartitioner(KafkaTestCluster kafka)
            throws Exception {
        String topic = "adapter-by-name";
        kafka.createTopic(topic, PARTITIONS, 1);
        AckCounter.ACKS.clear();
        AckCounter.ERRORS.set(0);
        Map<String, Object> config = config(kafka);
        config.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        config.put("value.serializer", TypeHeaderSerializer.class.getName());
        config.put("partitioner.class", ValuePartitioner.class.getName());
        config.put("interceptor.classes", AckCounter.class.getName());
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        try (Producer<String, String> producer = new SamsaKafkaProducer<>(config)) {
            for (int i = 0; i < RECORDS; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, null, "k" + i,
                        Integer.toString(i), List.<Header>of(new RecordHeader("n", new byte[]{(byte) i})));
                futures.add(producer.send(record));
            }
            producer.flush();
        }
        for (int i = 0; i < RECORDS; i++) {
            assertThat(futures.get(i).get(0, TimeUnit.SECONDS).partition()).isEqualTo(i % PARTITIONS);
        }
        assertThat(AckCounter.ERRORS).hasValue(0);
        assertThat(AckCounter.ACKS).hasSize(RECORDS).allSatisfy((at, n) -> assertThat(n).as(at).hasValue(1));

        List<ConsumerRecord<String, String>> back = KafkaClients.readAll(kafka.clientConfigs(), topic, PARTITIONS,
                RECORDS, new StringDeserializer(), new StringDeserializer());
        assertThat(back).hasSize(RECORDS);
        for (ConsumerRecord<String, String> r : back) {
            int i = Integer.parseInt(r.value());
            assertThat(r.key()).isEqualTo("k" + i);
            assertThat(r.partition()).isEqualTo(i % PARTITIONS);
            // The user's header, then the one the serializer added, in that order.
            assertThat(r.headers().toArray()).extracting(Header::key).containsExactly("n", "__TypeId__");
            assertThat(r.headers().lastHeader("n").value()).containsExactly((byte) i);
            assertThat(header(r, "__TypeId__")).isEqualTo("java.lang.String");
        }
    }

    @Test
    void aRecordAboveMaxRequestSizeFailsTheCallbackAndTheFuture(KafkaTestCluster kafka) throws Exception {
        String topic = "adapter-too-large";
        kafka.createTopic(topic, 1, 1);
        Map<String, Object> config = config(kafka);
        config.put("max.request.size", 2048);
        try (Producer<String, String> producer =
                     new SamsaKafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            AtomicReference<Exception> inCallback = new AtomicReference<>();
            CountDownLatch called = new CountDownLatch(1);
            Future<RecordMetadata> future = producer.send(new ProducerRecord<>(topic, "x".repeat(10_000)),
                    (md, e) -> {
                        inCallback.set(e);
                        called.countDown();
                    });
            assertThatThrownBy(() -> future.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(RecordTooLargeException.class);
            assertThat(called.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(inCallback.get()).isInstanceOf(RecordTooLargeException.class);

            // The producer goes on: a record that fits is sent.
            assertThat(producer.send(new ProducerRecord<>(topic, "fits")).get(WAIT_SECONDS, TimeUnit.SECONDS)
                    .offset()).isZero();
        }
    }

    @Test
    void metricsHaveApachesNamesAndTheAppInfo(KafkaTestCluster kafka) throws Exception {
        String topic = "adapter-metrics";
        kafka.createTopic(topic, 1, 1);
        Map<String, Object> config = config(kafka);
        config.put("client.id", "adapter-metrics-it");
        try (Producer<String, String> producer =
                     new SamsaKafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "v" + i));
            }
            producer.flush();
            Map<MetricName, ? extends Metric> metrics = producer.metrics();
            Map<String, String> tags = Map.of("client-id", "adapter-metrics-it");
            Metric sent = metrics.get(new MetricName("record-send-total", "producer-metrics", "", tags));
            assertThat(sent).isNotNull();
            assertThat((Double) sent.metricValue()).isEqualTo(10.0);
            Metric version = metrics.get(new MetricName("version", "app-info", "", tags));
            assertThat(version.metricValue()).isEqualTo(MetricsView.VERSION);
        }
    }
}
