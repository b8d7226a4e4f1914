package io.samsa.kafka.streams;

import io.samsa.kafka.SamsaKafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SamsaClientSupplier} without a broker: the producer configurations Streams builds, at-least-once and
 * exactly-once (with a {@code transactional.id}), are ones Samsa accepts. The supplier with {@code KafkaStreams} on
 * a broker is {@link SamsaClientSupplierIT}.
 */
class SamsaClientSupplierTest {
    /** Nothing listens on port 1 of the loopback address; the producers here never send. */
    private static StreamsConfig streamsConfig(String guarantee) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "supplier-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.producerPrefix("compression.type"), "lz4");
        return new StreamsConfig(props);
    }

    @Test
    void streamsProducerConfigMakesASamsaProducer() {
        Map<String, Object> config = streamsConfig(StreamsConfig.AT_LEAST_ONCE)
                .getProducerConfigs("supplier-test-StreamThread-1-producer");
        Producer<byte[], byte[]> producer = new SamsaClientSupplier().getProducer(config);
        try {
            assertThat(producer).isInstanceOf(SamsaKafkaProducer.class);
            assertThat(producer.metrics().keySet()).allSatisfy(n -> assertThat(n.tags())
                    .containsEntry("client-id", "supplier-test-StreamThread-1-producer"));
        } finally {
            producer.close(Duration.ofSeconds(10));
        }
    }

    @Test
    void exactlyOnceMakesATransactionalSamsaProducer() {
        // What Streams adds under exactly_once_v2 (ActiveTaskCreator): a transactional.id per stream thread, with
        // its exactly-once producer defaults (delivery.timeout.ms Integer.MAX_VALUE, transaction.timeout.ms 10 s).
        Map<String, Object> config = streamsConfig(StreamsConfig.EXACTLY_ONCE_V2)
                .getProducerConfigs("supplier-test-StreamThread-1-producer");
        config.put("transactional.id", "supplier-test-0");
        Producer<byte[], byte[]> producer = new SamsaClientSupplier().getProducer(config);
        try {
            assertThat(producer).isInstanceOf(SamsaKafkaProducer.class);
            // Transactional: it wants initTransactions first, instead of refusing as a non-transactional one.
            assertThatThrownBy(producer::beginTransaction).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("initTransactions");
        } finally {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
