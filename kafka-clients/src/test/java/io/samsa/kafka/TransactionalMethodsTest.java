package io.samsa.kafka;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The transactional methods without a broker, side by side with Apache Kafka's own producer (constructed without a
 * broker too: it connects lazily). Without {@code transactional.id} they fail exactly as on a non-transactional
 * Apache producer: with idempotence (the default) Apache's producer has a transaction manager that is not
 * transactional; without, it has none; the messages differ accordingly. With {@code transactional.id} the producer
 * is made (client id {@code producer-<id>}, as Apache's), each method reaches the Samsa producer, and what it
 * throws is Apache's type: calls out of order, a timed-out {@code initTransactions} and the calls it blocks, the
 * closed producer. On a broker: {@code SamsaKafkaProducerTransactionsIT}.
 */
class TransactionalMethodsTest {
    private static final String NOT_TRANSACTIONAL = "Transactional method invoked on a non-transactional producer.";
    private static final Map<TopicPartition, OffsetAndMetadata> OFFSETS =
            Map.of(new TopicPartition("t", 0), new OffsetAndMetadata(5));
    private static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("group");

    private static final List<ThrowingConsumer<Producer<String, String>>> METHODS = List.of(
            Producer::initTransactions,
            Producer::beginTransaction,
            p -> p.sendOffsetsToTransaction(OFFSETS, GROUP),
            p -> p.sendOffsetsToTransaction(OFFSETS, null),
            p -> p.sendOffsetsToTransaction(OFFSETS, new ConsumerGroupMetadata("group", 1, "", Optional.empty())),
            Producer::commitTransaction,
            Producer::abortTransaction);

    /** The methods a transactional producer refuses before {@code initTransactions}, whatever the broker. */
    private static final List<ThrowingConsumer<Producer<String, String>>> BEFORE_INIT = List.of(
            Producer::beginTransaction,
            p -> p.sendOffsetsToTransaction(OFFSETS, GROUP),
            p -> p.sendOffsetsToTransaction(OFFSETS, null),
            p -> p.sendOffsetsToTransaction(OFFSETS, new ConsumerGroupMetadata("group", 1, "", Optional.empty())),
            Producer::commitTransaction,
            Producer::abortTransaction);

    private static Map<String, Object> config(Map<String, Object> extra) {
        Map<String, Object> config = NoBroker.config();
        config.putAll(extra);
        return config;
    }

    private static Producer<String, String> samsa(Map<String, Object> config) {
        return new SamsaKafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static Producer<String, String> apache(Map<String, Object> config) {
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @Test
    void withoutTransactionalIdEachMethodFailsAsOnApachesProducer() {
        for (Map<String, Object> extra : List.<Map<String, Object>>of(Map.of(), Map.of("enable.idempotence", "false"),
                Map.of("acks", "1"))) {
            try (Producer<String, String> samsa = samsa(config(extra));
                 Producer<String, String> apache = apache(config(extra))) {
                for (boolean closed : new boolean[]{false, true}) {
                    if (closed) {
                        samsa.close(Duration.ZERO);
                        apache.close(Duration.ZERO);
                    }
                    for (int i = 0; i < METHODS.size(); i++) {
                        Throwable expected = failure(METHODS.get(i), apache);
                        assertThat(failure(METHODS.get(i), samsa)).as("method %d with %s, closed: %s", i, extra, closed)
                                .isExactlyInstanceOf(expected.getClass()).hasMessage(expected.getMessage());
                    }
                }
            }
        }
    }

    @Test
    void anIdempotentProducerIsNotTransactional() {
        try (Producer<String, String> producer = samsa(config(Map.of()))) {
            assertThatThrownBy(producer::initTransactions).isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage(NOT_TRANSACTIONAL);
            // As Apache's producer: nothing to send for no offsets, so it does not get as far as failing.
            assertThatCode(() -> producer.sendOffsetsToTransaction(Map.of(), GROUP)).doesNotThrowAnyException();
        }
    }

    @Test
    void transactionalIdIsAcceptedAndNamesTheClient() {
        try (Producer<String, String> samsa = samsa(config(Map.of("transactional.id", "tx-1")));
             Producer<String, String> apache = apache(config(Map.of("transactional.id", "tx-1")))) {
            assertThat(clientId(samsa)).isEqualTo(clientId(apache)).isEqualTo("producer-tx-1");
        }
    }

    private static String clientId(Producer<String, String> p) {
        return p.metrics().keySet().iterator().next().tags().get("client-id");
    }

    @Test
    void transactionsWithoutIdempotenceAreRefusedNamingBothKeys() {
        assertThatThrownBy(() -> samsa(config(Map.of("transactional.id", "tx-1", "enable.idempotence", "false"))))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessageContaining("transactional.id").hasMessageContaining("enable.idempotence");
        assertThatThrownBy(() -> samsa(config(Map.of("transactional.id", "tx-1", "acks", "1"))))
                .isExactlyInstanceOf(ConfigException.class)
                .hasMessageContaining("transactional.id").hasMessageContaining("acks");
    }

    @Test
    void beforeInitTransactionsEachMethodFailsAsOnApachesProducer() {
        Map<String, Object> config = config(Map.of("transactional.id", "tx-early"));
        try (Producer<String, String> samsa = samsa(config);
             Producer<String, String> apache = apache(config)) {
            for (int i = 0; i < BEFORE_INIT.size(); i++) {
                Throwable expected = failure(BEFORE_INIT.get(i), apache);
                assertThat(failure(BEFORE_INIT.get(i), samsa)).as("method %d", i)
                        .isExactlyInstanceOf(expected.getClass());
            }
            // Empty offsets do nothing, on both.
            assertThatCode(() -> samsa.sendOffsetsToTransaction(Map.of(), GROUP)).doesNotThrowAnyException();
            assertThatCode(() -> apache.sendOffsetsToTransaction(Map.of(), GROUP)).doesNotThrowAnyException();
            // A record outside a transaction is refused on the sending thread, naming what to call first.
            assertThatThrownBy(() -> samsa.send(new ProducerRecord<>("t", "k", "v")))
                    .isExactlyInstanceOf(IllegalStateException.class).hasMessageContaining("initTransactions");
        }
    }

    /**
     * Without a coordinator to answer, {@code initTransactions} gives up after {@code max.block.ms} with Apache's
     * {@code TimeoutException}; until it is called again, every other transactional call is refused with Apache's
     * message (the timed-out one goes on in the background).
     */
    @Test
    void aTimedOutInitTransactionsIsApachesTimeoutAndBlocksOtherCallsAsApaches() {
        Map<String, Object> config = config(Map.of("transactional.id", "tx-timeout", "max.block.ms", 500));
        try (Producer<String, String> samsa = samsa(config);
             Producer<String, String> apache = apache(config)) {
            assertThatThrownBy(samsa::initTransactions).isExactlyInstanceOf(TimeoutException.class)
                    .hasMessageContaining("initTransactions");
            assertThatThrownBy(apache::initTransactions).isExactlyInstanceOf(TimeoutException.class);
            Throwable expected = failure(Producer::beginTransaction, apache);
            assertThat(failure(Producer::beginTransaction, samsa)).isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage(expected.getMessage());
            // Called again, it waits for the same attempt, and times out again.
            assertThatThrownBy(samsa::initTransactions).isExactlyInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void afterCloseEachMethodFailsAsOnApachesProducer() {
        Map<String, Object> config = config(Map.of("transactional.id", "tx-closed"));
        try (Producer<String, String> samsa = samsa(config);
             Producer<String, String> apache = apache(config)) {
            samsa.close(Duration.ZERO);
            apache.close(Duration.ZERO);
            for (int i = 0; i < METHODS.size(); i++) {
                Throwable expected = failure(METHODS.get(i), apache);
                assertThat(failure(METHODS.get(i), samsa)).as("method %d", i)
                        .isExactlyInstanceOf(expected.getClass()).hasMessage(expected.getMessage());
            }
        }
    }

    private static Throwable failure(ThrowingConsumer<Producer<String, String>> method, Producer<String, String> p) {
        try {
            method.accept(p);
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("did not fail");
    }

    @Test
    void clientInstanceIdWithTelemetryOffFailsAsApachesProducer() {
        Map<String, Object> off = Map.of("enable.metrics.push", "false");
        try (Producer<String, String> samsa = samsa(config(off));
             Producer<String, String> apache = apache(config(off))) {
            Throwable expected = failure(p -> p.clientInstanceId(Duration.ofSeconds(1)), apache);
            assertThat(failure(p -> p.clientInstanceId(Duration.ofSeconds(1)), samsa))
                    .isExactlyInstanceOf(expected.getClass()).hasMessage(expected.getMessage());
        }
    }

    @Test
    void clientInstanceIdRefusesANegativeTimeoutAsApachesProducer() {
        try (Producer<String, String> samsa = samsa(config(Map.of()));
             Producer<String, String> apache = apache(config(Map.of()))) {
            Throwable expected = failure(p -> p.clientInstanceId(Duration.ofMillis(-1)), apache);
            assertThat(failure(p -> p.clientInstanceId(Duration.ofMillis(-1)), samsa))
                    .isExactlyInstanceOf(expected.getClass());
        }
    }
}
