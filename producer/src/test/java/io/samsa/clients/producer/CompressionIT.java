package io.samsa.clients.producer;

import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.common.header.internals.RecordHeader;
import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.FileLogInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every codec against a real broker: produced by Samsa, read back byte for byte by Apache Kafka's consumer; the
 * codec the broker stored, read from its log segments; the broker recompressing for a topic with its own codec;
 * and a compressed batch the broker finds too large, split and retried.
 *
 * <p>Which codec a batch is stored with is not visible through Apache's consumer (it hands out records), so the
 * test reads the partition's log segment files from the embedded broker's data directory with Apache's own
 * {@code FileRecords}: exactly the batches the broker appended. That part needs the embedded cluster (with
 * {@code -Dsamsa.bootstrap} the broker's disk is elsewhere and only the round trip is checked).
 */
@KafkaCluster
class CompressionIT {

    private static KafkaProducer<byte[], byte[]> producer(KafkaTestCluster kafka, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("linger.ms", 20);
        config.putAll(extra);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** JSON-ish events with keys, some null values and headers: what a compressing producer usually sends. */
    private static List<ProducerRecord<byte[], byte[]>> records(String topic, int n, long seed) {
        Random r = new Random(seed);
        // Recent timestamps: ones older than retention.ms (7 days) would let the broker delete the segments.
        long now = System.currentTimeMillis();
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] key = ("user-" + r.nextInt(500)).getBytes(StandardCharsets.UTF_8);
            byte[] value = i % 97 == 0 ? null : ("{\"seq\":" + i + ",\"type\":\"page_view\",\"session\":\""
                    + Long.toHexString(r.nextLong()) + "\",\"path\":\"/products/" + r.nextInt(100) + "\",\"pad\":\""
                    + "x".repeat(r.nextInt(300)) + "\"}").getBytes(StandardCharsets.UTF_8);
            ProducerRecord<byte[], byte[]> rec = new ProducerRecord<>(topic, null, now + i, key, value);
            rec.headers().add(new RecordHeader("i", Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
            out.add(rec);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd", "none"})
    void eachCodecRoundTripsByteForByteAndIsStoredAsSent(String codec, KafkaTestCluster kafka) throws Exception {
        String topic = "compressed-" + codec;
        kafka.createTopic(topic, 3, 1, Map.of("compression.type", "producer"));
        List<ProducerRecord<byte[], byte[]>> sent = records(topic, 3_000, codec.hashCode());
        try (KafkaProducer<byte[], byte[]> p = producer(kafka, Map.of("compression.type", codec))) {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> rec : sent) {
                futures.add(p.send(rec));
            }
            p.flush();
            for (CompletableFuture<RecordMetadata> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            // Apache's compression-rate-avg and per-topic compression-rate: compressed / uncompressed batch size.
            double rate = metric(p.metrics(), "compression-rate-avg", "producer-metrics", null);
            double topicRate = metric(p.metrics(), "compression-rate", "producer-topic-metrics", topic);
            if (codec.equals("none")) {
                assertThat(rate).isEqualTo(1.0);
                assertThat(topicRate).isEqualTo(1.0);
            } else {
                // JSON-ish values with runs of padding compress well with every codec.
                assertThat(rate).as("%s compression-rate-avg", codec).isGreaterThan(0.0).isLessThan(0.9);
                assertThat(topicRate).as("%s compression-rate", codec).isGreaterThan(0.0).isLessThan(0.9);
            }
        }
        assertReadBackExactly(kafka, topic, sent);

        int expectedCodec = List.of("none", "gzip", "snappy", "lz4", "zstd").indexOf(codec);
        Set<Integer> stored = storedCodecs(kafka, topic);
        if (stored != null) {
            assertThat(stored).as("codecs of the batches in %s's log segments", topic).containsExactly(expectedCodec);
        }
    }

    @Test
    void aTopicWithItsOwnCodecRecompresses(KafkaTestCluster kafka) throws Exception {
        String topic = "recompressed-gzip";
        kafka.createTopic(topic, 1, 1, Map.of("compression.type", "gzip"));
        List<ProducerRecord<byte[], byte[]>> sent = records(topic, 500, 7);
        try (KafkaProducer<byte[], byte[]> p = producer(kafka, Map.of("compression.type", "lz4"))) {
            for (ProducerRecord<byte[], byte[]> rec : sent) {
                p.send(rec);
            }
            p.flush();
        }
        assertReadBackExactly(kafka, topic, sent);
        Set<Integer> stored = storedCodecs(kafka, topic);
        if (stored != null) {
            assertThat(stored).containsExactly(1); // gzip: the topic's codec, not our lz4
        }
    }

    /**
     * Random values do not compress, so a 64 KiB batch stays about 64 KiB on the wire, far over the topic's
     * max.message.bytes of 6000: the broker answers MESSAGE_TOO_LARGE, the producer splits the batch on its
     * uncompressed records, compresses the halves and retries until they fit; every record arrives, in order.
     */
    @Test
    void aCompressedBatchTheBrokerFindsTooLargeIsSplitAndRetried(KafkaTestCluster kafka) throws Exception {
        String topic = "compressed-too-large";
        kafka.createTopic(topic, 1, 1, Map.of("max.message.bytes", "6000"));
        Random r = new Random(3);
        List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 200; i++) {
            byte[] value = new byte[1000];
            r.nextBytes(value);
            ProducerRecord<byte[], byte[]> rec = new ProducerRecord<>(topic, 0, now + i, null, value);
            rec.headers().add(new RecordHeader("i", Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
            sent.add(rec);
        }
        Map<MetricName, ? extends Metric> metrics;
        try (KafkaProducer<byte[], byte[]> p = producer(kafka, Map.of("compression.type", "lz4",
                "batch.size", 65536, "linger.ms", 1000))) {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> rec : sent) {
                futures.add(p.send(rec));
            }
            p.flush();
            long previous = -1;
            for (CompletableFuture<RecordMetadata> f : futures) {
                long offset = f.get(60, TimeUnit.SECONDS).offset();
                assertThat(offset).isGreaterThan(previous); // send order kept through the splits
                previous = offset;
            }
            metrics = p.metrics();
            double splits = metrics.entrySet().stream()
                    .filter(e -> e.getKey().name().equals("batch-split-total")
                            && e.getKey().group().equals("producer-metrics"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
            assertThat(splits).isGreaterThanOrEqualTo(1);
        }
        assertReadBackExactly(kafka, topic, sent);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** A metric's value (of {@code topic}'s, when given); fails when the producer has no such metric. */
    private static double metric(Map<MetricName, ? extends Metric> metrics, String name, String group,
                                 String topic) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals(group)
                        && (topic == null || topic.equals(e.getKey().tags().get("topic"))))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElseThrow(() -> new AssertionError("no metric " + group + "/" + name
                        + (topic == null ? "" : " for topic " + topic)));
    }

    /** Apache's consumer reads exactly what was sent: per partition, in send order, every byte and header. */
    private static void assertReadBackExactly(KafkaTestCluster kafka, String topic,
                                              List<ProducerRecord<byte[], byte[]>> sent) {
        int partitions = 3;
        List<ConsumerRecord<byte[], byte[]>> read = KafkaClients.readAll(kafka.clientConfigs(), topic, partitions,
                sent.size());
        assertThat(read).hasSize(sent.size());
        Map<String, ProducerRecord<byte[], byte[]>> byHeader = new HashMap<>();
        for (ProducerRecord<byte[], byte[]> s : sent) {
            byHeader.put(new String(s.headers().lastHeader("i").value(), StandardCharsets.UTF_8), s);
        }
        Map<Integer, Integer> lastIndexPerPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> c : read) {
            String i = new String(c.headers().lastHeader("i").value(), StandardCharsets.UTF_8);
            ProducerRecord<byte[], byte[]> s = byHeader.remove(i);
            assertThat(s).as("record %s read once", i).isNotNull();
            assertThat(c.key()).isEqualTo(s.key());
            assertThat(c.value()).isEqualTo(s.value());
            assertThat(c.timestamp()).isEqualTo(s.timestamp());
            int index = Integer.parseInt(i);
            Integer last = lastIndexPerPartition.put(c.partition(), index);
            assertThat(last == null || last < index).as("order within partition %d", c.partition()).isTrue();
        }
        assertThat(byHeader).isEmpty();
    }

    /** The codec ids of every batch in the topic's log segments; null when the broker's disk is not ours. */
    private static Set<Integer> storedCodecs(KafkaTestCluster kafka, String topic) throws IOException {
        if (!(kafka instanceof EmbeddedKafkaCluster embedded)) {
            return null;
        }
        Set<Integer> codecs = new TreeSet<>();
        List<Path> segments;
        try (Stream<Path> files = Files.walk(embedded.dataDirectory())) {
            segments = files.filter(f -> f.getFileName().toString().endsWith(".log")
                    && f.getParent().getFileName().toString().matches(java.util.regex.Pattern.quote(topic) + "-\\d+"))
                    .toList();
        }
        assertThat(segments).as("log segments of %s", topic).isNotEmpty();
        int batches = 0;
        for (Path segment : segments) {
            try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
                for (FileLogInputStream.FileChannelRecordBatch b : records.batches()) {
                    codecs.add((int) b.compressionType().id);
                    batches++;
                }
            }
        }
        assertThat(batches).as("batches in %s's segments", topic).isPositive();
        return codecs;
    }
}
