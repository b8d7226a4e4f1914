package io.samsa.kafka.streams;

import io.samsa.kafka.SamsaKafkaProducer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
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
 * <p><b>At-least-once only.</b> {@code processing.guarantee=exactly_once_v2} needs a transactional producer, which
 * Samsa does not have yet: {@link #getProducer} then throws a {@link ConfigException} saying so, and
 * {@code new KafkaStreams(...)} fails with it.
 *
 * <p>Not final: a subclass may configure or record the clients it makes (calling {@code super}). Thread-safe:
 * holds no state. Needs kafka-streams on the class path (this module's {@code provided} dependency).
 */
public class SamsaClientSupplier implements KafkaClientSupplier {

    /** A supplier with nothing to configure: each client takes the configuration Streams gives it. */
    public SamsaClientSupplier() {
    }

    /**
     * A {@link SamsaKafkaProducer} with byte-array serializers.
     *
     * @throws ConfigException if {@code config} has a {@code transactional.id} (Streams under exactly-once)
     */
    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        Object transactionalId = config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        if (transactionalId != null) {
            // The producer would refuse the key too; this names the Streams setting to change.
            throw new ConfigException(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                    "Samsa's producer has no transactions yet, so Kafka Streams' exactly-once processing cannot run on "
                            + "it: set processing.guarantee=at_least_once, or use Streams' default client supplier");
        }
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
