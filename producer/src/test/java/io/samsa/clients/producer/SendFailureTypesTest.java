package io.samsa.clients.producer;

import io.samsa.common.errors.InterruptException;
import io.samsa.common.errors.SerializationException;
import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.common.serialization.Serializer;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Failures {@code send} reports by throwing, with the types and side effects of Apache Kafka's producer: an
 * interrupted wait for buffer memory throws {@link InterruptException} and keeps the thread interrupted, a
 * serializer failure throws {@link SerializationException}, and interceptors hear of both. No broker is needed:
 * nothing listens on the bootstrap address, so records park and hold their memory.
 */
class SendFailureTypesTest {

    /** Interceptor recording the exceptions it is told about; static because the producer instantiates it. */
    public static final class Errors implements ProducerInterceptor<byte[], byte[]> {
        static final List<Exception> SEEN = new CopyOnWriteArrayList<>();

        @Override
        public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                SEEN.add(exception);
            }
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
        config.put("buffer.memory", 4096);
        config.put("max.block.ms", 60_000);
        config.put("interceptor.classes", Errors.class.getName());
        return config;
    }

    @Test
    void anInterruptedWaitForMemoryThrowsInterruptExceptionAndStaysInterrupted() throws Exception {
        Errors.SEEN.clear();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(config(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            p.send(new ProducerRecord<>("idle-topic", new byte[3000])); // parks, holding most of the buffer
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> p.send(new ProducerRecord<>("idle-topic", new byte[3000])))
                        .isInstanceOf(InterruptException.class).hasMessageContaining("buffer.memory")
                        .hasCauseInstanceOf(InterruptedException.class);
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(Errors.SEEN).singleElement().isInstanceOf(InterruptException.class);
            p.close(java.time.Duration.ZERO);
        }
    }

    @Test
    void aSerializerFailureThrowsSerializationExceptionAndInterceptorsHearOfIt() throws Exception {
        Errors.SEEN.clear();
        Serializer<byte[]> broken = (topic, data) -> {
            throw new IllegalStateException("cannot encode");
        };
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(config(), new ByteArraySerializer(), broken)) {
            assertThatThrownBy(() -> p.send(new ProducerRecord<>("t", new byte[1])))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("value")
                    .hasMessageContaining("cannot encode").hasMessageContaining("topic t");
            assertThat(Errors.SEEN).singleElement().isInstanceOf(SerializationException.class);
            p.close(java.time.Duration.ZERO);
        }
    }
}
