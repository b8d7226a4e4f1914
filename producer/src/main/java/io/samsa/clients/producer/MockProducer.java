package io.samsa.clients.producer;

import io.samsa.accumulator.RecordAccumulator;
import io.samsa.clients.consumer.ConsumerGroupMetadata;
import io.samsa.clients.consumer.OffsetAndMetadata;
import io.samsa.common.Cluster;
import io.samsa.common.KafkaException;
import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.common.PartitionInfo;
import io.samsa.common.TopicPartition;
import io.samsa.common.Uuid;
import io.samsa.common.errors.SerializationException;
import io.samsa.common.header.Headers;
import io.samsa.common.header.internals.RecordHeaders;
import io.samsa.common.serialization.Serializer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Producer} that sends nothing, for the unit tests of code that uses a producer: it records what was
 * sent ({@link #history()}) and completes each record when the test says so ({@link #completeNext()},
 * {@link #errorNext(RuntimeException)}), or at once with {@code autoComplete}. The shape of Apache Kafka's
 * {@code org.apache.kafka.clients.producer.MockProducer}, without its telemetry methods, so that tests move over
 * with an import change.
 *
 * <p>Transactions as Apache Kafka's mock keeps them: records sent in a transaction join {@link #history()} when it
 * commits and are dropped when it aborts; offsets sent to it join {@link #consumerGroupOffsetsHistory()} on commit;
 * the calls check their order (initTransactions first, one transaction at a time) and throw the
 * {@code *Exception} field set for them.
 *
 * <p>What a send does, as far as it can without a broker, is what {@link KafkaProducer} does:
 * <ul>
 *   <li>Key and value are serialized with the given serializers (with the record's headers, which are read-only
 *       afterwards), so a serializer's failure, or one of the wrong type, surfaces as the
 *       {@link SerializationException} {@code send} throws. Without serializers (the no-argument constructor)
 *       nothing is serialized.</li>
 *   <li>The partition is the record's own, else the partitioner's, else murmur2 of the serialized key over the
 *       topic's partitions in the cluster given (exactly where {@link KafkaProducer} sends the key, which Apache
 *       Kafka 4's mock does not do: it puts every record on the first partition), else the topic's first
 *       partition. A topic the cluster does not know goes to partition 0 (or the record's own). A partition the
 *       topic does not have fails the record (future and callback) with a {@link KafkaException}, as in
 *       {@link KafkaProducer}.</li>
 *   <li>Offsets count from 0 per partition. The metadata has the record's timestamp (-1 when it has none: no
 *       clock stamps it here) and the serialized sizes.</li>
 *   <li>Completing a record calls its {@link Callback} first, then completes its future (so whoever returns from
 *       the future's {@code get()} knows the callback ran). A failed record's callback gets the topic and
 *       partition with offset and timestamp -1. The callback runs on the thread that completes the record
 *       ({@code send} with {@code autoComplete}, {@code completeNext}, {@code errorNext}, {@code flush}), and what it
 *       throws propagates to that thread (the future is completed anyway), so that assertions in callbacks fail
 *       the test.</li>
 * </ul>
 *
 * <p>Failures to simulate: set {@link #sendException}, {@link #flushException}, {@link #partitionsForException}
 * or {@link #closeException}, which the method then throws, or complete records with
 * {@link #errorNext(RuntimeException)}. Interceptors are not run.
 *
 * <p>Thread-safe: every method synchronizes on the producer, and callbacks run while it is held (a callback may
 * call the producer on its own thread, not wait for another thread that does).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class MockProducer<K, V> implements Producer<K, V> {
    private final Cluster cluster;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final boolean autoComplete;
    /** The partitioning rules of {@link KafkaProducer}: the record's, the partitioner's, murmur2 of the key. */
    private final RecordRouter router;

    // Guarded by this.
    private final List<ProducerRecord<K, V>> sent = new ArrayList<>();
    private final Deque<Completion> completions = new ArrayDeque<>();
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private final Map<MetricName, Metric> mockMetrics = new LinkedHashMap<>();
    private boolean closed;
    private boolean transactionInitialized;
    private boolean transactionInFlight;
    private boolean transactionCommitted;
    private boolean transactionAborted;
    private long commitCount;
    private final List<ProducerRecord<K, V>> uncommittedSends = new ArrayList<>();
    private final Map<String, Map<TopicPartition, OffsetAndMetadata>> uncommittedOffsets = new LinkedHashMap<>();
    private final List<Map<String, Map<TopicPartition, OffsetAndMetadata>>> offsetsHistory = new ArrayList<>();

    /** Thrown by {@link #initTransactions()} while set. */
    public volatile RuntimeException initTransactionException;
    /** Thrown by {@link #beginTransaction()} while set. */
    public volatile RuntimeException beginTransactionException;
    /** Thrown by {@code sendOffsetsToTransaction} while set. */
    public volatile RuntimeException sendOffsetsToTransactionException;
    /** Thrown by {@link #commitTransaction()} while set. */
    public volatile RuntimeException commitTransactionException;
    /** Thrown by {@link #abortTransaction()} while set. */
    public volatile RuntimeException abortTransactionException;

    /** Thrown by {@link #send} when set (the record is not recorded). */
    public volatile RuntimeException sendException;
    /** Thrown by {@link #flush()} when set (nothing is completed). */
    public volatile RuntimeException flushException;
    private boolean telemetryDisabled;
    private final Map<MetricName, Metric> subscribedMetrics = new java.util.LinkedHashMap<>();
    private Uuid clientInstanceId;
    private int injectTimeoutExceptionCounter;

    /** Thrown by {@link #partitionsFor(String)} when set. */
    public volatile RuntimeException partitionsForException;
    /** Thrown by {@link #close()} when set (the producer stays open). */
    public volatile RuntimeException closeException;

    /**
     * @param cluster         the metadata: the topics' partitions, for partitioning and {@link #partitionsFor}
     * @param autoComplete    true to complete every record successfully in {@code send}; false to leave that to
     *                        {@link #completeNext()}, {@link #errorNext(RuntimeException)} or {@link #flush()}
     * @param partitioner     chooses the partition of records that do not name one; null for the built-in rules
     * @param keySerializer   serializes keys; null to serialize nothing
     * @param valueSerializer serializes values; null to serialize nothing
     */
    public MockProducer(Cluster cluster, boolean autoComplete, Partitioner partitioner, Serializer<K> keySerializer,
                        Serializer<V> valueSerializer) {
        this.cluster = cluster == null ? Cluster.empty() : cluster;
        this.autoComplete = autoComplete;
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
        this.router = new RecordRouter(partitioner, false);
    }

    /**
     * A mock producer without metadata: every record goes to its own partition, or 0.
     *
     * @param autoComplete    true to complete every record successfully in {@code send}; false to leave that to
     *                        the test
     * @param partitioner     chooses the partition of records that do not name one; null for the built-in rules
     * @param keySerializer   serializes keys; null to serialize nothing
     * @param valueSerializer serializes values; null to serialize nothing
     */
    public MockProducer(boolean autoComplete, Partitioner partitioner, Serializer<K> keySerializer,
                        Serializer<V> valueSerializer) {
        this(Cluster.empty(), autoComplete, partitioner, keySerializer, valueSerializer);
    }

    /** A mock producer without metadata or serializers that leaves completing records to the test. */
    public MockProducer() {
        this(Cluster.empty(), false, null, null, null);
    }

    /**
     * Records the record and, with {@code autoComplete}, completes it successfully (callback, then future)
     * before returning; otherwise it waits for {@link #completeNext()} and the like.
     *
     * @throws IllegalStateException  after {@link #close()}
     * @throws SerializationException if a serializer fails
     * @throws RuntimeException       {@link #sendException}, when set
     */
    @Override
    public synchronized CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        if (record == null) {
            throw new NullPointerException("record must not be null");
        }
        if (closed) {
            throw new IllegalStateException("MockProducer is already closed.");
        }
        RuntimeException toThrow = sendException;
        if (toThrow != null) {
            throw toThrow;
        }
        String topic = record.topic();
        Headers headers = record.headers();
        byte[] keyBytes = serialize("key", keySerializer, topic, headers, record.key());
        byte[] valueBytes = serialize("value", valueSerializer, topic, headers, record.value());
        if (headers instanceof RecordHeaders) {
            ((RecordHeaders) headers).setReadOnly(); // as KafkaProducer: the record is sent, its headers are final
        }
        int keySize = keyBytes == null ? -1 : keyBytes.length;
        int valueSize = valueBytes == null ? -1 : valueBytes.length;
        long timestamp = record.timestamp() == null ? -1L : record.timestamp();
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        int partition;
        try {
            partition = partition(record, keyBytes, valueBytes);
        } catch (KafkaException e) {
            // KafkaProducer fails such a record without sending it; so does the mock.
            TopicPartition tp = new TopicPartition(topic, record.partition() == null ? -1 : record.partition());
            new Completion(tp, -1L, timestamp, keySize, valueSize, callback, future).complete(e);
            return future;
        }
        TopicPartition tp = new TopicPartition(topic, partition);
        long offset = nextOffsets.merge(tp, 1L, Long::sum) - 1;
        Completion completion = new Completion(tp, offset, timestamp, keySize, valueSize, callback, future);
        (transactionInFlight ? uncommittedSends : sent).add(record);
        if (autoComplete) {
            completion.complete(null);
        } else {
            completions.addLast(completion);
        }
        return future;
    }

    /** {@link #send(ProducerRecord, Callback)} without a callback. */
    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    /** As {@link #send(ProducerRecord, Callback)}: the mock never blocks, so it never runs out of memory either. */
    @Override
    public CompletableFuture<RecordMetadata> trySend(ProducerRecord<K, V> record, Callback callback) {
        return send(record, callback);
    }

    /** {@link #trySend(ProducerRecord, Callback)} without a callback. */
    @Override
    public CompletableFuture<RecordMetadata> trySend(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    private static <T> byte[] serialize(String what, Serializer<T> serializer, String topic, Headers headers, T data) {
        if (serializer == null) {
            return null;
        }
        try {
            return serializer.serialize(topic, headers, data);
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            // As KafkaProducer: a serializer of the wrong type fails with a ClassCastException, reported as this.
            throw new SerializationException("Cannot serialize the " + what + " of a record for topic " + topic
                    + " with " + serializer.getClass().getName() + ": " + e, e);
        }
    }

    /** See the class comment; throws KafkaException for a partition the topic does not have. */
    private int partition(ProducerRecord<K, V> record, byte[] keyBytes, byte[] valueBytes) {
        List<PartitionInfo> partitions = cluster.partitionsForTopic(record.topic());
        if (partitions.isEmpty()) {
            return record.partition() == null ? 0 : record.partition();
        }
        int p = router.partition(record.topic(), record.partition(), record.key(), keyBytes, record.value(),
                valueBytes, cluster, partitions.size());
        // The built-in rules leave a record without a (serialized) key to the accumulator's sticky choice, which
        // the mock does not have: the topic's first partition, as Apache Kafka's mock.
        return p == RecordAccumulator.UNKNOWN_PARTITION ? partitions.get(0).partition() : p;
    }

    @Override
    public synchronized void initTransactions() {
        checkOpen();
        throwIfSet(initTransactionException);
        if (transactionInitialized) {
            throw new IllegalStateException("MockProducer has already been initialized for transactions.");
        }
        transactionInitialized = true;
        transactionInFlight = false;
        transactionCommitted = false;
        transactionAborted = false;
    }

    @Override
    public synchronized void beginTransaction() {
        checkOpen();
        checkInitialized();
        throwIfSet(beginTransactionException);
        if (transactionInFlight) {
            throw new IllegalStateException("A transaction is already in progress: commit or abort it first");
        }
        transactionInFlight = true;
        transactionCommitted = false;
        transactionAborted = false;
    }

    @Override
    public synchronized void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                      ConsumerGroupMetadata groupMetadata) {
        if (groupMetadata == null) {
            throw new IllegalArgumentException("Consumer group metadata could not be null");
        }
        checkOpen();
        checkInTransaction();
        throwIfSet(sendOffsetsToTransactionException);
        if (!offsets.isEmpty()) {
            uncommittedOffsets.computeIfAbsent(groupMetadata.groupId(), g -> new LinkedHashMap<>()).putAll(offsets);
        }
    }

    @Override
    public synchronized void commitTransaction() {
        checkOpen();
        checkInTransaction();
        throwIfSet(commitTransactionException);
        flush();
        sent.addAll(uncommittedSends);
        if (!uncommittedOffsets.isEmpty()) {
            offsetsHistory.add(new LinkedHashMap<>(uncommittedOffsets));
        }
        endTransaction();
        transactionCommitted = true;
        commitCount++;
    }

    @Override
    public synchronized void abortTransaction() {
        checkOpen();
        checkInTransaction();
        throwIfSet(abortTransactionException);
        endTransaction();
        transactionAborted = true;
    }

    private void endTransaction() {
        uncommittedSends.clear();
        uncommittedOffsets.clear();
        transactionInFlight = false;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("MockProducer is already closed.");
        }
    }

    private void checkInitialized() {
        if (!transactionInitialized) {
            throw new IllegalStateException("MockProducer hasn't been initialized for transactions.");
        }
    }

    private void checkInTransaction() {
        checkInitialized();
        if (!transactionInFlight) {
            throw new IllegalStateException("There is no open transaction.");
        }
    }

    private static void throwIfSet(RuntimeException e) {
        if (e != null) {
            throw e;
        }
    }

    /** {@return whether {@link #initTransactions()} has succeeded} */
    public synchronized boolean transactionInitialized() {
        return transactionInitialized;
    }

    /** {@return whether a transaction is open: begun and neither committed nor aborted yet} */
    public synchronized boolean transactionInFlight() {
        return transactionInFlight;
    }

    /** {@return whether the last transaction begun has been committed} */
    public synchronized boolean transactionCommitted() {
        return transactionCommitted;
    }

    /** {@return whether the last transaction begun has been aborted} */
    public synchronized boolean transactionAborted() {
        return transactionAborted;
    }

    /** {@return how many transactions were committed} */
    public synchronized long commitCount() {
        return commitCount;
    }

    /** {@return the records sent in the transaction now open, not (yet) in {@link #history()}, as a copy} */
    public synchronized List<ProducerRecord<K, V>> uncommittedRecords() {
        return List.copyOf(uncommittedSends);
    }

    /** {@return the offsets of each committed transaction that had any, by group} */
    public synchronized List<Map<String, Map<TopicPartition, OffsetAndMetadata>>> consumerGroupOffsetsHistory() {
        return List.copyOf(offsetsHistory);
    }

    /**
     * Completes every record not completed yet, successfully, in send order.
     *
     * @throws IllegalStateException after {@link #close()}
     * @throws RuntimeException      {@link #flushException}, when set
     */
    @Override
    public synchronized void flush() {
        if (closed) {
            throw new IllegalStateException("MockProducer is already closed.");
        }
        RuntimeException toThrow = flushException;
        if (toThrow != null) {
            throw toThrow;
        }
        while (completeNext()) {
            // each iteration completes one record
        }
    }

    /** Keeps the metric in {@link #subscribedMetrics()}. */
    @Override
    public synchronized void registerMetricForSubscription(Metric metric) {
        subscribedMetrics.put(metric.metricName(), metric);
    }

    /** Removes the metric from {@link #subscribedMetrics()}. */
    @Override
    public synchronized void unregisterMetricFromSubscription(Metric metric) {
        subscribedMetrics.remove(metric.metricName());
    }

    /** {@return the metrics registered for telemetry and not unregistered, by name} */
    public synchronized Map<MetricName, Metric> subscribedMetrics() {
        return Map.copyOf(subscribedMetrics);
    }

    /** Makes {@link #clientInstanceId} throw {@link IllegalStateException}, as with {@code enable.metrics.push=false}. */
    public synchronized void disableTelemetry() {
        telemetryDisabled = true;
    }

    /**
     * Sets the id {@link #clientInstanceId} returns.
     *
     * @param instanceId the id
     */
    public synchronized void setClientInstanceId(Uuid instanceId) {
        clientInstanceId = instanceId;
    }

    /**
     * Makes the next {@code count} calls of {@link #clientInstanceId} throw a
     * {@link io.samsa.common.errors.TimeoutException} (-1: every call).
     *
     * @param count how many calls throw; 0 for none, -1 for every call
     */
    public synchronized void injectTimeoutException(int count) {
        injectTimeoutExceptionCounter = count;
    }

    /**
     * The id set with {@link #setClientInstanceId}, as Apache Kafka's mock gives it.
     *
     * @throws IllegalStateException         after {@link #disableTelemetry()}
     * @throws UnsupportedOperationException when no id was set
     * @throws io.samsa.common.errors.TimeoutException while {@link #injectTimeoutException} says so
     */
    @Override
    public synchronized Uuid clientInstanceId(Duration timeout) {
        if (telemetryDisabled) {
            throw new IllegalStateException("Telemetry is disabled on this MockProducer (disableTelemetry())");
        }
        if (clientInstanceId == null) {
            throw new UnsupportedOperationException("clientInstanceId not set (setClientInstanceId)");
        }
        if (injectTimeoutExceptionCounter != 0) {
            if (injectTimeoutExceptionCounter > 0) {
                injectTimeoutExceptionCounter--;
            }
            throw new io.samsa.common.errors.TimeoutException("Injected timeout (injectTimeoutException)");
        }
        return clientInstanceId;
    }

    /**
     * The cluster's partitions of the topic (empty when it does not know it).
     *
     * @throws RuntimeException {@link #partitionsForException}, when set
     */
    @Override
    public synchronized List<PartitionInfo> partitionsFor(String topic) {
        RuntimeException toThrow = partitionsForException;
        if (toThrow != null) {
            throw toThrow;
        }
        return cluster.partitionsForTopic(topic);
    }

    /** {@return the metrics set with {@link #setMockMetrics}, as a snapshot} */
    @Override
    public synchronized Map<MetricName, Metric> metrics() {
        return Map.copyOf(mockMetrics);
    }

    /**
     * Adds (or replaces) a metric that {@link #metrics()} returns.
     *
     * @param name   the metric's name
     * @param metric the metric
     */
    public synchronized void setMockMetrics(MetricName name, Metric metric) {
        mockMetrics.put(name, metric);
    }

    /** {@link #close(Duration)}. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /**
     * Marks the producer closed: {@code send} and {@code flush} throw from now on. Records not completed yet stay
     * so (the test may still complete them), as in Apache Kafka's mock.
     *
     * @throws RuntimeException {@link #closeException}, when set (the producer stays open)
     */
    @Override
    public synchronized void close(Duration timeout) {
        RuntimeException toThrow = closeException;
        if (toThrow != null) {
            throw toThrow;
        }
        closed = true;
    }

    /** {@return whether {@link #close()} has been called (successfully)} */
    public synchronized boolean closed() {
        return closed;
    }

    /** {@return true when every record sent has been completed} */
    public synchronized boolean flushed() {
        return completions.isEmpty();
    }

    /** {@return the records sent since the producer was made or {@link #clear()}ed, in send order, as a copy} */
    public synchronized List<ProducerRecord<K, V>> history() {
        return new ArrayList<>(sent);
    }

    /**
     * Forgets the records sent, and those not completed yet, as Apache Kafka's mock: their futures never
     * complete. Offsets keep counting.
     */
    public synchronized void clear() {
        sent.clear();
        completions.clear();
    }

    /**
     * Completes the earliest record not completed yet, successfully.
     *
     * @return false when there was none
     */
    public synchronized boolean completeNext() {
        return errorNext(null);
    }

    /**
     * Completes the earliest record not completed yet with {@code e} (successfully when null).
     *
     * @param e the failure to complete the record with, or null for success
     * @return false when there was none
     */
    public synchronized boolean errorNext(RuntimeException e) {
        Completion completion = completions.pollFirst();
        if (completion == null) {
            return false;
        }
        completion.complete(e);
        return true;
    }

    /** One record waiting to be completed. */
    private static final class Completion {
        private final TopicPartition tp;
        private final long offset;
        private final long timestamp;
        private final int keySize;
        private final int valueSize;
        private final Callback callback;
        private final CompletableFuture<RecordMetadata> future;

        Completion(TopicPartition tp, long offset, long timestamp, int keySize, int valueSize, Callback callback,
                   CompletableFuture<RecordMetadata> future) {
            this.tp = tp;
            this.offset = offset;
            this.timestamp = timestamp;
            this.keySize = keySize;
            this.valueSize = valueSize;
            this.callback = callback;
            this.future = future;
        }

        /** Calls the callback, then completes the future, even when the callback throws (which propagates). */
        void complete(RuntimeException error) {
            RecordMetadata metadata = error == null
                    ? new RecordMetadata(tp, offset, 0, timestamp, keySize, valueSize)
                    : new RecordMetadata(tp, -1L, 0, -1L, keySize, valueSize);
            try {
                if (callback != null) {
                    callback.onCompletion(metadata, error);
                }
            } finally {
                if (error == null) {
                    future.complete(metadata);
                } else {
                    future.completeExceptionally(error);
                }
            }
        }
    }
}
