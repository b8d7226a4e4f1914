package io.samsa.kafka.streams;

import io.samsa.kafka.SamsaKafkaProducer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

import java.util.Map;

/**
 * Kafka Streams' clients with Samsa as the producer: every record a topology writes (to sink topics, repartition
 * topics and changelogs) goes through a {@link SamsaKafkaProducer}; the consumers and the admin client are Apache
 * Kafka's own, as Streams' default supplier makes them.
 *
 * <pre>{@code
 * Properties props = new Properties();
 * props.put(StreamsConfig.APPLICATION_ID_CONFIG, "word-count");
 * props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
 * KafkaStreams streams = new KafkaStreams(topology, props, new SamsaClientSupplier());
 * streams.start();
 * }</pre>
 *
 * <p>Streams configures each producer as it configures its own ({@code StreamsConfig.getProducerConfigs}: the
 * application's producer settings, {@code producer.}-prefixed ones included, plus its {@code client.id} and
 * {@code linger.ms}); the supplier adds only the byte-array serializers Streams expects. Streams reads the
 * producer's blocked-time metrics by Apache's names, which Samsa's producer has.
 *
 * <p><b>At-least-once and exactly-once.</b> Under {@code processing.guarantee=exactly_once_v2} Streams adds a
 * {@code transactional.id} per stream thread to the configuration it passes, and drives the producer's transactions
 * itself ({@code initTransactions}, then per commit {@code sendOffsetsToTransaction} with its consumer's group
 * metadata and {@code commitTransaction}); it recognises a fenced producer or a stale group member by Apache's
 * exception types, which {@link SamsaKafkaProducer} throws.
 *
 * <p>Not final: a subclass may configure or record the clients it makes (calling {@code super}). Thread-safe:
 * holds no state. Needs kafka-streams on the class path (this module's {@code provided} dependency).
 */
public class SamsaClientSupplier implements KafkaClientSupplier {

    /** A supplier with nothing to configure: each client takes the configuration Streams gives it. */
    public SamsaClientSupplier() {
    }

    /**
     * A {@link SamsaKafkaProducer} with byte-array serializers; transactional when {@code config} has a
     * {@code transactional.id} (Streams under exactly-once).
     */
    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new SamsaKafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Apache Kafka's {@link Admin}, as Streams' default supplier makes it. */
    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    /** Apache Kafka's consumer for the source topics. */
    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Apache Kafka's consumer for restoring state stores. */
    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Apache Kafka's consumer for global tables. */
    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
