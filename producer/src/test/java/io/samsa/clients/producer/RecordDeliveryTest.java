package io.samsa.clients.producer;

import io.samsa.clients.producer.internals.RecordDelivery;
import io.samsa.common.TopicPartition;
import io.samsa.common.errors.RecordTooLargeException;
import io.samsa.common.errors.SerializationException;
import io.samsa.common.header.internals.RecordHeaders;
import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.common.serialization.Serializer;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link KafkaProducer#send(RecordDelivery, String, Integer, Long, Object, Object, io.samsa.common.header.Headers,
 * boolean)}, the bridges' entry point: each record's fate reaches its delivery exactly once, on the callback thread,
 * with the same failures {@code send(ProducerRecord)} reports. No broker is needed for the failures: nothing listens
 * on the bootstrap address, so records park until close fails them. (Acknowledged records go this way in every
 * samsa-kafka-clients integration test, which sends through nothing else.)
 */
class RecordDeliveryTest {

    /** Remembers its one outcome and the thread it arrived on. */
    static final class Outcome extends RecordDelivery {
        final CompletableFuture<RuntimeException> failure = new CompletableFuture<>();
        volatile String thread;
        volatile TopicPartition partition;
        volatile int calls;

        @Override
        public void deliver(TopicPartition tp, long offset, long timestamp, int keySize, int valueSize,
                            RuntimeException exception) {
            calls++;
            thread = Thread.currentThread().getName();
            partition = tp;
            failure.complete(exception);
        }
    }

    /** Interceptor that redirects every record to another topic; static because the producer instantiates it. */
    public static final class Redirect implements ProducerInterceptor<byte[], byte[]> {
        @Override
        public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
            return new ProducerRecord<>("redirected", record.partition(), record.timestamp(), record.key(),
                    record.value(), record.headers());
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }

        @Override
        public void close() {
        }
    }

    private static Map<String, Object> config() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", "127.0.0.1:" + port);
        config.put("client.id", "delivery");
        config.put("max.request.size", 2048);
        config.put("max.block.ms", 5_000);
        return config;
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> config) {
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Test
    void aRecordTooLargeIsDeliveredAsFailedOnTheCallbackThread() throws Exception {
        try (KafkaProducer<byte[], byte[]> p = producer(config())) {
            Outcome o = new Outcome();
            p.send(o, "big", 3, null, null, new byte[4096], null, true);
            assertThat(o.failure.get(10, TimeUnit.SECONDS)).isInstanceOf(RecordTooLargeException.class)
                    .hasMessageContaining("max.request.size (2048)").hasMessageContaining("big");
            assertThat(o.thread).isEqualTo("samsa-callbacks-delivery");
            assertThat(o.partition).isEqualTo(new TopicPartition("big", 3));
            assertThat(o.calls).isEqualTo(1);
        }
    }

    @Test
    void aParkedRecordIsDeliveredOnceWhenCloseFailsIt() throws Exception {
        Outcome o = new Outcome();
        KafkaProducer<byte[], byte[]> p = producer(config());
        p.send(o, "idle", null, 5L, new byte[1], new byte[10], new RecordHeaders(), false);
        assertThat(o.failure).isNotDone();
        // A short close: without one, close waits for the parked record's delivery.timeout.ms (2 minutes).
        p.close(java.time.Duration.ofMillis(200));
        assertThat(o.failure.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(o.thread).isEqualTo("samsa-callbacks-delivery");
        assertThat(o.calls).isEqualTo(1);
    }

    @Test
    void aDeliveryReportsOneRecordOnly() throws Exception {
        try (KafkaProducer<byte[], byte[]> p = producer(config())) {
            Outcome o = new Outcome();
            p.send(o, "big", null, null, null, new byte[4096], null, true);
            assertThatThrownBy(() -> p.send(o, "big", null, null, null, new byte[1], null, true))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("sent already");
            assertThat(o.failure.get(10, TimeUnit.SECONDS)).isInstanceOf(RecordTooLargeException.class);
        }
    }

    @Test
    void partsAreValidatedAsProducerRecordDoes() throws Exception {
        try (KafkaProducer<byte[], byte[]> p = producer(config())) {
            assertThatThrownBy(() -> p.send(new Outcome(), null, null, null, null, null, null, true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("Topic cannot be null.");
            assertThatThrownBy(() -> p.send(new Outcome(), "t", -2, null, null, null, null, true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid partition: -2");
            assertThatThrownBy(() -> p.send(new Outcome(), "t", null, -1L, null, null, null, true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid timestamp: -1");
        }
    }

    @Test
    void aSerializerFailureIsThrownNotDelivered() throws Exception {
        Serializer<byte[]> failing = (topic, data) -> {
            throw new IllegalStateException("no");
        };
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(config(), new ByteArraySerializer(), failing)) {
            Outcome o = new Outcome();
            assertThatThrownBy(() -> p.send(o, "t", null, null, null, new byte[1], null, true))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("value").hasMessageContaining("t");
            assertThat(o.calls).isZero();
        }
    }

    @Test
    void theProducersOwnInterceptorsStillRunAndTheirTopicIsReported() throws Exception {
        Map<String, Object> config = config();
        config.put("interceptor.classes", Redirect.class.getName());
        try (KafkaProducer<byte[], byte[]> p = producer(config)) {
            Outcome o = new Outcome();
            p.send(o, "original", 0, null, null, new byte[4096], null, true);
            assertThat(o.failure.get(10, TimeUnit.SECONDS)).isInstanceOf(RecordTooLargeException.class)
                    .hasMessageContaining("redirected");
            assertThat(o.partition).isEqualTo(new TopicPartition("redirected", 0));
            assertThat(o.thread).isEqualTo("samsa-callbacks-delivery");
        }
    }
}
