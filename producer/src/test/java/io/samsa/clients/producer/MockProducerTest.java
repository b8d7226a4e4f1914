package io.samsa.clients.producer;

import io.samsa.common.Cluster;
import io.samsa.common.KafkaException;
import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.common.Node;
import io.samsa.common.PartitionInfo;
import io.samsa.common.errors.SerializationException;
import io.samsa.common.serialization.IntegerSerializer;
import io.samsa.common.serialization.Serializer;
import io.samsa.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MockProducer records, partitions and completes records as its class comment says. */
class MockProducerTest {
    private static final Node NODE = new Node(0, "localhost", 9092);
    private static final int PARTITIONS = 6;

    /** "orders" with 6 partitions on one broker. */
    private static Cluster cluster() {
        List<PartitionInfo> parts = IntStream.range(0, PARTITIONS)
                .mapToObj(p -> new PartitionInfo("orders", p, NODE, new Node[] {NODE}, new Node[] {NODE}))
                .collect(Collectors.toList());
        return new Cluster("mock", List.of(NODE), parts, Set.of(), Set.of());
    }

    private static MockProducer<String, String> producer(boolean autoComplete) {
        return new MockProducer<>(cluster(), autoComplete, null, new StringSerializer(), new StringSerializer());
    }

    /** {@code produce}, the send without a future, records the record and calls its callback as {@code send} does. */
    @Test
    void produceRecordsTheRecordAndCallsItsCallback() {
        MockProducer<String, String> producer = producer(false);
        List<String> calls = new ArrayList<>();
        producer.produce(new ProducerRecord<>("orders", 4, "k", "v"),
                (md, e) -> calls.add(md.partition() + "@" + md.offset() + " " + e));
        assertThat(producer.history()).extracting(ProducerRecord::value).containsExactly("v");
        assertThat(calls).isEmpty();
        assertThat(producer.completeNext()).isTrue();
        assertThat(calls).containsExactly("4@0 null");
    }

    @Test
    void autoCompleteAcknowledgesEachRecordInSendWithOffsetsPerPartition() throws Exception {
        MockProducer<String, String> producer = producer(true);
        List<String> calls = new ArrayList<>();
        CompletableFuture<RecordMetadata> first = producer.send(new ProducerRecord<>("orders", 2, "k", "v"),
                (md, e) -> calls.add(md.partition() + "@" + md.offset() + " " + e));
        CompletableFuture<RecordMetadata> second = producer.send(new ProducerRecord<>("orders", 2, 1234L, "k", "vv"));
        CompletableFuture<RecordMetadata> other = producer.send(new ProducerRecord<>("orders", 3, null, "v"));

        assertThat(calls).containsExactly("2@0 null");
        assertThat(first).isCompleted();
        RecordMetadata md = second.get();
        assertThat(md.topic()).isEqualTo("orders");
        assertThat(md.partition()).isEqualTo(2);
        assertThat(md.offset()).isEqualTo(1);
        assertThat(md.timestamp()).isEqualTo(1234L);
        assertThat(md.serializedKeySize()).isEqualTo(1);
        assertThat(md.serializedValueSize()).isEqualTo(2);
        assertThat(first.get().hasTimestamp()).isFalse(); // no clock stamps records in the mock
        assertThat(other.get().offset()).isZero();
        assertThat(other.get().serializedKeySize()).isEqualTo(-1);
        assertThat(producer.history()).extracting(ProducerRecord::value).containsExactly("v", "vv", "v");
        assertThat(producer.flushed()).isTrue();
    }

    @Test
    void withoutAutoCompleteTheTestCompletesRecordsInOrder() {
        MockProducer<String, String> producer = producer(false);
        List<String> calls = new ArrayList<>();
        Callback record = (md, e) -> calls.add(md.offset() + (e == null ? "" : " " + e.getMessage()));
        CompletableFuture<RecordMetadata> a = producer.send(new ProducerRecord<>("orders", 0, "k", "a"), record);
        CompletableFuture<RecordMetadata> b = producer.send(new ProducerRecord<>("orders", 0, "k", "b"), record);
        CompletableFuture<RecordMetadata> c = producer.send(new ProducerRecord<>("orders", 0, "k", "c"), record);
        assertThat(producer.history()).hasSize(3);
        assertThat(producer.flushed()).isFalse();
        assertThat(a).isNotDone();

        assertThat(producer.completeNext()).isTrue();
        assertThat(a).isCompletedWithValueMatching(md -> md.offset() == 0);
        assertThat(producer.errorNext(new KafkaException("boom"))).isTrue();
        assertThat(b).isCompletedExceptionally();
        assertThatThrownBy(b::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(KafkaException.class);
        assertThat(calls).containsExactly("0", "-1 boom");

        producer.flush();
        assertThat(c).isCompletedWithValueMatching(md -> md.offset() == 2);
        assertThat(producer.flushed()).isTrue();
        assertThat(producer.completeNext()).isFalse();
        assertThat(producer.errorNext(new KafkaException("none left"))).isFalse();
    }

    @Test
    void aFailedRecordsCallbackGetsTheTopicAndPartitionWithoutOffsetOrTimestamp() {
        MockProducer<String, String> producer = producer(false);
        RecordMetadata[] seen = new RecordMetadata[1];
        producer.send(new ProducerRecord<>("orders", 4, 99L, "k", "v"), (md, e) -> seen[0] = md);
        producer.errorNext(new KafkaException("x"));
        assertThat(seen[0].topic()).isEqualTo("orders");
        assertThat(seen[0].partition()).isEqualTo(4);
        assertThat(seen[0].hasOffset()).isFalse();
        assertThat(seen[0].hasTimestamp()).isFalse();
    }

    /** The callback has run by the time the future is done (callback first, then the future). */
    @Test
    void theCallbackRunsBeforeTheFutureCompletes() {
        MockProducer<String, String> producer = producer(false);
        AtomicInteger futureDoneInCallback = new AtomicInteger(-1);
        CompletableFuture<?>[] future = new CompletableFuture<?>[1];
        future[0] = producer.send(new ProducerRecord<>("orders", "k", "v"),
                (md, e) -> futureDoneInCallback.set(future[0].isDone() ? 1 : 0));
        producer.completeNext();
        assertThat(futureDoneInCallback).hasValue(0);
        assertThat(future[0]).isCompleted();
    }

    @Test
    void aThrowingCallbackPropagatesButTheFutureStillCompletes() {
        MockProducer<String, String> producer = producer(false);
        CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>("orders", "k", "v"), (md, e) -> {
            throw new IllegalStateException("assertion in a callback");
        });
        assertThatThrownBy(producer::completeNext).hasMessage("assertion in a callback");
        assertThat(f).isCompleted();
        assertThat(producer.flushed()).isTrue();
    }

    // ---- Partitioning ----

    /** Keyed records land where KafkaProducer (and Apache Kafka's producer) would send them. */
    @Test
    void keyedRecordsGoWhereTheRealProducerSendsThem() throws Exception {
        MockProducer<String, String> producer = producer(true);
        org.apache.kafka.common.serialization.StringSerializer apache =
                new org.apache.kafka.common.serialization.StringSerializer();
        for (int i = 0; i < 200; i++) {
            String key = "key-" + i;
            int expected = org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(
                    apache.serialize("orders", key), PARTITIONS);
            assertThat(producer.send(new ProducerRecord<>("orders", key, "v")).get().partition()).as(key)
                    .isEqualTo(expected);
        }
    }

    @Test
    void unkeyedRecordsGoToTheFirstPartitionAndUnknownTopicsToZero() throws Exception {
        MockProducer<String, String> producer = producer(true);
        assertThat(producer.send(new ProducerRecord<>("orders", "v")).get().partition()).isZero();
        assertThat(producer.send(new ProducerRecord<>("unknown", "k", "v")).get().partition()).isZero();
        assertThat(producer.send(new ProducerRecord<>("unknown", 7, "k", "v")).get().partition()).isEqualTo(7);
        assertThat(producer.partitionsFor("orders")).hasSize(PARTITIONS);
        assertThat(producer.partitionsFor("unknown")).isEmpty();
    }

    @Test
    void aPartitionerChoosesWithTheCluster() throws Exception {
        Partitioner last = (topic, key, keyBytes, value, valueBytes, cluster) ->
                cluster.partitionCountForTopic(topic) - 1;
        MockProducer<String, String> producer = new MockProducer<>(cluster(), true, last, new StringSerializer(),
                new StringSerializer());
        assertThat(producer.send(new ProducerRecord<>("orders", "k", "v")).get().partition()).isEqualTo(5);
        // The record's own partition wins over the partitioner.
        assertThat(producer.send(new ProducerRecord<>("orders", 1, "k", "v")).get().partition()).isEqualTo(1);
    }

    /** As KafkaProducer: a partition the topic does not have fails the record, which is not recorded as sent. */
    @Test
    void aPartitionTheTopicDoesNotHaveFailsTheRecord() {
        MockProducer<String, String> producer = producer(false);
        List<Exception> errors = new ArrayList<>();
        CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>("orders", 6, "k", "v"),
                (md, e) -> errors.add(e));
        assertThat(f).isCompletedExceptionally();
        assertThat(errors).singleElement().isInstanceOf(KafkaException.class);
        assertThat(errors.get(0)).hasMessageContaining("Invalid partition 6");
        assertThat(producer.history()).isEmpty();
        assertThat(producer.flushed()).isTrue();
    }

    // ---- Serialization ----

    @Test
    void serializersRunWithTheHeadersAndTheirFailuresSurface() throws Exception {
        Serializer<String> tagging = new Serializer<>() {
            @Override
            public byte[] serialize(String topic, String data) {
                throw new AssertionError("the producer calls the headers overload");
            }

            @Override
            public byte[] serialize(String topic, io.samsa.common.header.Headers headers, String data) {
                headers.add("serialized-by", "mock".getBytes(StandardCharsets.UTF_8));
                return data.getBytes(StandardCharsets.UTF_8);
            }
        };
        MockProducer<String, String> producer = new MockProducer<>(cluster(), true, null, new StringSerializer(),
                tagging);
        ProducerRecord<String, String> record = new ProducerRecord<>("orders", "k", "value");
        producer.send(record).get();
        assertThat(record.headers().lastHeader("serialized-by")).isNotNull();
        assertThatThrownBy(() -> record.headers().add("late", null)).isInstanceOf(IllegalStateException.class);

        @SuppressWarnings({"unchecked", "rawtypes"})
        MockProducer<String, String> wrongType = new MockProducer(cluster(), true, null, new StringSerializer(),
                new IntegerSerializer());
        assertThatThrownBy(() -> wrongType.send(new ProducerRecord<>("orders", "k", "not an integer")))
                .isInstanceOf(SerializationException.class).hasMessageContaining("IntegerSerializer")
                .hasCauseInstanceOf(ClassCastException.class);
        assertThat(wrongType.history()).isEmpty();
    }

    @Test
    void withoutSerializersNothingIsSerialized() throws Exception {
        MockProducer<Object, Object> producer = new MockProducer<>();
        CompletableFuture<RecordMetadata> f = producer.send(new ProducerRecord<>("t", new Object(), new Object()));
        producer.completeNext();
        assertThat(f.get().serializedKeySize()).isEqualTo(-1);
        assertThat(f.get().partition()).isZero();
    }

    // ---- Simulated failures, close, clear, metrics ----

    @Test
    void exceptionFieldsAreThrownByTheirMethods() {
        MockProducer<String, String> producer = producer(false);
        producer.sendException = new KafkaException("send");
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("orders", "v"))).hasMessage("send");
        assertThatThrownBy(() -> producer.trySend(new ProducerRecord<>("orders", "v"))).hasMessage("send");
        assertThat(producer.history()).isEmpty();
        producer.sendException = null;
        producer.send(new ProducerRecord<>("orders", "v"));

        producer.flushException = new KafkaException("flush");
        assertThatThrownBy(producer::flush).hasMessage("flush");
        assertThat(producer.flushed()).isFalse();

        producer.partitionsForException = new KafkaException("partitionsFor");
        assertThatThrownBy(() -> producer.partitionsFor("orders")).hasMessage("partitionsFor");

        producer.closeException = new KafkaException("close");
        assertThatThrownBy(producer::close).hasMessage("close");
        assertThat(producer.closed()).isFalse();
    }

    @Test
    void afterCloseSendAndFlushThrowButPendingRecordsCanStillComplete() {
        MockProducer<String, String> producer = producer(false);
        CompletableFuture<RecordMetadata> pending = producer.send(new ProducerRecord<>("orders", "v"));
        producer.close();
        assertThat(producer.closed()).isTrue();
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("orders", "v")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(producer::flush).isInstanceOf(IllegalStateException.class);
        assertThat(producer.completeNext()).isTrue();
        assertThat(pending).isCompleted();
        assertThatThrownBy(() -> producer.send(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void clearForgetsHistoryAndPendingRecordsButNotOffsets() throws Exception {
        MockProducer<String, String> producer = producer(false);
        producer.send(new ProducerRecord<>("orders", 0, "k", "v"));
        producer.clear();
        assertThat(producer.history()).isEmpty();
        assertThat(producer.flushed()).isTrue();
        CompletableFuture<RecordMetadata> next = producer.send(new ProducerRecord<>("orders", 0, "k", "v"));
        producer.flush();
        assertThat(next.get().offset()).isEqualTo(1);
    }

    @Test
    void metricsAreWhatTheTestSets() {
        MockProducer<String, String> producer = producer(true);
        assertThat(producer.metrics()).isEmpty();
        MetricName name = new MetricName("record-send-total", "producer-metrics", "", Map.of());
        Metric metric = new Metric() {
            @Override
            public MetricName metricName() {
                return name;
            }

            @Override
            public Object metricValue() {
                return 42.0;
            }
        };
        producer.setMockMetrics(name, metric);
        assertThat(producer.metrics()).containsEntry(name, metric);
    }

    /** Many threads sending at once: every record is recorded once and offsets are unique per partition. */
    @Test
    void concurrentSendsAreEachRecordedOnce() throws Exception {
        MockProducer<String, String> producer = producer(true);
        int threads = 8;
        int perThread = 500;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        List<CompletableFuture<RecordMetadata>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    futures.add(producer.send(new ProducerRecord<>("orders", "k" + id + "-" + i, "v")));
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(producer.history()).hasSize(threads * perThread);
        Set<String> offsets = new java.util.HashSet<>();
        for (CompletableFuture<RecordMetadata> f : futures) {
            RecordMetadata md = f.get();
            assertThat(offsets.add(md.partition() + "@" + md.offset())).as("unique %s", md).isTrue();
        }
    }
}
