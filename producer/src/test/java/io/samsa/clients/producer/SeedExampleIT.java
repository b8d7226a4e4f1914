package io.samsa.clients.producer;

import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 1: the seed article's {@code KafkaProducerExample}, with only its imports changed (and the
 * bootstrap address pointed at the test broker): its {@code Properties} name Apache's serializer classes, and
 * they work unchanged.
 */
@KafkaCluster
class SeedExampleIT {

    /** The seed's example, verbatim but for the imports and the broker address. */
    static void kafkaProducerExample(String bootstrapServers) {
        // 配置 Kafka Producer
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        properties.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        properties.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");

        // 创建 Kafka Producer 实例
        KafkaProducer<String, String> producer = new KafkaProducer<>(properties);

        // 发送消息
        for (int i = 0; i < 10; i++) {
            producer.send(new ProducerRecord<>("test-topic", "key" + i, "value" + i));
        }

        // 关闭 Kafka Producer
        producer.close();
    }

    @Test
    void propertiesWithSerializerInstancesWork(KafkaTestCluster kafka) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props,
                new io.samsa.common.serialization.StringSerializer(), new io.samsa.common.serialization.StringSerializer())) {
            RecordMetadata md = producer.send(new ProducerRecord<>("props-instances", "k", "v"))
                    .get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(md.topic()).isEqualTo("props-instances");
            assertThat(md.offset()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void theSeedsExampleRunsAndApacheReadsEveryRecordOnce(KafkaTestCluster kafka) {
        kafka.createTopic("test-topic", 3, 1);
        kafkaProducerExample(kafka.bootstrapServers());

        List<ConsumerRecord<byte[], byte[]>> back = KafkaClients.readAll(kafka.clientConfigs(), "test-topic", 3, 10);
        List<String> printed = back.stream()
                .map(r -> new String(r.key(), StandardCharsets.UTF_8) + "(" + new String(r.value(), StandardCharsets.UTF_8) + ")")
                .sorted()
                .collect(Collectors.toList());
        assertThat(printed).containsExactly("key0(value0)", "key1(value1)", "key2(value2)", "key3(value3)",
                "key4(value4)", "key5(value5)", "key6(value6)", "key7(value7)", "key8(value8)", "key9(value9)");
    }
}
