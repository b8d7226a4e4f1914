package io.samsa.spring.boot;

import io.samsa.kafka.SamsaKafkaProducer;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.spring.SamsaProducerFactory;
import io.samsa.spring.boot.app.OrdersApplication;
import io.samsa.spring.boot.app.OrdersApplication.MadeProducers;
import io.samsa.spring.boot.app.OrdersApplication.Order;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.transaction.KafkaTransactionManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The starter in a booted Spring Boot application ({@link OrdersApplication}) against a real broker: Boot's
 * {@code KafkaTemplate}, configured only by {@code spring.kafka.*} and {@code samsa.producer.*} properties, sends
 * through Samsa; {@code samsa.producer.enabled=false} gives Boot's own factory back; a transaction id prefix gives
 * transactions. Read back with Apache Kafka's consumer.
 */
@KafkaCluster
class SamsaSpringBootIT {
    private static final long WAIT_SECONDS = 60;

    private static ConfigurableApplicationContext boot(KafkaTestCluster kafka, String... properties) {
        List<String> all = new ArrayList<>();
        all.add("spring.kafka.bootstrap-servers=" + kafka.bootstrapServers());
        all.add("spring.main.banner-mode=off");
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(OrdersApplication.class).web(WebApplicationType.NONE)
                .properties(all.toArray(String[]::new)).run();
    }

    @Test
    @SuppressWarnings("unchecked")
    void kafkaTemplateSendsThroughSamsaConfiguredBySpringKafkaAndSamsaProperties(KafkaTestCluster kafka,
                                                                                @TempDir Path spool)
            throws Exception {
        String topic = "boot-orders";
        kafka.createTopic(topic, 2, 1);
        int records = 6;
        try (ConfigurableApplicationContext context = boot(kafka,
                "spring.kafka.client-id=boot-orders",
                "spring.kafka.producer.acks=all",
                "spring.kafka.producer.compression-type=gzip",
                "spring.kafka.producer.key-serializer=" + StringSerializer.class.getName(),
                "spring.kafka.producer.value-serializer=" + JacksonJsonSerializer.class.getName(),
                // Reaches the serializer's configure(): no __TypeId__ header on the records.
                "spring.kafka.producer.properties.spring.json.add.type.headers=false",
                "samsa.producer.properties.spool.dir=" + spool)) {
            ProducerFactory<?, ?> factory = context.getBean(ProducerFactory.class);
            assertThat(factory).isInstanceOf(SamsaProducerFactory.class);
            assertThat(factory.getConfigurationProperties())
                    .containsEntry("acks", "all")
                    .containsEntry("compression.type", "gzip")
                    .containsEntry("value.serializer", JacksonJsonSerializer.class)
                    .containsEntry("spool.dir", spool.toString());
            KafkaTemplate<String, Order> template = context.getBean(KafkaTemplate.class);
            assertThat(template.getProducerFactory()).isSameAs(factory);

            List<CompletableFuture<SendResult<String, Order>>> sent = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                sent.add(template.send(topic, i % 2, "key-" + i, new Order("o-" + i, i + 1)));
            }
            for (int i = 0; i < records; i++) {
                RecordMetadata md = sent.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS).getRecordMetadata();
                assertThat(md.partition()).isEqualTo(i % 2);
                assertThat(md.offset()).isEqualTo(i / 2);
            }

            // Boot's one shared producer is Samsa's, named by Spring from spring.kafka.client-id.
            List<Producer<?, ?>> made = context.getBean(MadeProducers.class).producers;
            assertThat(made).singleElement().isInstanceOf(SamsaKafkaProducer.class);
            assertThat(made.get(0).metrics().keySet().iterator().next().tags())
                    .containsEntry("client-id", "boot-orders-1");
            // The Samsa-only key reached the producer: it holds its spool directory's lock while open.
            assertThat(spool.resolve("lock")).exists();
        }
        // Closing the context closed the producer, and with it the spool.
        assertThat(Files.exists(spool.resolve("lock")) && isLocked(spool)).isFalse();

        List<ConsumerRecord<String, String>> back = new ArrayList<>(KafkaClients.readAll(kafka.clientConfigs(),
                topic, 2, records, new StringDeserializer(), new StringDeserializer()));
        back.sort(Comparator.comparing(ConsumerRecord::key));
        assertThat(back).hasSize(records);
        for (int i = 0; i < records; i++) {
            ConsumerRecord<String, String> r = back.get(i);
            assertThat(r.key()).isEqualTo("key-" + i);
            assertThat(r.partition()).isEqualTo(i % 2);
            assertThat(r.value()).isEqualTo("{\"id\":\"o-" + i + "\",\"quantity\":" + (i + 1) + "}");
            assertThat(r.headers().lastHeader("__TypeId__")).isNull();
        }
    }

    /** Whether another producer would find the spool directory locked: it would fail to open it. */
    private static boolean isLocked(Path spool) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", "localhost:1");
        config.put("spool.dir", spool.toString());
        try (SamsaKafkaProducer<String, String> probe = new SamsaKafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void disabledGivesBootsOwnFactoryAndApachesProducer(KafkaTestCluster kafka) throws Exception {
        String topic = "boot-disabled";
        kafka.createTopic(topic, 1, 1);
        try (ConfigurableApplicationContext context = boot(kafka, "samsa.producer.enabled=false")) {
            ProducerFactory<?, ?> factory = context.getBean(ProducerFactory.class);
            assertThat(factory).isExactlyInstanceOf(DefaultKafkaProducerFactory.class);
            KafkaTemplate<String, String> template = context.getBean(KafkaTemplate.class);
            assertThat(template.send(topic, "k", "v").get(WAIT_SECONDS, TimeUnit.SECONDS).getRecordMetadata()
                    .offset()).isZero();
            assertThat(context.getBean(MadeProducers.class).producers).singleElement()
                    .isInstanceOf(KafkaProducer.class);
        }
        assertThat(KafkaClients.readAll(kafka.clientConfigs(), topic, 1, 1, new StringDeserializer(),
                new StringDeserializer())).extracting(ConsumerRecord::value).containsExactly("v");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTransactionIdPrefixGivesTransactionsThatCommitOrRollBack(KafkaTestCluster kafka) {
        String topic = "boot-tx";
        kafka.createTopic(topic, 1, 1);
        try (ConfigurableApplicationContext context = boot(kafka,
                "spring.kafka.producer.transaction-id-prefix=boot-tx-",
                "spring.kafka.producer.properties.max.block.ms=60000")) {
            SamsaProducerFactory<?, ?> factory = context.getBean(SamsaProducerFactory.class);
            assertThat(factory.transactionCapable()).isTrue();
            assertThat(context.getBean(KafkaTransactionManager.class).getProducerFactory()).isSameAs(factory);
            KafkaTemplate<String, String> template = context.getBean(KafkaTemplate.class);
            template.executeInTransaction(t -> {
                t.send(topic, "k1", "committed-1");
                return t.send(topic, "k2", "committed-2");
            });
            assertThatThrownBy(() -> template.executeInTransaction(t -> {
                t.send(topic, "k3", "rolled-back");
                t.flush(); // in the log before the abort: read_committed must still skip it
                throw new IllegalStateException("the business step failed");
            })).isInstanceOf(IllegalStateException.class).hasMessage("the business step failed");
            template.executeInTransaction(t -> t.send(topic, "k4", "committed-3"));
            List<Producer<?, ?>> made = context.getBean(MadeProducers.class).producers;
            assertThat(made).singleElement().isInstanceOf(SamsaKafkaProducer.class);
        }
        Map<String, Object> readCommitted = new HashMap<>(kafka.clientConfigs());
        readCommitted.put("isolation.level", "read_committed");
        assertThat(KafkaClients.readAll(readCommitted, topic, 1, 3, new StringDeserializer(),
                new StringDeserializer())).extracting(ConsumerRecord::value)
                .containsExactly("committed-1", "committed-2", "committed-3");
    }
}
