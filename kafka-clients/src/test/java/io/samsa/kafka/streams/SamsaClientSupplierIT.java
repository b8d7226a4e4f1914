package io.samsa.kafka.streams;

import io.samsa.kafka.SamsaKafkaProducer;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Kafka Streams on Samsa against a real broker: a word-count topology (sentences, split into words, grouped by
 * word - a repartition topic - counted in a state store with a changelog, counts to an output topic) run by
 * {@code KafkaStreams} with {@link SamsaClientSupplier}. Every record Streams writes goes through a Samsa producer;
 * the final counts are read back with Apache's consumer. At least once, and exactly once
 * ({@code exactly_once_v2}: Samsa's transactions) across a restart of the application with a fresh state
 * directory, where every count update is read back exactly once.
 */
@KafkaCluster
class SamsaClientSupplierIT {
    private static final Duration WAIT = Duration.ofSeconds(120);

    private static final List<String> SENTENCES = List.of(
            "the quick brown fox jumps over the lazy dog",
            "a samsa producer writes what kafka streams counts",
            "the dog sleeps and the fox runs",
            "streams counts every word the producer writes",
            "kafka kafka kafka");

    /** Records each producer it makes, and the configuration Streams gave it, so the test can tell what it made. */
    static final class RecordingSupplier extends SamsaClientSupplier {
        final List<Producer<byte[], byte[]>> producers = new CopyOnWriteArrayList<>();
        final List<Map<String, Object>> configs = new CopyOnWriteArrayList<>();

        @Override
        public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
            Producer<byte[], byte[]> producer = super.getProducer(config);
            producers.add(producer);
            configs.add(Map.copyOf(config));
            return producer;
        }
    }

    static Topology wordCount(String in, String out) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.<String, String>stream(in)
                .flatMapValues(line -> Arrays.asList(line.toLowerCase(Locale.ROOT).split("\\W+")))
                .groupBy((key, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
                .count()
                .toStream()
                .to(out, Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    private static Properties streamsConfig(KafkaTestCluster kafka, String applicationId, Path stateDir) {
        Properties props = new Properties();
        props.putAll(kafka.clientConfigs());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        // Commit often and forward every update (no record cache), so the counts arrive soon after the input.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return props;
    }

    @Test
    void wordCountRunsWithSamsaAsStreamsProducer(KafkaTestCluster kafka, @TempDir Path stateDir) throws Exception {
        String applicationId = "samsa-word-count-" + UUID.randomUUID();
        String in = "word-count-lines";
        String out = "word-count-counts";
        kafka.createTopic(in, 2, 1);
        kafka.createTopic(out, 2, 1);

        Map<String, Long> expected = new TreeMap<>();
        for (String sentence : SENTENCES) {
            for (String word : sentence.split(" ")) {
                expected.merge(word, 1L, Long::sum);
            }
        }
        try (SamsaKafkaProducer<String, String> producer = new SamsaKafkaProducer<>(
                new HashMap<>(kafka.clientConfigs()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < SENTENCES.size(); i++) {
                producer.send(new ProducerRecord<>(in, "line-" + i, SENTENCES.get(i)));
            }
            producer.flush();
        }

        RecordingSupplier supplier = new RecordingSupplier();
        AtomicReference<Throwable> streamsFailure = new AtomicReference<>();
        KafkaStreams streams = new KafkaStreams(wordCount(in, out), streamsConfig(kafka, applicationId, stateDir),
                supplier);
        Map<String, Long> counts;
        try {
            streams.setUncaughtExceptionHandler(e -> {
                streamsFailure.set(e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.start();
            counts = readCounts(kafka, out, expected, streamsFailure);
            assertThat(streamsFailure.get()).isNull();
            assertThat(counts).isEqualTo(expected);

            // The producer Streams wrote with was Samsa's: the supplier made it, and Streams' own metrics show its
            // app-info version (Samsa's, not kafka-clients') and the records it sent.
            assertThat(supplier.producers).isNotEmpty().allSatisfy(p -> assertThat(p).isInstanceOf(
                    SamsaKafkaProducer.class));
            Map<MetricName, ? extends Metric> producerMetrics = supplier.producers.get(0).metrics();
            String clientId = producerMetrics.keySet().iterator().next().tags().get("client-id");
            assertThat(clientId).startsWith(applicationId).endsWith("-producer");
            Object samsaVersion = value(producerMetrics, "app-info", "version", clientId);
            assertThat(samsaVersion).isNotEqualTo(AppInfoParser.getVersion());
            Map<MetricName, ? extends Metric> streamsMetrics = streams.metrics();
            assertThat(value(streamsMetrics, "app-info", "version", clientId)).isEqualTo(samsaVersion);
            // Changelog and repartition records as well as the output: more than one per word.
            assertThat((Double) value(streamsMetrics, "producer-metrics", "record-send-total", clientId))
                    .isGreaterThanOrEqualTo(expected.values().stream().mapToLong(Long::longValue).sum());
            // Streams sums the producer's *-time-ns-total metrics by name into its thread's blocked time: each
            // must be there at most once, and a Double.
            String thread = clientId.substring(0, clientId.length() - "-producer".length());
            assertThat(streamsMetrics.entrySet()).filteredOn(e -> e.getKey().name().equals("blocked-time-ns-total")
                            && thread.equals(e.getKey().tags().get("thread-id")))
                    .singleElement().satisfies(e -> assertThat((Double) e.getValue().metricValue()).isNotNegative());
        } finally {
            assertThat(streams.close(Duration.ofSeconds(60))).as("Streams closed in time").isTrue();
        }
        // Streams closed the producer it was given: its threads are gone and it refuses to send.
        for (Producer<byte[], byte[]> p : supplier.producers) {
            assertThatThrownBy(() -> p.send(new ProducerRecord<>(in, new byte[1])))
                    .isInstanceOf(IllegalStateException.class);
        }
        // Samsa's own threads (the application id starts with "samsa-" too: Streams' threads, its CloseThread among
        // them, are its business).
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> (name.startsWith("samsa-io-") || name.startsWith("samsa-callbacks-"))
                        && name.contains(applicationId));
    }

    /**
     * The word count under {@code processing.guarantee=exactly_once_v2}: Streams makes one transactional Samsa
     * producer per stream thread and commits each task's output, changelog and repartition records with its input
     * offsets in one transaction. The first instance is closed as soon as its first counts are visible, while most
     * of the first half of the input is still unprocessed; a second instance, same application id, fresh state
     * directory (so it restores the counts from the changelog, reading committed records only), processes the rest
     * and the second half. Read at {@code read_committed}, each word's count updates are 1, 2, ..., n exactly: an
     * update written twice (input processed again after its output was committed) or lost would show.
     */
    @Test
    void exactlyOnceWordCountIsExactAcrossARestart(KafkaTestCluster kafka, @TempDir Path stateDirs) throws Exception {
        String applicationId = "samsa-word-count-eos-" + UUID.randomUUID();
        String in = "word-count-eos-lines";
        String out = "word-count-eos-counts";
        kafka.createTopic(in, 2, 1);
        kafka.createTopic(out, 2, 1);
        int lines = 2_000;
        Map<String, Long> expected = new TreeMap<>();
        for (int i = 0; i < lines; i++) {
            for (String word : SENTENCES.get(i % SENTENCES.size()).split(" ")) {
                expected.merge(word, 1L, Long::sum);
            }
        }

        sendLines(kafka, in, 0, lines / 2);
        RecordingSupplier supplier = new RecordingSupplier();
        AtomicReference<Throwable> streamsFailure = new AtomicReference<>();
        KafkaStreams first = startExactlyOnce(kafka, applicationId, stateDirs.resolve("first"), in, out, supplier,
                streamsFailure);
        int seenAtClose;
        try {
            seenAtClose = awaitFirstCounts(kafka, out, streamsFailure);
        } finally {
            assertThat(first.close(Duration.ofSeconds(60))).as("first instance closed in time").isTrue();
        }
        System.out.printf("%s: first instance closed with %d count updates visible (of %d for the first half)%n",
                applicationId, seenAtClose, expected.values().stream().mapToLong(Long::longValue).sum() / 2);

        sendLines(kafka, in, lines / 2, lines);
        KafkaStreams second = startExactlyOnce(kafka, applicationId, stateDirs.resolve("second"), in, out, supplier,
                streamsFailure);
        Map<String, List<Long>> updates;
        try {
            updates = readUpdates(kafka, out, expected, streamsFailure);
        } finally {
            assertThat(second.close(Duration.ofSeconds(60))).as("second instance closed in time").isTrue();
        }
        assertThat(streamsFailure.get()).isNull();
        Map<String, Long> latest = new TreeMap<>();
        updates.forEach((word, counts) -> latest.put(word, counts.get(counts.size() - 1)));
        assertThat(latest).isEqualTo(expected);
        for (Map.Entry<String, List<Long>> e : updates.entrySet()) {
            List<Long> oneToN = LongStream.rangeClosed(1, expected.get(e.getKey())).boxed().toList();
            assertThat(e.getValue()).as("count updates of '%s'", e.getKey()).isEqualTo(oneToN);
        }

        // Streams' producers were Samsa's, each transactional with an id of this application.
        assertThat(supplier.producers).isNotEmpty().allSatisfy(p -> assertThat(p).isInstanceOf(
                SamsaKafkaProducer.class));
        assertThat(supplier.configs).allSatisfy(c -> assertThat((String) c.get("transactional.id"))
                .startsWith(applicationId));
    }

    private static void sendLines(KafkaTestCluster kafka, String topic, int from, int to) {
        try (SamsaKafkaProducer<String, String> producer = new SamsaKafkaProducer<>(
                new HashMap<>(kafka.clientConfigs()), new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(topic, "line-" + i, SENTENCES.get(i % SENTENCES.size())));
            }
            producer.flush();
        }
    }

    private static KafkaStreams startExactlyOnce(KafkaTestCluster kafka, String applicationId, Path stateDir,
                                                 String in, String out, SamsaClientSupplier supplier,
                                                 AtomicReference<Throwable> streamsFailure) {
        Properties props = streamsConfig(kafka, applicationId, stateDir);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // The closed instance does not leave the group (Streams' consumers never do on close): its member must
        // expire before the second instance gets the tasks. The broker's minimum session keeps that short.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
        KafkaStreams streams = new KafkaStreams(wordCount(in, out), props, supplier);
        streams.setUncaughtExceptionHandler(e -> {
            streamsFailure.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        return streams;
    }

    /** Waits until some count updates are committed; returns how many there were then. */
    private static int awaitFirstCounts(KafkaTestCluster kafka, String topic,
                                        AtomicReference<Throwable> streamsFailure) {
        try (KafkaConsumer<String, Long> consumer = committedReader(kafka, topic)) {
            int seen = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (seen == 0 && streamsFailure.get() == null && System.nanoTime() < deadline) {
                seen += consumer.poll(Duration.ofMillis(100)).count();
            }
            assertThat(streamsFailure.get()).isNull();
            assertThat(seen).as("count updates committed by the first instance").isPositive();
            return seen;
        }
    }

    /**
     * Every count update in the output topic, per word in the order written, read at {@code read_committed} from
     * the beginning until each word's latest equals {@code expected}, Streams fails, or {@link #WAIT} passes.
     */
    private static Map<String, List<Long>> readUpdates(KafkaTestCluster kafka, String topic,
                                                       Map<String, Long> expected,
                                                       AtomicReference<Throwable> streamsFailure) {
        Map<String, List<Long>> updates = new TreeMap<>();
        Map<String, Long> latest = new TreeMap<>();
        try (KafkaConsumer<String, Long> consumer = committedReader(kafka, topic)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!latest.equals(expected) && streamsFailure.get() == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(200))) {
                    updates.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
                    latest.put(r.key(), r.value());
                }
            }
        }
        return updates;
    }

    private static KafkaConsumer<String, Long> committedReader(KafkaTestCluster kafka, String topic) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, Long> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new LongDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static Object value(Map<MetricName, ? extends Metric> metrics, String group, String name,
                                String clientId) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().group().equals(group) && e.getKey().name().equals(name)
                        && clientId.equals(e.getKey().tags().get("client-id")))
                .map(e -> e.getValue().metricValue()).findFirst()
                .orElseThrow(() -> new AssertionError("no " + group + "/" + name + " for " + clientId));
    }

    /**
     * The latest count of each word in the output topic, read from the beginning until it equals
     * {@code expected}, Streams fails, or {@link #WAIT} passes.
     */
    private static Map<String, Long> readCounts(KafkaTestCluster kafka, String topic, Map<String, Long> expected,
                                                AtomicReference<Throwable> streamsFailure) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Long> latest = new TreeMap<>();
        try (KafkaConsumer<String, Long> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new LongDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!latest.equals(expected) && streamsFailure.get() == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(r.key(), r.value());
                }
            }
        }
        return latest;
    }
}
