package io.samsa.clients.producer;

import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.common.PartitionInfo;
import io.samsa.common.TopicPartition;
import io.samsa.common.Uuid;
import io.samsa.clients.consumer.ConsumerGroupMetadata;
import io.samsa.clients.consumer.OffsetAndMetadata;

import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The producer interface, shaped like Apache Kafka's {@code org.apache.kafka.clients.producer.Producer} so that
 * code written against it moves over with an import change. {@code send} returns a
 * {@link CompletableFuture} (which is a {@link java.util.concurrent.Future}).
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface Producer<K, V> extends Closeable {

    /**
     * Sends a record asynchronously; see {@link KafkaProducer#send(ProducerRecord, Callback)}.
     *
     * @param record the record to send
     * @return the record's future, completed with its metadata once acknowledged, or with the failure
     */
    CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record);

    /**
     * Sends a record asynchronously and calls {@code callback} when it is acknowledged or fails.
     *
     * @param record the record to send
     * @param callback called once the record is acknowledged or has failed; may be {@code null}
     * @return the record's future, completed with its metadata once acknowledged, or with the failure
     */
    CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback);

    /**
     * Like {@link #send(ProducerRecord, Callback)} but never blocks: when {@code buffer.memory} has no room for
     * the record right now, the returned future fails at once with a
     * {@link io.samsa.common.errors.TimeoutException} naming {@code buffer.memory} (and the callback is called with
     * it) instead of waiting up to {@code max.block.ms}. Samsa's addition: Apache's {@code Producer} has no such
     * method. Suits callers that must not stall, e.g. an event loop that sheds or defers load when the producer
     * is full. Throws as {@code send} does for a null record, a serializer failure, and after close.
     *
     * @param record the record to send
     * @param callback called once the record is acknowledged or has failed; may be {@code null}
     * @return the record's future
     */
    CompletableFuture<RecordMetadata> trySend(ProducerRecord<K, V> record, Callback callback);

    /**
     * {@link #trySend(ProducerRecord, Callback)} without a callback.
     *
     * @param record the record to send
     * @return the record's future
     */
    CompletableFuture<RecordMetadata> trySend(ProducerRecord<K, V> record);

    /**
     * Sends a record as {@link #send(ProducerRecord, Callback)} does, without a future: its fate reaches
     * {@code callback} only. For applications that use the callback and never the future, the usual way of sending
     * at a high rate: see {@link KafkaProducer#produce(ProducerRecord, Callback)} for what it saves. Samsa's
     * addition: Apache's {@code Producer} has no such method. This default sends with {@code send} and drops the
     * future.
     *
     * @param record the record to send
     * @param callback called once the record is acknowledged or has failed; may be {@code null}
     */
    default void produce(ProducerRecord<K, V> record, Callback callback) {
        send(record, callback);
    }

    /** Blocks until every record sent before this call has completed (acknowledged or failed). */
    void flush();

    /** Readies a transactional producer; see {@link KafkaProducer#initTransactions()}. */
    void initTransactions();

    /** Starts a transaction; see {@link KafkaProducer#beginTransaction()}. */
    void beginTransaction();

    /**
     * Commits consumer offsets with the transaction; see {@link KafkaProducer#sendOffsetsToTransaction}.
     *
     * @param offsets the offsets to commit, by partition
     * @param groupMetadata the consumer's {@code groupMetadata()}
     */
    void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                  ConsumerGroupMetadata groupMetadata);

    /** Commits the transaction; see {@link KafkaProducer#commitTransaction()}. */
    void commitTransaction();

    /** Aborts the transaction; see {@link KafkaProducer#abortTransaction()}. */
    void abortTransaction();

    /**
     * {@return the partitions of a topic, fetching metadata if needed (waits at most {@code max.block.ms})}
     *
     * @param topic the topic's name
     */
    List<PartitionInfo> partitionsFor(String topic);

    /**
     * {@return the client's telemetry instance id (KIP-714); see {@link KafkaProducer#clientInstanceId(Duration)}}
     *
     * @param timeout how long to wait for the id
     */
    Uuid clientInstanceId(Duration timeout);

    /**
     * Adds an application metric to the telemetry pushes; see {@link KafkaProducer#registerMetricForSubscription}.
     *
     * @param metric the metric to push
     */
    void registerMetricForSubscription(Metric metric);

    /**
     * Removes a metric added with {@link #registerMetricForSubscription}.
     *
     * @param metric the metric to stop pushing
     */
    void unregisterMetricFromSubscription(Metric metric);

    /** {@return the producer's metrics, live} */
    Map<MetricName, ? extends Metric> metrics();

    /** Closes the producer, waiting for records already sent to complete. */
    @Override
    void close();

    /**
     * Closes the producer, waiting at most {@code timeout}; what is left then fails.
     *
     * @param timeout how long to wait for records already sent
     */
    void close(Duration timeout);
}
