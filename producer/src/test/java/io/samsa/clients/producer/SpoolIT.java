package io.samsa.clients.producer;

import io.samsa.common.KafkaException;
import io.samsa.common.config.ConfigException;
import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The durable spool ({@code spool.dir}) against a real broker, in process: records survive a producer that stops
 * without delivering them (the broker down, a close that does not wait) and the next producer on the directory
 * delivers them first, exactly once and in order; acknowledged records give their disk space back; the directory
 * is one producer's at a time. The kill -9 proof is {@code SpoolCrashIT}.
 */
class SpoolIT {

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void acknowledgedRecordsLeaveNothingToReplay(@KafkaCluster KafkaTestCluster kafka, @TempDir Path dir)
            throws Exception {
        kafka.createTopic("spool-plain", 3, 1);
        Map<String, Object> config = config(kafka, dir, "spool-plain-1");
        config.put(ProducerConfig.SPOOL_SEGMENT_BYTES_CONFIG, 1024 * 1024);
        config.put(ProducerConfig.SPOOL_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
        try (KafkaProducer<byte[], byte[]> p = producer(config)) {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (long i = 0; i < 30_000; i++) {
                futures.add(p.send(new ProducerRecord<>("spool-plain", key(i), value(i))));
            }
            p.flush();
            for (CompletableFuture<RecordMetadata> f : futures) {
                assertThat(f).isCompleted();
                f.get();
            }
            // 30,000 records of ~40 bytes fill a few 1 MiB segments; once acknowledged they are released.
            awaitCondition(Duration.ofSeconds(20), () -> segments(dir) <= 2);
        }
        try (KafkaProducer<byte[], byte[]> p = producer(config(kafka, dir, "spool-plain-2"))) {
            p.flush();
        }
        assertThat(readBack(kafka, "spool-plain").values().stream().mapToInt(List::size).sum()).isEqualTo(30_000);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void recordsNotDeliveredBeforeCloseAreDeliveredByTheNextProducerExactlyOnceInOrder(
            @KafkaCluster(shared = false) KafkaTestCluster kafka, @TempDir Path dir) throws Exception {
        kafka.createTopic("spool-replay", 2, 1);
        long first = 5_000;
        long second = 5_000;
        try (KafkaProducer<byte[], byte[]> p = producer(config(kafka, dir, "spool-replay-1"))) {
            for (long i = 0; i < first; i++) {
                p.send(new ProducerRecord<>("spool-replay", (int) (i % 2), key(i), value(i)));
            }
            p.flush();
            kafka.stopNode(1);
            List<CompletableFuture<RecordMetadata>> stranded = new ArrayList<>();
            for (long i = first; i < first + second; i++) {
                stranded.add(p.send(new ProducerRecord<>("spool-replay", (int) (i % 2), key(i), value(i))));
            }
            p.close(Duration.ZERO); // the broker is down: these fail as closed, and stay in the spool
            for (CompletableFuture<RecordMetadata> f : stranded) {
                assertThat(f).isCompletedExceptionally();
            }
        }
        kafka.restartNode(1);
        try (KafkaProducer<byte[], byte[]> p = producer(config(kafka, dir, "spool-replay-2"))) {
            p.send(new ProducerRecord<>("spool-replay", 0, key(first + second), value(first + second)))
                    .get(60, TimeUnit.SECONDS);
            p.flush();
        }
        Map<Integer, List<Long>> byPartition = readBack(kafka, "spool-replay");
        List<Long> all = new ArrayList<>();
        byPartition.values().forEach(all::addAll);
        assertThat(all).hasSize((int) (first + second + 1)).doesNotHaveDuplicates();
        byPartition.values().forEach(values -> assertThat(values).isSorted());
        assertThat(byPartition.get(0)).last().isEqualTo(first + second); // the new record after the replayed ones
    }

    /**
     * A broker outage longer than buffer.memory lasts: with a spool, send() keeps taking records (they wait in the
     * spool, not in send()), and they all go out, in order, once the broker is back.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void anOutageLongerThanBufferMemoryIsTakenByTheSpool(@KafkaCluster(shared = false) KafkaTestCluster kafka,
                                                          @TempDir Path dir) throws Exception {
        kafka.createTopic("spool-outage", 2, 1);
        Map<String, Object> config = config(kafka, dir, "spool-outage");
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 256 * 1024);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 16 * 1024);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        byte[] payload = new byte[1000];
        long count = 5_000; // 5 MB of records: 20 times buffer.memory
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> p = producer(config)) {
            p.send(new ProducerRecord<>("spool-outage", 0, key(0), value(0))).get(30, TimeUnit.SECONDS);
            kafka.stopNode(1);
            long start = System.nanoTime();
            for (long i = 1; i <= count; i++) {
                byte[] v = payload.clone();
                ByteBuffer.wrap(v).putLong(i);
                futures.add(p.send(new ProducerRecord<>("spool-outage", (int) (i % 2), key(i), v)));
            }
            long sendMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(futures).noneMatch(CompletableFuture::isCompletedExceptionally);
            assertThat(p.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("buffer-exhausted-total"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum())
                    .as("sends that ran out of buffer.memory (took %d ms for %d)", sendMs, count).isZero();
            kafka.restartNode(1);
            for (CompletableFuture<RecordMetadata> f : futures) {
                f.get(90, TimeUnit.SECONDS);
            }
        }
        Map<Integer, List<Long>> byPartition = readBack(kafka, "spool-outage");
        List<Long> all = new ArrayList<>();
        byPartition.values().forEach(all::addAll);
        assertThat(all).hasSize((int) count + 1).doesNotHaveDuplicates();
        byPartition.values().forEach(values -> assertThat(values).isSorted());
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void oneProducerPerDirectory(@KafkaCluster KafkaTestCluster kafka, @TempDir Path dir) {
        try (KafkaProducer<byte[], byte[]> p = producer(config(kafka, dir, "spool-lock-1"))) {
            assertThatThrownBy(() -> producer(config(kafka, dir, "spool-lock-2")))
                    .isInstanceOf(KafkaException.class).hasMessageContaining("spool.dir=" + dir);
        }
    }

    @Test
    void aSpoolAndTransactionsConflict(@TempDir Path dir) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        config.put(ProducerConfig.SPOOL_DIR_CONFIG, dir.toString());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "txn");
        assertThatThrownBy(() -> producer(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("spool.dir").hasMessageContaining("transactional.id");
    }

    private static Map<String, Object> config(KafkaTestCluster kafka, Path dir, String clientId) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.SPOOL_DIR_CONFIG, dir.toString());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return config;
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> config) {
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] key(long i) {
        return ("k" + (i % 16)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static byte[] value(long i) {
        return ByteBuffer.allocate(8).putLong(i).array();
    }

    private static long segments(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<Integer, List<Long>> readBack(KafkaTestCluster kafka, String topic) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put("key.deserializer", ByteArrayDeserializer.class);
        config.put("value.deserializer", ByteArrayDeserializer.class);
        Map<Integer, List<Long>> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime()).as("reading %s back", topic).isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(ByteBuffer.wrap(r.value()).getLong());
                }
            }
        }
        return out;
    }

    private static void awaitCondition(Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", timeout).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
