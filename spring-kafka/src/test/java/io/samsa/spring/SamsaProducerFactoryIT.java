package io.samsa.spring;

import io.samsa.kafka.SamsaKafkaProducer;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spring Kafka's {@link KafkaTemplate} over {@link SamsaProducerFactory}, against a real broker, without a Spring
 * context (plain objects, as a {@code @Bean} method would make them): String keys, a POJO value through Spring's
 * {@link JacksonJsonSerializer} (a third-party, header-adding serializer: it writes the value's class into a
 * {@code __TypeId__} header), a {@link ProducerListener}, and the factory's copy for a template with configuration
 * overrides. Read back with Apache's consumer.
 */
@KafkaCluster
class SamsaProducerFactoryIT {
    private static final long WAIT_SECONDS = 60;

    /** The value type, serialized to JSON by Spring's serializer. */
    public record Order(String id, int quantity) {
    }

    /** Records the listener's callbacks, as an application's {@code ProducerListener} would log them. */
    static final class RecordingListener implements ProducerListener<String, Order> {
        final List<RecordMetadata> successes = new CopyOnWriteArrayList<>();
        final List<Exception> errors = new CopyOnWriteArrayList<>();
        final CountDownLatch done;

        RecordingListener(int records) {
            done = new CountDownLatch(records);
        }

        @Override
        public void onSuccess(ProducerRecord<String, Order> record, RecordMetadata metadata) {
            successes.add(metadata);
            done.countDown();
        }

        @Override
        public void onError(ProducerRecord<String, Order> record, RecordMetadata metadata, Exception exception) {
            errors.add(exception);
            done.countDown();
        }
    }

    private static Map<String, Object> config(KafkaTestCluster kafka, String clientId) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put("client.id", clientId);
        config.put("linger.ms", 5);
        return config;
    }

    @Test
    void kafkaTemplateSendsJsonThroughSamsa(KafkaTestCluster kafka) throws Exception {
        String topic = "spring-orders";
        kafka.createTopic(topic, 1, 1);
        int records = 3;
        SamsaProducerFactory<String, Order> factory = new SamsaProducerFactory<>(config(kafka, "spring-it"),
                new StringSerializer(), new JacksonJsonSerializer<>());
        // A post-processor sees each raw producer the factory makes: they must be Samsa's.
        List<Producer<String, Order>> made = new CopyOnWriteArrayList<>();
        factory.addPostProcessor(producer -> {
            made.add(producer);
            return producer;
        });
        KafkaTemplate<String, Order> template = new KafkaTemplate<>(factory);
        RecordingListener listener = new RecordingListener(records);
        template.setProducerListener(listener);
        try {
            for (int i = 0; i < records; i++) {
                CompletableFuture<SendResult<String, Order>> sent =
                        template.send(topic, "key-" + i, new Order("o-" + i, i + 1));
                SendResult<String, Order> result = sent.get(WAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(result.getRecordMetadata().topic()).isEqualTo(topic);
                assertThat(result.getRecordMetadata().offset()).isEqualTo(i);
                assertThat(result.getProducerRecord().headers().lastHeader("__TypeId__")).isNotNull();
            }
            assertThat(listener.done.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(listener.errors).isEmpty();
            assertThat(listener.successes).extracting(RecordMetadata::offset).containsExactly(0L, 1L, 2L);
            // One shared producer, as with Spring's own factory; Spring named it with its client.id prefix.
            assertThat(made).hasSize(1).allSatisfy(p -> assertThat(p).isInstanceOf(SamsaKafkaProducer.class));
            assertThat(made.get(0).metrics().keySet().iterator().next().tags())
                    .containsEntry("client-id", "spring-it-1");
        } finally {
            template.destroy();
            factory.destroy();
        }
        // destroy() closed the Samsa producer itself, not just Spring's wrapper around it.
        assertThatThrownBy(() -> made.get(0).send(new ProducerRecord<>(topic, "late", null)))
                .isInstanceOf(IllegalStateException.class);

        List<ConsumerRecord<String, String>> back = KafkaClients.readAll(kafka.clientConfigs(), topic, 1, records,
                new StringDeserializer(), new StringDeserializer());
        assertThat(back).hasSize(records);
        for (int i = 0; i < records; i++) {
            ConsumerRecord<String, String> r = back.get(i);
            assertThat(r.key()).isEqualTo("key-" + i);
            assertThat(r.value()).isEqualTo("{\"id\":\"o-" + i + "\",\"quantity\":" + (i + 1) + "}");
            Header type = r.headers().lastHeader("__TypeId__");
            assertThat(type).isNotNull();
            assertThat(new String(type.value(), StandardCharsets.UTF_8)).isEqualTo(Order.class.getName());
        }
    }

    @Test
    void aTemplateWithOverridesSendsThroughASamsaCopyOfTheFactory(KafkaTestCluster kafka) throws Exception {
        String topic = "spring-overrides";
        kafka.createTopic(topic, 1, 1);
        SamsaProducerFactory<String, Order> factory = new SamsaProducerFactory<>(config(kafka, "spring-copy-it"),
                new StringSerializer(), new JacksonJsonSerializer<>());
        List<Producer<String, Order>> made = new CopyOnWriteArrayList<>();
        factory.addPostProcessor(producer -> {
            made.add(producer);
            return producer;
        });
        // The template copies the factory with the overrides (copyWithConfigurationOverride) and owns the copy.
        KafkaTemplate<String, Order> template = new KafkaTemplate<>(factory, Map.of("client.id", "spring-override"));
        try {
            assertThat(template.getProducerFactory()).isInstanceOf(SamsaProducerFactory.class)
                    .isNotSameAs(factory);
            RecordMetadata md = template.send(topic, "k", new Order("o-x", 7)).get(WAIT_SECONDS, TimeUnit.SECONDS)
                    .getRecordMetadata();
            assertThat(md.offset()).isZero();
            assertThat(made).hasSize(1).allSatisfy(p -> assertThat(p).isInstanceOf(SamsaKafkaProducer.class));
            assertThat(made.get(0).metrics().keySet().iterator().next().tags())
                    .containsEntry("client-id", "spring-override-1");
        } finally {
            template.destroy(); // destroys the copy it made
            factory.destroy();
        }
        List<ConsumerRecord<String, String>> back = KafkaClients.readAll(kafka.clientConfigs(), topic, 1, 1,
                new StringDeserializer(), new StringDeserializer());
        assertThat(back).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(
                "{\"id\":\"o-x\",\"quantity\":7}"));
    }
}
