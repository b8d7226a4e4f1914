package io.samsa.kafka;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@code send} does on the calling thread and at close, in Apache Kafka's terms, with no broker: header-aware
 * serializers see and add to the record's own headers, which are frozen after the send; failures reach the
 * callback, the future and the interceptors once each, as Apache's types; a serializer's own exception comes out
 * of {@code send} unchanged.
 */
class SendWithoutBrokerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Adds a type header while serializing, as Spring's JSON serializer adds {@code __TypeId__}. */
    public static final class TypeHeaderSerializer extends StringSerializer {
        @Override
        public byte[] serialize(String topic, Headers headers, String data) {
            headers.add("__TypeId__", "java.lang.String".getBytes(StandardCharsets.UTF_8));
            return serialize(topic, data);
        }
    }

    /** Fails as a user's serializer may: with an exception of its own. */
    public static final class FailingSerializer extends StringSerializer {
        static final IllegalStateException FAILURE = new IllegalStateException("cannot serialize this");

        @Override
        public byte[] serialize(String topic, String data) {
            throw FAILURE;
        }
    }

    /** Records every call; the instances the producer made are in {@link #MADE}. */
    public static final class RecordingInterceptor implements ProducerInterceptor<String, String> {
        static final List<RecordingInterceptor> MADE = new CopyOnWriteArrayList<>();
        final List<ProducerRecord<String, String>> sent = new CopyOnWriteArrayList<>();
        final List<Exception> acknowledged = new CopyOnWriteArrayList<>();
        final List<RecordMetadata> metadata = new CopyOnWriteArrayList<>();
        volatile Map<String, ?> configs;
        volatile boolean closed;

        public RecordingInterceptor() {
            MADE.add(this);
        }

        @Override
        public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
            sent.add(record);
            return new ProducerRecord<>(record.topic(), record.partition(), record.key(), record.value() + "!",
                    record.headers());
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
            this.metadata.add(metadata);
            acknowledged.add(exception);
        }

        @Override
        public void configure(Map<String, ?> configs) {
            this.configs = configs;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @AfterEach
    void forgetInterceptors() {
        RecordingInterceptor.MADE.clear();
    }

    @Test
    void aHeaderAwareSerializerAddsToTheRecordsOwnHeadersWhichAreFrozenAfterSend() {
        Map<String, Object> config = NoBroker.config();
        try (SamsaKafkaProducer<String, String> producer =
                     new SamsaKafkaProducer<>(config, new StringSerializer(), new TypeHeaderSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>("typed", "k", "v");
            producer.send(record);
            assertThat(record.headers().lastHeader("__TypeId__")).isNotNull();
            assertThatThrownBy(() -> record.headers().add("late", new byte[0]))
                    .isInstanceOf(IllegalStateException.class);

            ProducerRecord<String, String> withHeaders = new ProducerRecord<>("typed", null, "k", "v",
                    List.<Header>of(new RecordHeader("trace", new byte[]{1})));
            producer.send(withHeaders);
            assertThat(withHeaders.headers().toArray()).extracting(Header::key).containsExactly("trace", "__TypeId__");
        }
    }

    @Test
    void headersAreFrozenAfterSendWithoutHeaderAwareSerializersToo() {
        try (SamsaKafkaProducer<String, String> producer =
                     new SamsaKafkaProducer<>(NoBroker.config(), new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> none = new ProducerRecord<>("plain", "k", "v");
            ProducerRecord<String, String> some = new ProducerRecord<>("plain", null, "k", "v",
                    List.<Header>of(new RecordHeader("h", null)));
            producer.send(none);
            producer.send(some);
            assertThatThrownBy(() -> none.headers().add("late", null)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> some.headers().add("late", null)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aSerializersOwnExceptionComesOutOfSendUnchangedAndTheInterceptorsHearOfIt() {
        Map<String, Object> config = NoBroker.config();
        config.put("value.serializer", FailingSerializer.class.getName());
        config.put("key.serializer", StringSerializer.class);
        config.put("interceptor.classes", RecordingInterceptor.class.getName());
        try (SamsaKafkaProducer<String, String> producer = new SamsaKafkaProducer<>(config)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("t", "k", "v")))
                    .isSameAs(FailingSerializer.FAILURE);
            RecordingInterceptor interceptor = RecordingInterceptor.MADE.get(0);
            assertThat(interceptor.acknowledged).containsExactly(FailingSerializer.FAILURE);
            assertThat(interceptor.metadata.get(0).topic()).isEqualTo("t");
            assertThat(interceptor.metadata.get(0).partition()).isEqualTo(RecordMetadata.UNKNOWN_PARTITION);
        }
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aValueOfTheWrongTypeIsApachesSerializationException() {
        try (SamsaKafkaProducer producer =
                     new SamsaKafkaProducer<>(NoBroker.config(), new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord("t", "k", 42)))
                    .isExactlyInstanceOf(SerializationException.class)
                    .hasMessageContaining("Can't convert value of class java.lang.Integer")
                    .hasCauseInstanceOf(ClassCastException.class);
        }
    }

    @Test
    void aRecordTooLargeFailsTheCallbackAndTheFutureOnceWithApachesException() throws Exception {
        Map<String, Object> config = NoBroker.config();
        config.put("max.request.size", 1024);
        config.put("interceptor.classes", List.of(RecordingInterceptor.class));
        try (SamsaKafkaProducer<String, String> producer =
                     new SamsaKafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            AtomicReference<Exception> seen = new AtomicReference<>();
            AtomicReference<RecordMetadata> seenMetadata = new AtomicReference<>();
            CountDownLatch called = new CountDownLatch(1);
            Future<RecordMetadata> future = producer.send(new ProducerRecord<>("big", "k", "x".repeat(4096)),
                    (md, e) -> {
                        seenMetadata.set(md);
                        seen.set(e);
                        called.countDown();
                    });
            assertThatThrownBy(() -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RecordTooLargeException.class);
            assertThat(called.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(seen.get()).isInstanceOf(RecordTooLargeException.class);
            assertThat(seenMetadata.get().topic()).isEqualTo("big");
            assertThat(seenMetadata.get().offset()).isEqualTo(-1L);
            RecordingInterceptor interceptor = RecordingInterceptor.MADE.get(0);
            assertThat(interceptor.acknowledged).singleElement().isSameAs(seen.get());
        }
    }

    @Test
    void recordsLeftAtCloseFailOnceAsApachesKafkaExceptionAfterTheirCallback() throws Exception {
        Map<String, Object> config = NoBroker.config();
        config.put("interceptor.classes", RecordingInterceptor.class.getName() + ", "
                + RecordingInterceptor.class.getName());
        config.put("delivery.timeout.ms", 60_000); // parked until close, which does not wait for them
        SamsaKafkaProducer<String, String> producer =
                new SamsaKafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        AtomicReference<Future<RecordMetadata>> futureRef = new AtomicReference<>();
        AtomicBoolean futureDoneInCallback = new AtomicBoolean(true);
        AtomicReference<Exception> seen = new AtomicReference<>();
        Future<RecordMetadata> future = producer.send(new ProducerRecord<>("parked", "k", "v"), (md, e) -> {
            seen.set(e);
            Future<RecordMetadata> f = futureRef.get();
            futureDoneInCallback.set(f == null || f.isDone());
        });
        futureRef.set(future);
        Future<RecordMetadata> noCallback = producer.send(new ProducerRecord<>("parked", "k2", "v2"));
        producer.close(Duration.ZERO);

        assertThatThrownBy(() -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isExactlyInstanceOf(KafkaException.class).isSameAs(seen.get());
        assertThat(futureDoneInCallback).as("the future completes after the callback").isFalse();
        assertThatThrownBy(() -> noCallback.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isExactlyInstanceOf(KafkaException.class);

        assertThat(RecordingInterceptor.MADE).hasSize(2).allSatisfy(i -> {
            assertThat(i.sent).hasSize(2);
            assertThat(i.acknowledged).hasSize(2).allSatisfy(e -> assertThat(e).isInstanceOf(KafkaException.class));
            assertThat(i.closed).isTrue();
            assertThat(i.configs.get("client.id")).isEqualTo(producer.metrics().keySet().iterator().next().tags()
                    .get("client-id"));
        });
        // Each interceptor got the record the one before returned.
        assertThat(RecordingInterceptor.MADE.get(1).sent.get(0).value()).isEqualTo("v!");
    }

    @Test
    void afterCloseSendThrowsApachesIllegalStateException() {
        Map<String, Object> config = NoBroker.config();
        config.put("interceptor.classes", RecordingInterceptor.class.getName());
        SamsaKafkaProducer<String, String> producer =
                new SamsaKafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        producer.close();
        producer.close(); // idempotent
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("t", "v")))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot perform operation after producer has been closed");
        assertThat(RecordingInterceptor.MADE.get(0).acknowledged).singleElement()
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> producer.close(Duration.ofMillis(-1)))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("The timeout cannot be negative.");
    }
}
