package io.samsa.kafka;

import io.samsa.clients.producer.ProducerConfig;
import io.samsa.common.config.ConfigDef;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Apache Kafka's {@link Producer} interface over the Samsa producer: code written against kafka-clients (and the
 * frameworks that take a {@code Producer}, or a factory of them) sends through Samsa by constructing this class
 * where it constructed {@code org.apache.kafka.clients.producer.KafkaProducer}, with the same configuration.
 *
 * <pre>{@code
 * Properties props = new Properties();
 * props.put("bootstrap.servers", "localhost:9092");
 * Producer<String, String> producer =
 *         new SamsaKafkaProducer<>(props, new StringSerializer(), new StringSerializer()); // Apache's serializers
 * producer.send(new ProducerRecord<>("orders", "key", "value"), (metadata, e) -> ...);    // Apache's types
 * }</pre>
 *
 * <p><b>What is Apache's here.</b> Every type in and out: records, callbacks, metadata, partitions, metrics and
 * exceptions (Samsa's are turned into Apache's of the same name). Plugins written for kafka-clients -
 * serializers (header-aware ones included), partitioners, interceptors - run unchanged, configured as Apache's
 * producer configures them, and the configuration keys and defaults are Apache's. {@code send} returns a future
 * that completes after the record's callback has run, as Apache's does; exceptions thrown from the callback or
 * from interceptors are logged and do not reach the application. {@code metrics()} has Apache's group, metric and
 * tag names and an {@code app-info} group (with Samsa's version).
 *
 * <p><b>Transactions.</b> With {@code transactional.id} set, {@link #initTransactions()}, {@link #beginTransaction()},
 * {@link #sendOffsetsToTransaction}, {@link #commitTransaction()} and {@link #abortTransaction()} are the Samsa
 * producer's, with Apache Kafka 4.1's semantics, given and throwing Apache's types (offsets, group metadata,
 * {@code ProducerFencedException}, the consumer's {@code CommitFailedException}, {@code TimeoutException}, ...). So
 * Kafka Streams' exactly-once processing and Spring's transactional producers run on it. Without
 * {@code transactional.id} they fail as on a non-transactional Apache producer. Two-phase commit (KIP-939) is not
 * in kafka-clients 4.1's public API, and not here.
 *
 * <p><b>What is Samsa's.</b> How records are sent: {@code send} does not wait for metadata (see the Samsa
 * producer), callbacks run on a callback thread of their own rather than the I/O thread, and {@link #trySend}
 * never blocks. Apache classes in {@code metric.reporters} are not run (they need Apache's metric objects);
 * Samsa's reporters are, and {@link #metrics()} gives every metric in Apache's types.
 *
 * <p><b>Why the Samsa producer inside is not exposed.</b> Sending through it would bypass the Apache interceptors
 * and the conversions, and closing it would leave this object broken; {@link #trySend} is the one Samsa-only way
 * to send, offered here in Apache's types.
 *
 * <p>Thread-safe, as Apache's producer. Needs kafka-clients on the class path (this module's {@code provided}
 * dependency: the application brings its own).
 *
 * @param <K> key type
 * @param <V> value type
 */
public class SamsaKafkaProducer<K, V> implements Producer<K, V> {
    private static final Logger log = LoggerFactory.getLogger(SamsaKafkaProducer.class);

    private final io.samsa.clients.producer.KafkaProducer<K, V> producer;
    private final Interceptors<K, V> interceptors;
    /** Whether a serializer reads or adds headers: then every record gets its headers wrapped for it. */
    private final boolean serializersSeeHeaders;
    /** Whether Apache's producer would have a transaction manager (it does when idempotent), for its messages. */
    private final boolean idempotent;
    /** Whether {@code transactional.id} is set: then the transactional methods are the Samsa producer's. */
    private final boolean transactional;
    private final Conversions conversions = new Conversions();
    private final MetricsView metrics;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * From a configuration whose values may be strings or objects of the right type; serializers are named by
     * {@code key.serializer} and {@code value.serializer}.
     *
     * @param configs Apache Kafka producer configuration
     */
    public SamsaKafkaProducer(Map<String, Object> configs) {
        this(configs, null, null);
    }

    /**
     * From {@link Properties}; serializers are named by {@code key.serializer} and {@code value.serializer}.
     *
     * @param properties Apache Kafka producer configuration
     */
    public SamsaKafkaProducer(Properties properties) {
        this(toMap(properties), null, null);
    }

    /**
     * With serializer instances, which are used as they are: not configured (as Apache's producer), and closed
     * with the producer.
     *
     * @param properties Apache Kafka producer configuration
     * @param keySerializer the keys' serializer, or {@code null} to make the one {@code key.serializer} names
     * @param valueSerializer the values' serializer, or {@code null} to make the one {@code value.serializer} names
     */
    public SamsaKafkaProducer(Properties properties, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this(toMap(properties), keySerializer, valueSerializer);
    }

    /**
     * With serializer instances, which are used as they are: not configured (as Apache's producer), and closed
     * with the producer.
     *
     * @param configs Apache Kafka producer configuration, values as strings or objects of the right type
     * @param keySerializer the keys' serializer, or {@code null} to make the one {@code key.serializer} names
     * @param valueSerializer the values' serializer, or {@code null} to make the one {@code value.serializer} names
     * @throws org.apache.kafka.common.config.ConfigException for a configuration the producer refuses (a missing
     *         or invalid value, {@code transactional.id} with idempotence turned off), naming the key
     * @throws KafkaException "Failed to construct kafka producer" for any other failure, with the reason as its
     *         cause (a plugin that cannot be made or configured, a key store that does not open, ...)
     */
    public SamsaKafkaProducer(Map<String, Object> configs, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        Plugins<K, V> plugins = Plugins.make(configs, keySerializer, valueSerializer);
        try {
            this.producer = new io.samsa.clients.producer.KafkaProducer<>(plugins.config, plugins.keySerializer,
                    plugins.valueSerializer, plugins.partitioner);
        } catch (RuntimeException | Error e) {
            // The Samsa producer has closed the serializers and the partitioner; the interceptors are ours.
            plugins.interceptors.close();
            throw constructionFailure(e);
        }
        this.interceptors = plugins.interceptors;
        this.serializersSeeHeaders = plugins.keySerializer instanceof SerializerAdapter.HeaderAware
                || plugins.valueSerializer instanceof SerializerAdapter.HeaderAware;
        this.idempotent = plugins.config.idempotenceEnabled();
        this.transactional = plugins.config.getString(ProducerConfig.TRANSACTIONAL_ID_CONFIG) != null;
        this.metrics = new MetricsView(producer::metrics);
    }

    private static Map<String, Object> toMap(Properties properties) {
        try {
            return ConfigDef.toMap(properties);
        } catch (RuntimeException e) {
            throw ApacheExceptions.thrown(e);
        }
    }

    /**
     * As Apache's producer reports a failure after its configuration was accepted: wrapped, whatever it is (its
     * configuration's own errors are thrown unwrapped, before).
     */
    static KafkaException constructionFailure(Throwable t) {
        return new KafkaException("Failed to construct kafka producer", t instanceof Exception
                ? ApacheExceptions.toApache(t) : t);
    }

    // =============================================================================================================
    // send
    // =============================================================================================================

    @Override
    public Future<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    /**
     * Sends a record, as Apache's producer: the interceptors' {@code onSend}, then the Samsa producer's
     * {@code send}. The future completes, and the callback runs, when the record is acknowledged or has failed for
     * good; the future after the callback. A failure the Samsa producer reports synchronously is thrown as Apache's
     * producer throws it (a serializer's own exception unchanged, Samsa's translated), after the interceptors
     * heard of it.
     *
     * @return a {@code CompletableFuture} when there is a callback or an interceptor, else a lighter
     *         {@code Future}; either way only {@link Future} is promised, as by Apache's producer
     * @throws IllegalStateException if the producer is closed
     */
    @Override
    public Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        return send(record, callback, true);
    }

    /**
     * Like {@link #send(ProducerRecord, Callback)} but never blocks: when {@code buffer.memory} has no room for
     * the record right now, the future fails at once (and the callback is called) with a
     * {@link org.apache.kafka.common.errors.TimeoutException} naming {@code buffer.memory}, instead of waiting up
     * to {@code max.block.ms}. Samsa's addition; Apache's producer has no such method.
     *
     * @param record the record to send
     * @param callback called once the record is acknowledged or has failed; may be {@code null}
     * @return the record's future, completed as {@link #send(ProducerRecord, Callback)}'s is
     */
    public Future<RecordMetadata> trySend(ProducerRecord<K, V> record, Callback callback) {
        return send(record, callback, false);
    }

    /**
     * {@link #trySend(ProducerRecord, Callback)} without a callback.
     *
     * @param record the record to send
     * @return the record's future
     */
    public Future<RecordMetadata> trySend(ProducerRecord<K, V> record) {
        return send(record, null, false);
    }

    private Future<RecordMetadata> send(ProducerRecord<K, V> original, Callback callback, boolean mayBlock) {
        ProducerRecord<K, V> record = interceptors.isEmpty() ? original : interceptors.onSend(original);
        try {
            if (closed.get()) {
                throw new IllegalStateException("Cannot perform operation after producer has been closed");
            }
            Headers headers = record.headers();
            // Wrapped only when someone will look: a header-aware serializer, or headers to write. toArray() of an
            // empty Apache RecordHeaders returns a shared empty array, so the check allocates nothing.
            ApacheHeaders wrapped = serializersSeeHeaders || headers.toArray().length > 0
                    ? new ApacheHeaders(headers) : null;
            // The future is the Samsa producer's in-flight hook too, and the record goes by its parts: one object
            // per record beside the caller's, not a second record and a second future.
            RecordFuture result = interceptors.isEmpty() ? new RecordFuture(record.topic(), callback, conversions)
                    : new RecordFuture.Intercepted(record.topic(), callback, conversions, interceptors, headers);
            producer.send(result, record.topic(), record.partition(), record.timestamp(), record.key(),
                    record.value(), wrapped, mayBlock);
            if (wrapped == null && headers instanceof RecordHeaders) {
                // What Apache's producer does once a record is serialized; the wrapper does it when there is one.
                ((RecordHeaders) headers).setReadOnly();
            }
            return result;
        } catch (RuntimeException e) {
            return sendFailed(record, callback, e);
        }
    }

    /**
     * A send that threw, handled as Apache's producer handles it: an {@link ApiException} goes to the callback and
     * the returned future; anything else is thrown. The interceptors hear of it either way.
     */
    private Future<RecordMetadata> sendFailed(ProducerRecord<K, V> record, Callback callback, RuntimeException e) {
        RuntimeException error = SerializerAdapter.originalFailure(e);
        if (error == null) {
            error = ApacheExceptions.thrown(e);
        }
        TopicPartition tp = record == null ? null : conversions.topicPartition(record.topic(),
                record.partition() == null ? RecordMetadata.UNKNOWN_PARTITION : record.partition());
        if (error instanceof ApiException) {
            if (callback != null) {
                callback.onCompletion(Conversions.failedMetadata(tp), error);
            }
            interceptors.onSendError(record, tp, error);
            CompletableFuture<RecordMetadata> failed = new CompletableFuture<>();
            failed.completeExceptionally(error);
            return failed;
        }
        interceptors.onSendError(record, tp, error);
        throw error;
    }

    // =============================================================================================================
    // flush, partitionsFor, metrics, close
    // =============================================================================================================

    /** Blocks until every record sent before this call has completed and its callback has run. */
    @Override
    public void flush() {
        try {
            producer.flush();
        } catch (RuntimeException e) {
            throw ApacheExceptions.thrown(e);
        }
    }

    /** The partitions of a topic, waiting at most {@code max.block.ms} for its metadata. */
    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        Objects.requireNonNull(topic, "topic cannot be null");
        try {
            return Conversions.partitions(producer.partitionsFor(topic));
        } catch (RuntimeException e) {
            throw ApacheExceptions.thrown(e);
        }
    }

    /**
     * The producer's metrics, live, under Apache's names, with an {@code app-info} group. The same map is returned
     * until the set of metrics changes.
     */
    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return metrics.metrics();
    }

    /**
     * Adds the application metric to the client telemetry pushes (KIP-714, KIP-1076), named by Apache's convention,
     * as Apache's producer does; the producer's own metrics cannot be replaced (logged and ignored).
     */
    @Override
    public void registerMetricForSubscription(KafkaMetric metric) {
        producer.registerMetricForSubscription(new TelemetryMetric(metric));
    }

    /** Removes a metric added with {@link #registerMetricForSubscription}. */
    @Override
    public void unregisterMetricFromSubscription(KafkaMetric metric) {
        producer.unregisterMetricFromSubscription(new TelemetryMetric(metric));
    }

    /** An application's {@code KafkaMetric} as the Samsa producer's telemetry reads it. */
    private record TelemetryMetric(KafkaMetric metric) implements io.samsa.common.Metric {
        @Override
        public io.samsa.common.MetricName metricName() {
            org.apache.kafka.common.MetricName n = metric.metricName();
            return new io.samsa.common.MetricName(n.name(), n.group(), n.description(), n.tags());
        }

        @Override
        public Object metricValue() {
            return metric.metricValue();
        }
    }

    /**
     * The client's telemetry instance id (KIP-714), which the cluster assigns on the first telemetry exchange.
     *
     * @return the id, or null when it did not arrive within {@code timeout} or the cluster offers no telemetry
     * @throws IllegalStateException    when {@code enable.metrics.push=false}
     * @throws IllegalArgumentException when {@code timeout} is negative
     */
    @Override
    public Uuid clientInstanceId(Duration timeout) {
        io.samsa.common.Uuid id;
        try {
            id = producer.clientInstanceId(timeout);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ApacheExceptions.thrown(e);
        }
        return id == null ? null : new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    /** Closes the producer, waiting (without a limit of its own) for records already sent. */
    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    /**
     * Waits at most {@code timeout} for records already sent, fails the rest, then closes the plugins (the
     * interceptors last, after every record's outcome reached them). Idempotent.
     *
     * @throws IllegalArgumentException if the timeout is negative, as Apache's producer
     */
    @Override
    public void close(Duration timeout) {
        if (timeout.toMillis() < 0) {
            throw new IllegalArgumentException("The timeout cannot be negative.");
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        try {
            producer.close(timeout);
        } catch (RuntimeException e) {
            failure = e;
        }
        interceptors.close();
        if (failure != null) {
            throw new KafkaException("Failed to close kafka producer", ApacheExceptions.toApache(failure));
        }
    }

    // =============================================================================================================
    // Transactions: with transactional.id, each method is the Samsa producer's, in Apache's types. Without, they fail
    // as on a non-transactional Apache producer: with idempotence (the default) it has a transaction manager that is
    // not transactional; without, none at all.
    // =============================================================================================================

    /**
     * Readies the transactional producer: registers its {@code transactional.id} with the transaction coordinator,
     * which fences older producers with the same id and completes (aborts) a transaction they left open. Waits at
     * most {@code max.block.ms}; a call that timed out goes on in the background, and calling it again waits for
     * it.
     *
     * @throws IllegalStateException without {@code transactional.id}, after close, or when called twice
     * @throws org.apache.kafka.common.errors.TimeoutException if it did not complete within {@code max.block.ms}
     */
    @Override
    public void initTransactions() {
        if (!transactional) {
            throw notTransactionalFailure();
        }
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            throw ApacheExceptions.thrown(e);
        }
    }

    /**
     * Starts a transaction: records sent until {@link #commitTransaction()} become visible to
     * {@code read_committed} consumers together, or (after {@link #abortTransaction()}) never.
     *
     * @throws IllegalStateException before {@link #initTransactions()}, while a transaction is open, or after a
     *         failed one that was not aborted
     * @throws org.apache.kafka.common.errors.ProducerFencedException if a newer producer with the same
     *         {@code transactional.id} took over: close this one
     */
    @Override
    public void beginTransaction() {
        if (!transactional) {
            throw notTransactionalFailure();
        }
        try {
            producer.beginTransaction();
        } catch (RuntimeException e) {
            throw ApacheExceptions.thrown(e);
        }
    }

    /**
     * Commits the consumer's offsets with the current transaction (consume-transform-produce): the group's
     * committed offsets become {@code offsets} if and only if the transaction commits. {@code groupMetadata} is
     * the consumer's {@code groupMetadata()}, so that the offsets of a consumer that lost its partitions are
     * refused. Empty offsets do nothing, as on Apache's producer.
     *
     * @throws org.apache.kafka.clients.consumer.CommitFailedException if the group refused the offsets because the
     *         consumer is no longer a member of its generation: abort the transaction
     * @throws org.apache.kafka.common.errors.ProducerFencedException if a newer producer with the same
     *         {@code transactional.id} took over
     */
    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                         ConsumerGroupMetadata groupMetadata) {
        // Apache's order of checks, with its messages: the group metadata first, then the producer.
        if (groupMetadata == null) {
            throw new IllegalArgumentException("Consumer group metadata could not be null");
        } else if (groupMetadata.generationId() > 0 && groupMetadata.memberId().isEmpty()) {
            throw new IllegalArgumentException("Passed in group metadata " + groupMetadata
                    + " has generationId > 0 but the member.id is unknown");
        }
        if (!transactional) {
            throwIfNoTransactionManager();
            throwIfClosed();
            if (!offsets.isEmpty()) {
                throw notTransactional();
            }
            return;
        }
        try {
            producer.sendOffsetsToTransaction(Conversions.offsets(offsets), Conversions.groupMetadata(groupMetadata));
        } catch (RuntimeException e) {
            throw ApacheExceptions.thrown(e);
        }
    }

    /**
     * Commits the current transaction: sends every record sent before this call and waits for the broker's
     * answers (their callbacks have run when it returns), then ends the transaction at its coordinator. Waits at
     * most {@code max.block.ms}; a call that timed out goes on in the background: call it again (not
     * {@code abortTransaction}) to learn the outcome.
     *
     * @throws KafkaException if a record or the offsets of the transaction failed: it cannot commit, abort it (the
     *         cause says what failed)
     * @throws org.apache.kafka.common.errors.ProducerFencedException if a newer producer with the same
     *         {@code transactional.id} took over: close this one
     * @throws org.apache.kafka.common.errors.TimeoutException if it did not complete within {@code max.block.ms}
     */
    @Override
    public void commitTransaction() {
        if (!transactional) {
            throw notTransactionalFailure();
        }
        try {
            producer.commitTransaction();
        } catch (RuntimeException e) {
            throw ApacheExceptions.thrown(e);
        }
    }

    /**
     * Aborts the current transaction: records not yet sent fail with Apache's
     * {@code TransactionAbortedException}, records already written are skipped by {@code read_committed}
     * consumers, offsets sent to it are not committed. The way out of a failed transaction. Waits at most
     * {@code max.block.ms}.
     */
    @Override
    public void abortTransaction() {
        if (!transactional) {
            throwIfNoTransactionManager();
            throwIfClosed();
            log.info("Aborting incomplete transaction");
            throw notTransactional();
        }
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            throw ApacheExceptions.thrown(e);
        }
    }

    /** What Apache's non-transactional producer throws from a transactional method, after its checks. */
    private IllegalStateException notTransactionalFailure() {
        throwIfNoTransactionManager();
        throwIfClosed();
        return notTransactional();
    }

    private void throwIfNoTransactionManager() {
        if (!idempotent) {
            throw new IllegalStateException("Cannot use transactional methods without enabling transactions by "
                    + "setting the transactional.id configuration property");
        }
    }

    private void throwIfClosed() {
        if (closed.get()) {
            throw new IllegalStateException("Cannot perform operation after producer has been closed");
        }
    }

    private static IllegalStateException notTransactional() {
        return new IllegalStateException("Transactional method invoked on a non-transactional producer.");
    }
}
