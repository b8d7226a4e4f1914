package io.samsa.spring;

import io.samsa.kafka.SamsaKafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.ProducerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SamsaProducerFactory} without a broker: what it hands the Samsa producer (configured serializers, its
 * post-processors), the copy it makes of itself, and a transactional factory's producers. Sending through
 * {@code KafkaTemplate} is {@link SamsaProducerFactoryIT}.
 */
class SamsaProducerFactoryTest {

    /** Records how it was configured. */
    static final class RecordingSerializer implements Serializer<String> {
        volatile Map<String, Object> configs;
        volatile Boolean isKey;

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            this.configs = new HashMap<>(configs);
            this.isKey = isKey;
        }

        @Override
        public byte[] serialize(String topic, String data) {
            return data == null ? null : data.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Nothing listens on port 1 of the loopback address; the producers here never send. */
    private static Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", "127.0.0.1:1");
        config.put("client.id", "factory-test");
        config.put("spring.json.add.type.headers", false);
        return config;
    }

    @Test
    void serializerInstancesAreConfiguredAsSpringConfiguresThem() {
        RecordingSerializer key = new RecordingSerializer();
        RecordingSerializer value = new RecordingSerializer();
        SamsaProducerFactory<String, String> factory = new SamsaProducerFactory<>(config(), key, value);
        List<Producer<String, String>> made = new CopyOnWriteArrayList<>();
        factory.addPostProcessor(p -> {
            made.add(p);
            return p;
        });
        try {
            factory.createProducer().close(); // Spring's wrapper: the shared producer stays open
            assertThat(made).singleElement().isInstanceOf(SamsaKafkaProducer.class);
            assertThat(key.isKey).isTrue();
            assertThat(value.isKey).isFalse();
            assertThat(value.configs).containsEntry("spring.json.add.type.headers", false);
        } finally {
            factory.destroy();
        }
    }

    @Test
    void serializersNotConfiguredWhenTheFactoryIsToldSo() {
        RecordingSerializer value = new RecordingSerializer();
        SamsaProducerFactory<String, String> factory =
                new SamsaProducerFactory<>(config(), new StringSerializer(), value, false);
        try {
            factory.createProducer().close();
            assertThat(value.isKey).isNull();
        } finally {
            factory.destroy();
        }
    }

    @Test
    void serializerSuppliersAreAskedPerProducer() {
        List<RecordingSerializer> supplied = new CopyOnWriteArrayList<>();
        SamsaProducerFactory<String, String> factory = new SamsaProducerFactory<>(config(), StringSerializer::new,
                () -> {
                    RecordingSerializer s = new RecordingSerializer();
                    supplied.add(s);
                    return s;
                });
        factory.setProducerPerThread(true);
        try {
            factory.createProducer().close();
            factory.closeThreadBoundProducer();
            factory.createProducer().close();
            factory.closeThreadBoundProducer();
            assertThat(supplied).hasSize(2).allSatisfy(s -> assertThat(s.isKey).isFalse());
        } finally {
            factory.destroy();
        }
    }

    @Test
    void theCopyIsASamsaFactoryWithTheOverridesAndPostProcessors() {
        SamsaProducerFactory<String, String> factory =
                new SamsaProducerFactory<>(config(), new StringSerializer(), new StringSerializer());
        factory.addPostProcessor(p -> p);
        ProducerFactory<String, String> copy = factory.copyWithConfigurationOverride(Map.of("linger.ms", 7));
        assertThat(copy).isInstanceOf(SamsaProducerFactory.class);
        assertThat(copy.getConfigurationProperties()).containsEntry("linger.ms", 7)
                .containsEntry("client.id", "factory-test");
        assertThat(copy.getPostProcessors()).hasSize(1);
    }

    /**
     * A transactional factory makes a transactional Samsa producer and has Spring initialize it: without a broker
     * {@code initTransactions} times out with Apache's {@code TimeoutException}, which Spring reports as its
     * "initTransactions() failed", closing the producer it made.
     */
    @Test
    void aTransactionalFactoryMakesSamsaProducersAndSpringInitializesThem() {
        Map<String, Object> config = config();
        config.put("transactional.id", "tx-");
        config.put("max.block.ms", 500);
        SamsaProducerFactory<String, String> factory =
                new SamsaProducerFactory<>(config, new StringSerializer(), new StringSerializer());
        List<Producer<String, String>> made = new CopyOnWriteArrayList<>();
        factory.addPostProcessor(p -> {
            made.add(p);
            return p;
        });
        try {
            assertThat(factory.transactionCapable()).isTrue();
            assertThat(factory.getTransactionIdPrefix()).isEqualTo("tx-");
            assertThat(factory.copyWithConfigurationOverride(Map.of("linger.ms", 7)).transactionCapable()).isTrue();
            assertThatThrownBy(factory::createProducer).isInstanceOf(KafkaException.class)
                    .hasMessage("initTransactions() failed")
                    .cause().isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
            assertThat(made).singleElement().isInstanceOf(SamsaKafkaProducer.class);
            assertThatThrownBy(() -> made.get(0).send(new ProducerRecord<>("t", "k", "v")))
                    .as("closed by Spring").isInstanceOf(IllegalStateException.class);
        } finally {
            factory.destroy();
        }
    }
}
