package io.samsa.clients.producer;

import io.samsa.common.serialization.Serializer;
import io.samsa.common.config.ConfigException;
import io.samsa.kafka.embedded.TestCertificates;
import io.samsa.common.Cluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A constructor that fails part-way leaves nothing behind: every plugin it made or was given is closed, no thread
 * it started lives on, and the caller sees the original failure. No broker is needed: each failure happens before
 * the producer would first connect (bootstrap.servers points at a port nothing listens on).
 */
class ConstructorCleanupTest {
    /** What each plugin did, per test (the tag rides in the config every plugin is configured with). */
    static final Map<String, List<String>> EVENTS = new ConcurrentHashMap<>();
    private static final String TAG_KEY = "cleanup.test.tag";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String WRONG_PASSWORD = "not-the-store-password";

    @TempDir
    static Path dir;
    private static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.generate(dir);
    }

    @Test
    void aWrongKeystorePasswordClosesTheSerializersInterceptorsAndPartitionerMadeBefore() {
        String tag = newTag();
        Map<String, Object> config = base(tag);
        config.put("interceptor.classes", List.of(RecordingInterceptor.class.getName(),
                RecordingInterceptor.class.getName()));
        config.put("partitioner.class", RecordingPartitioner.class.getName());
        config.put("security.protocol", "SSL");
        config.put("ssl.keystore.type", "PKCS12");
        config.put("ssl.keystore.location", certs.clientKeystore().toString());
        config.put("ssl.keystore.password", WRONG_PASSWORD);
        RecordingSerializer key = new RecordingSerializer(tag, "key");
        RecordingSerializer value = new RecordingSerializer(tag, "value");
        Set<Thread> before = liveThreads();

        assertThatThrownBy(() -> new KafkaProducer<>(config, key, value))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ssl.keystore.password")
                .hasMessageNotContaining(WRONG_PASSWORD);

        // Made in the order serializers, interceptors, partitioner; closed in reverse.
        assertThat(EVENTS.get(tag)).containsExactly(
                "key configure", "value configure", "interceptor configure", "interceptor configure",
                "partitioner configure",
                "partitioner close", "interceptor close", "interceptor close", "value close", "key close");
        assertNoNewThreads(before, tag);
    }

    @Test
    void aSerializerWhoseConfigureThrowsIsClosedAndSoIsTheOneMadeBefore() {
        String tag = newTag();
        Map<String, Object> config = base(tag);
        config.put("key.serializer", RecordingSerializer.class.getName());
        config.put("value.serializer", FailingConfigureSerializer.class.getName());
        Set<Thread> before = liveThreads();

        assertThatThrownBy(() -> new KafkaProducer<String, String>(config))
                .isInstanceOf(IllegalStateException.class).hasMessage("value serializer refuses its config");

        assertThat(EVENTS.get(tag)).containsExactly("key configure", "value configure", "value close", "key close");
        assertNoNewThreads(before, tag);
    }

    @Test
    void aPartitionerWhoseConfigureThrowsIsClosedAndSoIsEverythingMadeBefore() {
        String tag = newTag();
        Map<String, Object> config = base(tag);
        config.put("interceptor.classes", List.of(RecordingInterceptor.class.getName()));
        config.put("partitioner.class", FailingConfigurePartitioner.class.getName());
        RecordingSerializer key = new RecordingSerializer(tag, "key");
        RecordingSerializer value = new RecordingSerializer(tag, "value");
        Set<Thread> before = liveThreads();

        assertThatThrownBy(() -> new KafkaProducer<>(config, key, value))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("partitioner refuses its config");

        assertThat(EVENTS.get(tag)).containsExactly("key configure", "value configure", "interceptor configure",
                "partitioner configure", "partitioner close", "interceptor close", "value close", "key close");
        assertNoNewThreads(before, tag);
    }

    @Test
    void aFailureToCloseIsAddedToTheOriginalFailureNotThrownInstead() {
        String tag = newTag();
        Map<String, Object> config = base(tag);
        config.put("security.protocol", "SSL");
        config.put("ssl.keystore.type", "PKCS12");
        config.put("ssl.keystore.location", certs.clientKeystore().toString());
        config.put("ssl.keystore.password", WRONG_PASSWORD);
        RecordingSerializer key = new RecordingSerializer(tag, "key");
        FailingCloseSerializer value = new FailingCloseSerializer();

        Throwable thrown = catchThrowable(() -> new KafkaProducer<>(config, key, value));

        assertThat(thrown).isInstanceOf(ConfigException.class).hasMessageContaining("ssl.keystore.password");
        assertThat(thrown.getSuppressed()).hasSize(1);
        assertThat(thrown.getSuppressed()[0]).hasMessageContaining("value serializer")
                .hasRootCauseMessage("value serializer cannot close");
        assertThat(EVENTS.get(tag)).containsExactly("key configure", "value configure", "value close", "key close")
                .as("a serializer that fails to close does not stop the others from closing");
    }

    @Test
    void aProducerThatStartsStillStartsAndClosesItsThreads() {
        // The control for the tests above: the same plugins, no failure; the threads exist, then go on close.
        String tag = newTag();
        Map<String, Object> config = base(tag);
        config.put("interceptor.classes", List.of(RecordingInterceptor.class.getName()));
        RecordingSerializer key = new RecordingSerializer(tag, "key");
        RecordingSerializer value = new RecordingSerializer(tag, "value");
        Set<Thread> before = liveThreads();
        KafkaProducer<String, String> producer = new KafkaProducer<>(config, key, value);
        assertThat(newThreads(before, tag)).extracting(Thread::getName)
                .containsExactlyInAnyOrder("samsa-io-" + tag, "samsa-callbacks-" + tag);
        producer.close();
        assertThat(EVENTS.get(tag)).containsExactly("key configure", "value configure", "interceptor configure",
                "key close", "value close", "interceptor close");
        assertNoNewThreads(before, tag);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected the constructor to fail");
    }

    private static String newTag() {
        String tag = "cleanup-" + SEQUENCE.incrementAndGet();
        EVENTS.put(tag, new CopyOnWriteArrayList<>());
        return tag;
    }

    /** The tag is also the client.id, so this producer's threads are the ones named after it. */
    private static Map<String, Object> base(String tag) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", "127.0.0.1:9");
        config.put("client.id", tag);
        config.put(TAG_KEY, tag);
        return config;
    }

    private static Set<Thread> liveThreads() {
        return Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    /** Threads alive now that were not before and carry the producer's client.id in their name. */
    private static List<Thread> newThreads(Set<Thread> before, String clientId) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && t.getName().contains(clientId))
                .collect(Collectors.toList());
    }

    /** Polls (a thread asked to stop may take a moment to end) until none is left, failing after 10 s. */
    private static void assertNoNewThreads(Set<Thread> before, String clientId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Thread> left = newThreads(before, clientId);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            left = newThreads(before, clientId);
        }
        assertThat(left).extracting(Thread::getName).as("threads left behind").isEmpty();
    }

    private static void event(Map<String, ?> configs, String what) {
        EVENTS.get((String) configs.get(TAG_KEY)).add(what);
    }

    // ---- plugins that record what is done to them -----------------------------------------------------------

    /** Given as an instance (tag and role known) or named by class (both learnt from configure). */
    public static class RecordingSerializer implements Serializer<String> {
        private String tag;
        private String role;

        public RecordingSerializer() {
        }

        RecordingSerializer(String tag, String role) {
            this.tag = tag;
            this.role = role;
        }

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            tag = (String) configs.get(TAG_KEY);
            role = isKey ? "key" : "value";
            EVENTS.get(tag).add(role + " configure");
        }

        @Override
        public byte[] serialize(String topic, String data) {
            return data == null ? null : data.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            EVENTS.get(tag).add(role + " close");
        }
    }

    public static class FailingConfigureSerializer extends RecordingSerializer {
        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            super.configure(configs, isKey);
            throw new IllegalStateException("value serializer refuses its config");
        }
    }

    /** Learns its tag from configure, as a producer given an instance configures it. */
    public static class FailingCloseSerializer extends RecordingSerializer {

        @Override
        public void close() {
            super.close();
            throw new IllegalStateException("value serializer cannot close");
        }
    }

    public static class RecordingInterceptor implements ProducerInterceptor<String, String> {
        private Map<String, ?> configs;

        @Override
        public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
            return record;
        }

        @Override
        public void configure(Map<String, ?> configs) {
            this.configs = configs;
            event(configs, "interceptor configure");
        }

        @Override
        public void close() {
            event(configs, "interceptor close");
        }
    }

    public static class RecordingPartitioner implements Partitioner {
        private Map<String, ?> configs;

        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                             Cluster cluster) {
            return 0;
        }

        @Override
        public void configure(Map<String, ?> configs) {
            this.configs = configs;
            event(configs, "partitioner configure");
        }

        @Override
        public void close() {
            event(configs, "partitioner close");
        }
    }

    public static class FailingConfigurePartitioner extends RecordingPartitioner {
        @Override
        public void configure(Map<String, ?> configs) {
            super.configure(configs);
            throw new IllegalArgumentException("partitioner refuses its config");
        }
    }
}
