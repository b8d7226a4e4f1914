package io.samsa.spring;

import io.samsa.kafka.SamsaKafkaProducer;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Spring Kafka's {@link KafkaTemplate} over {@link SamsaProducerFactory}, against a real broker, without a Spring
 * context (plain objects, as a {@code @Bean} method would make them): String keys, a POJO value through Spring's
 * {@link JacksonJsonSerializer} (a third-party, header-adding serializer: it writes the value's class into a
 * {@code __TypeId__} header), a {@link ProducerListener}, and the factory's copy for a template with configuration
 * overrides. And transactions: {@code executeInTransaction}, a {@link KafkaTransactionManager}, Spring's caching
 * of transactional producers and its replacing of a fenced one. Read back with Apache's consumer.
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

    /** A transactional factory: Spring makes its producers with the prefix and a suffix as transactional.id. */
    private static SamsaProducerFactory<String, String> transactionalFactory(KafkaTestCluster kafka, String clientId,
                                                                             String prefix,
                                                                             List<Producer<String, String>> made) {
        Map<String, Object> config = config(kafka, clientId);
        config.put("max.block.ms", 60_000);
        SamsaProducerFactory<String, String> factory =
                new SamsaProducerFactory<>(config, new StringSerializer(), new StringSerializer());
        factory.setTransactionIdPrefix(prefix);
        factory.addPostProcessor(producer -> {
            made.add(producer);
            return producer;
        });
        return factory;
    }

    private static List<ConsumerRecord<String, String>> readCommitted(KafkaTestCluster kafka, String topic,
                                                                      int expected) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put("isolation.level", "read_committed");
        return KafkaClients.readAll(config, topic, 1, expected, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * {@code KafkaTemplate.executeInTransaction}: a callback that returns commits its records; one that throws
     * rolls them back (Spring aborts), even when they were already written (flushed). Read at
     * {@code read_committed}, only the committed ones are there. Spring caches the transactional producer between
     * transactions, so one Samsa producer serves all three, and {@code destroy()} closes it for good.
     */
    @Test
    void executeInTransactionCommitsOrRollsBack(KafkaTestCluster kafka) throws Exception {
        String topic = "spring-tx-template";
        kafka.createTopic(topic, 1, 1);
        List<Producer<String, String>> made = new CopyOnWriteArrayList<>();
        SamsaProducerFactory<String, String> factory = transactionalFactory(kafka, "spring-tx-it", "spring-tx-",
                made);
        KafkaTemplate<String, String> template = new KafkaTemplate<>(factory);
        try {
            assertThat(template.isTransactional()).isTrue();
            template.executeInTransaction(t -> {
                t.send(topic, "k1", "committed-1");
                return t.send(topic, "k2", "committed-2");
            });
            assertThatThrownBy(() -> template.executeInTransaction(t -> {
                t.send(topic, "k3", "rolled-back");
                t.flush(); // in the log before the abort: read_committed consumers must still skip it
                throw new IllegalStateException("the business step failed");
            })).isInstanceOf(IllegalStateException.class).hasMessage("the business step failed");
            SendResult<String, String> last = template.executeInTransaction(t -> t.send(topic, "k4", "committed-3"))
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(last.getRecordMetadata().hasOffset()).isTrue();
            assertThat(made).singleElement().isInstanceOf(SamsaKafkaProducer.class);
        } finally {
            template.destroy();
            factory.destroy();
        }
        assertThatThrownBy(() -> made.get(0).send(new ProducerRecord<>(topic, "late", null)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(readCommitted(kafka, topic, 3)).extracting(ConsumerRecord::value)
                .containsExactly("committed-1", "committed-2", "committed-3");
    }

    /**
     * Spring's {@link KafkaTransactionManager}: a {@code TransactionTemplate} around the template's sends, one
     * committed, one rolled back by an exception, one by {@code setRollbackOnly()}.
     */
    @Test
    void kafkaTransactionManagerCommitsOrRollsBack(KafkaTestCluster kafka) throws Exception {
        String topic = "spring-tx-manager";
        kafka.createTopic(topic, 1, 1);
        List<Producer<String, String>> made = new CopyOnWriteArrayList<>();
        SamsaProducerFactory<String, String> factory = transactionalFactory(kafka, "spring-tx-manager-it",
                "spring-tx-manager-", made);
        KafkaTemplate<String, String> template = new KafkaTemplate<>(factory);
        TransactionTemplate transactions = new TransactionTemplate(new KafkaTransactionManager<>(factory));
        try {
            transactions.executeWithoutResult(status -> template.send(topic, "k1", "committed"));
            assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
                template.send(topic, "k2", "rolled-back-by-exception");
                throw new IllegalStateException("the business step failed");
            })).isInstanceOf(IllegalStateException.class);
            transactions.executeWithoutResult(status -> {
                template.send(topic, "k3", "rolled-back-by-status");
                status.setRollbackOnly();
            });
            transactions.executeWithoutResult(status -> template.send(topic, "k4", "committed-after"));
            assertThat(made).singleElement().isInstanceOf(SamsaKafkaProducer.class);
        } finally {
            template.destroy();
            factory.destroy();
        }
        assertThat(readCommitted(kafka, topic, 2)).extracting(ConsumerRecord::value)
                .containsExactly("committed", "committed-after");
    }

    /**
     * Two factories with the same transaction id prefix, as two instances of an application: the second's producer
     * fences the first's. The first's next transaction fails; Spring takes its producer out of the cache and closes
     * it, and the transaction after that runs on a new Samsa producer, which in turn fences the second's.
     */
    @Test
    void aFencedProducerIsClosedAndReplacedBySpring(KafkaTestCluster kafka) throws Exception {
        String topic = "spring-tx-fenced";
        kafka.createTopic(topic, 1, 1);
        List<Producer<String, String>> madeA = new CopyOnWriteArrayList<>();
        List<Producer<String, String>> madeB = new CopyOnWriteArrayList<>();
        SamsaProducerFactory<String, String> factoryA = transactionalFactory(kafka, "spring-fence-a",
                "spring-fence-", madeA);
        SamsaProducerFactory<String, String> factoryB = transactionalFactory(kafka, "spring-fence-b",
                "spring-fence-", madeB);
        KafkaTemplate<String, String> templateA = new KafkaTemplate<>(factoryA);
        KafkaTemplate<String, String> templateB = new KafkaTemplate<>(factoryB);
        try {
            templateA.executeInTransaction(t -> t.send(topic, "a", "a-1"));
            templateB.executeInTransaction(t -> t.send(topic, "b", "b-1")); // same transactional.id: fences A's
            // A's record is refused for its old epoch, which fails the transaction (as on Apache's producer: an
            // abortable error caused by InvalidProducerEpochException; a fenced EndTxn would be ProducerFenced).
            Throwable fenced = catchThrowable(() -> templateA.executeInTransaction(t -> t.send(topic, "a", "a-2")));
            assertThat(fenced).as("A's transaction after it was fenced").isInstanceOf(KafkaException.class);
            assertThat(Stream.iterate(fenced, Objects::nonNull, Throwable::getCause)).as("causes of %s", fenced)
                    .anyMatch(t -> t instanceof InvalidProducerEpochException || t instanceof ProducerFencedException);
            assertThat(madeA).singleElement();
            assertThatThrownBy(() -> madeA.get(0).send(new ProducerRecord<>(topic, "late", null)))
                    .as("Spring closed the fenced producer").isInstanceOf(IllegalStateException.class);

            templateA.executeInTransaction(t -> t.send(topic, "a", "a-3"));
            assertThat(madeA).hasSize(2).allSatisfy(p -> assertThat(p).isInstanceOf(SamsaKafkaProducer.class));
        } finally {
            templateA.destroy();
            templateB.destroy();
            factoryA.destroy();
            factoryB.destroy();
        }
        assertThat(readCommitted(kafka, topic, 3)).extracting(ConsumerRecord::value)
                .containsExactly("a-1", "b-1", "a-3");
    }
}
