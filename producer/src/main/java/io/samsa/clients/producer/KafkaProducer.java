package io.samsa.clients.producer;

import io.samsa.accumulator.AccumulatorConfig;
import io.samsa.accumulator.DrainHook;
import io.samsa.accumulator.LeaderAvailability;
import io.samsa.accumulator.RecordAccumulator;
import io.samsa.accumulator.RecordCompletion;
import io.samsa.accumulator.RestoredBatch;
import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.common.PartitionInfo;
import io.samsa.common.utils.Time;
import io.samsa.common.TopicPartition;
import io.samsa.common.Uuid;
import io.samsa.common.header.Header;
import io.samsa.common.header.Headers;
import io.samsa.common.header.internals.RecordHeaders;
import io.samsa.common.errors.SerializationException;
import io.samsa.common.serialization.Serializer;
import io.samsa.common.config.ConfigDef;
import io.samsa.common.errors.ApiException;
import io.samsa.common.errors.ClosedException;
import io.samsa.common.errors.InterruptException;
import io.samsa.common.errors.Errors;
import io.samsa.common.errors.RecordTooLargeException;
import io.samsa.common.KafkaException;
import io.samsa.common.errors.TimeoutException;
import io.samsa.idempotence.IdempotenceManager;
import io.samsa.metadata.BootstrapServers;
import io.samsa.common.Cluster;
import io.samsa.metadata.MetadataManager;
import io.samsa.common.TopicMetadata;
import io.samsa.network.IoThread;
import io.samsa.network.NetworkClient;
import io.samsa.clients.producer.internals.AuthenticationFailures;
import io.samsa.clients.producer.internals.CallbackRunner;
import io.samsa.clients.producer.internals.ColdStart;
import io.samsa.clients.producer.internals.PendingRecords;
import io.samsa.clients.producer.internals.RecordDelivery;
import io.samsa.clients.consumer.ConsumerGroupMetadata;
import io.samsa.clients.consumer.OffsetAndMetadata;
import io.samsa.spool.SpoolJournal;
import io.samsa.spool.SpoolOptions;
import io.samsa.spool.SpoolReleaser;
import io.samsa.spool.SyncPolicy;
import io.samsa.telemetry.ClientTelemetry;
import io.samsa.transaction.TransactionManager;
import io.samsa.transaction.TransactionState;
import io.samsa.transaction.TransactionalResult;
import io.samsa.clients.producer.internals.ProducerMetrics;
import io.samsa.metrics.MetricsReporter;
import io.samsa.protocol.record.RecordBatchBuilder;
import io.samsa.security.SecurityConfig;
import io.samsa.sender.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Kafka producer: takes records from any number of application threads and delivers them to the partition
 * leaders, batching per partition, with Apache Kafka's API, configuration names and defaults.
 *
 * <pre>{@code
 * Properties props = new Properties();
 * props.put("bootstrap.servers", "localhost:9092");
 * props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer"); // Apache's names work
 * props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
 * try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
 *     producer.send(new ProducerRecord<>("test-topic", "key", "value"), (metadata, e) -> ...);
 * }
 * }</pre>
 *
 * <p><b>What differs from Apache's producer, on purpose.</b> {@code send} never waits for metadata: records for
 * a topic not known yet are parked (charged to {@code buffer.memory}) until it is, and fail after
 * {@code delivery.timeout.ms} naming the topic if it never appears. {@code send} blocks only when
 * {@code buffer.memory} is full, at most {@code max.block.ms}; {@link #trySend} never blocks. Futures are
 * {@link CompletableFuture}s. Callbacks and futures complete on a callback thread of their own, in send order,
 * so a slow callback does not stall network I/O. Batch memory grows with the data, not with the number of
 * partitions, and a batch's buffer is never reused while a request holding it may still be sent.
 *
 * <p><b>Threads.</b> This object is thread-safe. It owns two threads: {@code samsa-io-<client.id>} (network,
 * metadata, sender) and {@code samsa-callbacks-<client.id>} (completions). See DESIGN.md.
 *
 * @param <K> key type
 * @param <V> value type
 */
public class KafkaProducer<K, V> implements Producer<K, V> {
    /** The group of the producer-wide metrics, as in Apache Kafka's producer. */
    public static final String PRODUCER_METRIC_GROUP_NAME = ProducerMetrics.GROUP;

    private static final Logger log = LoggerFactory.getLogger(KafkaProducer.class);

    private final ProducerConfig config;
    private final String clientId;
    private final Time time;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final ProducerInterceptors<K, V> interceptors;
    /**
     * Whether a serializer overrides {@link Serializer#serialize(String, Headers, Object)} and so may read or add
     * headers. When neither does (the built-in ones, and most), a record sent without headers needs no headers
     * object at all (see {@link ProducerRecord#sealWithoutHeaders}).
     */
    private final boolean serializersSeeHeaders;
    private final RecordRouter router;
    private final RecordAccumulator accumulator;
    private final MetadataManager metadata;
    private final SecurityConfig security;
    private final NetworkClient network;
    private final IoThread io;
    private final Sender sender;
    private final PendingRecords pending;
    /** Null unless {@code transactional.id} is set. */
    private final TransactionManager transactions;
    /** Null when {@code enable.metrics.push=false}. */
    private final ClientTelemetry telemetry;
    /** The durable spool's journal; null without {@code spool.dir}. */
    private final SpoolJournal spool;
    /** The application's metrics added to the telemetry pushes ({@link #registerMetricForSubscription}). */
    private final Map<MetricName, Metric> subscribedMetrics = new ConcurrentHashMap<>();
    /**
     * The transactional call whose wait timed out and whose outcome no call has taken yet: the same call picks it up
     * again, any other transactional call is refused until then (Apache Kafka's contract). Guarded by itself.
     */
    private final Object pendingLock = new Object();
    private TransactionalResult pendingResult;
    private final CallbackRunner callbacks;
    private final ProducerMetrics metrics;
    private final int maxRequestSize;
    private final long bufferMemory;
    private final long maxBlockMs;
    private final int requestTimeoutMs;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The one route every {@link RecordDelivery} sent through this producer reports to. */
    private final RecordDelivery.Route deliveryRoute = this::routeDelivery;
    /**
     * The hook of the callback {@link #produce} was last given (see {@link CallbackHook}). Any sending thread reads
     * and replaces it with no lock and no volatile: a hook's fields are final, so one seen through a race is whole,
     * and a thread that sees another thread's hook, or an old one, checks its callback and at worst makes its own.
     */
    private CallbackHook lastCallbackHook = new CallbackHook(null);

    /**
     * From {@link Properties}, with serializers named by {@code key.serializer} / {@code value.serializer}.
     *
     * @param properties the configuration (docs/configuration.md)
     */
    public KafkaProducer(Properties properties) {
        this(new ProducerConfig(properties), null, null, Time.SYSTEM);
    }

    /**
     * From a config map, with serializers named in it.
     *
     * @param configs the configuration (docs/configuration.md), values as strings or of the key's type
     */
    public KafkaProducer(Map<String, Object> configs) {
        this(new ProducerConfig(configs), null, null, Time.SYSTEM);
    }

    /**
     * From a config map, with serializer instances (then the config need not name serializers).
     *
     * @param configs the configuration (docs/configuration.md), values as strings or of the key's type
     * @param keySerializer the keys' serializer, used as it is (configured with the configuration)
     * @param valueSerializer the values' serializer, used as it is (configured with the configuration)
     */
    public KafkaProducer(Map<String, Object> configs, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this(new ProducerConfig(ProducerConfig.withSerializers(configs, keySerializer, valueSerializer)),
                keySerializer, valueSerializer, Time.SYSTEM);
    }

    /**
     * From {@link Properties}, with serializer instances.
     *
     * @param properties the configuration (docs/configuration.md)
     * @param keySerializer the keys' serializer, used as it is (configured with the configuration)
     * @param valueSerializer the values' serializer, used as it is (configured with the configuration)
     */
    public KafkaProducer(Properties properties, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this(new ProducerConfig(ProducerConfig.withSerializers(ConfigDef.toMap(properties), keySerializer,
                valueSerializer)), keySerializer, valueSerializer, Time.SYSTEM);
    }

    /**
     * From a typed {@link ProducerConfig} (see {@link ProducerConfig#builder()}).
     *
     * @param config the validated configuration
     */
    public KafkaProducer(ProducerConfig config) {
        this(config, null, null, Time.SYSTEM);
    }

    /**
     * From a validated configuration and plugin instances the caller made: serializers (null: the classes the
     * configuration names) and a partitioner (null: {@code partitioner.class}, if set). For bridges that make and
     * configure plugins of another kind themselves, such as samsa-kafka-clients, which wraps Apache Kafka's
     * serializers and partitioner in Samsa's interfaces after configuring them as Apache's producer does. The
     * configuration must name a serializer class for each instance ({@link ProducerConfig#withSerializers}).
     * The instances are the producer's from here on: {@link #close()} closes them, and so does a failed
     * construction. Serializers are configured here as with the other constructors; the partitioner is not.
     *
     * @param config the validated configuration
     * @param keySerializer the keys' serializer, or null for the class the configuration names
     * @param valueSerializer the values' serializer, or null for the class the configuration names
     * @param partitioner the partitioner, or null for {@code partitioner.class} (or the built-in one)
     */
    public KafkaProducer(ProducerConfig config, Serializer<K> keySerializer, Serializer<V> valueSerializer,
                         Partitioner partitioner) {
        this(config, keySerializer, valueSerializer, partitioner, Time.SYSTEM);
    }

    KafkaProducer(ProducerConfig config, Serializer<K> keySerializer, Serializer<V> valueSerializer, Time time) {
        this(config, keySerializer, valueSerializer, null, time);
    }

    /**
     * Builds the producer step by step. If a step fails (a serializer's or interceptor's {@code configure}, a key
     * store that does not open, no thread to be had...), the caller gets no object to close, so everything the
     * earlier steps made is closed here, in reverse order, and the original failure is rethrown with any failure
     * to close added to it as suppressed.
     */
    private KafkaProducer(ProducerConfig config, Serializer<K> keySerializer, Serializer<V> valueSerializer,
                          Partitioner partitioner, Time time) {
        this.config = config;
        this.time = time;
        this.clientId = config.clientId();
        Undo undo = new Undo();
        try {
            if (partitioner != null) {
                undo.push("partitioner", partitioner::close);
            }
            // Serializers given by the caller are the producer's from here on: close() closes them, and so does a
            // failed construction, as Apache Kafka's producer does.
            if (keySerializer != null) {
                undo.push("key serializer", keySerializer::close);
                keySerializer.configure(config.originals(), true);
                this.keySerializer = keySerializer;
            } else {
                Serializer<K> made = config.newKeySerializer();
                undo.push("key serializer", made::close);
                this.keySerializer = made;
            }
            if (valueSerializer != null) {
                undo.push("value serializer", valueSerializer::close);
                valueSerializer.configure(config.originals(), false);
                this.valueSerializer = valueSerializer;
            } else {
                Serializer<V> made = config.newValueSerializer();
                undo.push("value serializer", made::close);
                this.valueSerializer = made;
            }
            this.serializersSeeHeaders = seesHeaders(this.keySerializer) || seesHeaders(this.valueSerializer);
            ProducerInterceptors<K, V> madeInterceptors = new ProducerInterceptors<>(config.newInterceptors());
            undo.push("interceptors", madeInterceptors::close);
            this.interceptors = madeInterceptors;
            RecordRouter madeRouter = new RecordRouter(partitioner != null ? partitioner : config.newPartitioner(),
                    config.getBoolean(ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG));
            if (partitioner == null) {
                undo.push("partitioner", madeRouter::close);
            }
            this.router = madeRouter;
            this.maxRequestSize = config.getInt(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
            this.bufferMemory = config.getLong(ProducerConfig.BUFFER_MEMORY_CONFIG);
            this.maxBlockMs = config.getLong(ProducerConfig.MAX_BLOCK_MS_CONFIG);
            this.requestTimeoutMs = config.getInt(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
            boolean idempotent = config.idempotenceEnabled();
            AccumulatorConfig accConfig = ComponentConfigs.accumulator(config);

            // Reads the key and trust stores (or configures ssl.engine.factory.class): a bad one fails here.
            SecurityConfig madeSecurity = config.securityConfig();
            if (madeSecurity.ssl() != null) {
                undo.push("TLS engine provider", madeSecurity.ssl()::close);
            }
            this.security = madeSecurity;
            NetworkClient madeNetwork = new NetworkClient(ComponentConfigs.network(config), security, time);
            // Closed by the I/O thread once there is one; before that (or if the thread never ran), here.
            AtomicBoolean networkOwnedByIo = new AtomicBoolean();
            undo.push("network client", () -> {
                if (!networkOwnedByIo.get()) {
                    madeNetwork.close();
                }
            });
            this.network = madeNetwork;
            this.metadata = new MetadataManager(network, time,
                    BootstrapServers.parse(String.join(",", config.getList(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG))),
                    ComponentConfigs.metadata(config));

            IdempotenceManager idempotence = idempotent ? new IdempotenceManager(Math.min(
                    ProducerConfig.MAX_IN_FLIGHT_FOR_IDEMPOTENCE,
                    config.getInt(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)),
                    config.getString(ProducerConfig.TRANSACTIONAL_ID_CONFIG) != null) : null;
            LeaderAvailability availability =
                    new LeaderAvailability(config.getLong(ProducerConfig.PARTITIONER_AVAILABILITY_TIMEOUT_MS_CONFIG));
            TransactionManager.Config txnConfig = ComponentConfigs.transactions(config);
            // The I/O thread, sender and parked records it reaches are made below; it uses them only once running.
            this.transactions = txnConfig == null ? null : new TransactionManager(txnConfig, idempotence, network,
                    metadata, this::runOnIoThread, time, this::failUnsentRecords, this::recordsIncomplete);
            RecordAccumulator madeAccumulator = new RecordAccumulator(accConfig, time,
                    transactions != null ? transactions : idempotence != null ? idempotence : DrainHook.NON_IDEMPOTENT,
                    network::wakeup, availability);
            undo.push("compressor", madeAccumulator::releaseCompressor); // after the I/O thread has stopped
            this.accumulator = madeAccumulator;
            ProducerMetrics madeMetrics = new ProducerMetrics(clientId, config.metricConfig(), time);
            undo.push("metrics", madeMetrics::close); // unregisters the MBeans too, once registered
            this.metrics = madeMetrics;
            metrics.setBatchSizeConfig(accConfig.batchSize());
            metrics.registerBufferGauges(() -> accumulator.memory().totalBytes(),
                    () -> accumulator.memory().availableBytes(), () -> accumulator.memory().waitingThreads(),
                    () -> accumulator.memory().waitNanosTotal());
            accumulator.memory().setWaitListener(metrics::recordBufferPoolWait);
            this.sender = new Sender(ComponentConfigs.sender(config), network, metadata, accumulator, idempotence,
                    transactions, metrics.senderListener(), time);
            this.pending = new PendingRecords(accumulator, metadata, router, accConfig.deliveryTimeoutMs());
            metadata.setTopicUsage((topic, nowMs) -> pending.hasPending(topic) ? nowMs
                    : accumulator.lastUsedMs(topic, nowMs));
            CallbackRunner madeCallbacks = new CallbackRunner("samsa-callbacks-" + clientId,
                    Math.min(bufferMemory, 32L << 20));
            undo.push("callback thread", () -> madeCallbacks.close(UNDO_THREAD_JOIN_MS));
            this.callbacks = madeCallbacks;
            // One hand-over per finished batch; its records' completions then run one after another on that thread.
            accumulator.setCompletionExecutor(callbacks::execute);
            IoThread madeIo = new IoThread("samsa-io-" + clientId, network, time);
            // Closing the I/O thread closes its services and the network client (on the caller's thread if it
            // never started); if it does not stop in time the client is left to it rather than closed under it.
            networkOwnedByIo.set(true);
            undo.push("I/O thread", () -> {
                if (!madeIo.close(UNDO_THREAD_JOIN_MS)) {
                    throw new KafkaException("The I/O thread " + "samsa-io-" + clientId + " did not stop within "
                            + UNDO_THREAD_JOIN_MS + " ms");
                }
            });
            this.io = madeIo;
            io.addService(new AuthenticationFailures(network, metadata, pending, sender));
            io.addService(metadata);
            io.addService(pending);
            io.addService(sender);
            String spoolDir = config.getString(ProducerConfig.SPOOL_DIR_CONFIG);
            if (spoolDir != null) {
                SpoolJournal journal = SpoolJournal.open(java.nio.file.Path.of(spoolDir), spoolOptions(config));
                undo.push("spool", journal::close); // after the I/O thread has stopped
                this.spool = journal;
                replaySpool(journal, idempotence);
                accumulator.setJournal(journal);
                sender.setJournal(journal);
                io.addService(new SpoolReleaser(journal, accumulator));
            } else {
                this.spool = null;
            }
            if (config.getBoolean(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG)) {
                String txnId = config.getString(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
                this.telemetry = new ClientTelemetry(network, metadata, time, this::telemetryMetrics,
                        txnId == null ? Map.of() : Map.of("transactional_id", txnId), ProducerMetrics.version());
                io.addService(telemetry);
            } else {
                this.telemetry = null;
            }
            metrics.registerRequestsInFlight(sender::inFlightRequests);
            metrics.registerConnectionCount(network::connectionCount);
            metrics.registerMetadataAge(metadata::lastSuccessfulRefreshMs);
            network.setNetworkListener(metrics.networkListener());
            // An added reporter is closed with the metrics; one whose init threw, and those after it, by this undo.
            List<MetricsReporter> notAdded = new ArrayList<>(config.newMetricsReporters());
            undo.push("metric reporters", () -> notAdded.forEach(MetricsReporter::close));
            while (!notAdded.isEmpty()) {
                metrics.addReporter(notAdded.get(0));
                notAdded.remove(0);
            }
            io.start();
            metrics.registerMBeans(config.jmxDomain());
            // While the I/O thread connects: the first records should not pay for loading the produce path.
            ColdStart.warmUp();
            log.debug("Producer {} started (idempotence {})", clientId, idempotent);
        } catch (Throwable t) {
            undo.run(t);
            log.debug("Producer {} failed to start; closed what it had made", clientId, t);
            throw t;
        }
    }

    private static SpoolOptions spoolOptions(ProducerConfig config) {
        return SpoolOptions.builder()
                .segmentBytes(config.getInt(ProducerConfig.SPOOL_SEGMENT_BYTES_CONFIG))
                .maxBytes(config.getLong(ProducerConfig.SPOOL_MAX_BYTES_CONFIG))
                .syncPolicy(SyncPolicy.valueOf(config.getString(ProducerConfig.SPOOL_FSYNC_CONFIG)
                        .toUpperCase(java.util.Locale.ROOT)))
                .syncInterval(config.getLong(ProducerConfig.SPOOL_FSYNC_INTERVAL_MS_CONFIG))
                .skipCorruption(config.getBoolean(ProducerConfig.SPOOL_SKIP_CORRUPTION_CONFIG))
                .build();
    }

    /**
     * Puts back what a previous producer on the spool left unacknowledged, ahead of anything sent from now on:
     * batches it had sent keep their identity, which this producer then sends with (instead of fetching a new one)
     * so that the broker drops the ones it has already. Before the I/O thread starts.
     */
    private void replaySpool(SpoolJournal journal, IdempotenceManager idempotence) {
        SpoolJournal.Recovery r = journal.recover();
        if (r.producerId() >= 0 && idempotence != null) {
            idempotence.restore(r.producerId(), r.producerEpoch(), r.nextSequences());
        }
        r.partitions().forEach((tp, p) -> {
            List<RestoredBatch> batches = p.batches();
            if (idempotence == null) {
                // Written by an idempotent producer, replayed by one that is not: no identity to resend them with.
                batches = batches.stream().map(b -> new RestoredBatch(b.firstRecordNo(), b.spoolPosition(),
                        b.records(), -1, (short) -1, -1)).toList();
            }
            accumulator.restore(tp, p.nextRecordNo(), batches);
            accumulator.restoreSpilled(tp, p.unsent());
        });
        if (!r.isEmpty()) {
            log.info("Producer {} replays {} record(s) left unacknowledged in spool.dir={} ({} batch(es) already sent "
                    + "once, resent as producer id {} epoch {})", clientId, r.records(), journal.log().directory(),
                    r.sentBatches(), r.producerId(), r.producerEpoch());
            metadata.addTopics(r.partitions().keySet().stream().map(TopicPartition::topic).distinct().toList());
        }
    }

    private void runOnIoThread(Runnable task) {
        io.execute(task);
    }

    /** The transaction's unsent records can never commit: fail the queued batches and the parked records. I/O thread. */
    private void failUnsentRecords(KafkaException error) {
        sender.failQueuedBatches(error);
        pending.failAll(error);
    }

    private boolean recordsIncomplete() {
        return accumulator.hasIncomplete() || pending.size() > 0;
    }

    /** How long a failed construction waits for each thread it started to end. */
    private static final long UNDO_THREAD_JOIN_MS = 5_000;

    /**
     * What the constructor has made so far, in order, with how to close it. Used on the constructing thread only.
     */
    private static final class Undo {
        private final java.util.ArrayDeque<String> names = new java.util.ArrayDeque<>();
        private final java.util.ArrayDeque<AutoCloseable> steps = new java.util.ArrayDeque<>();

        void push(String name, AutoCloseable step) {
            names.push(name);
            steps.push(step);
        }

        /** Closes everything pushed, last first; a failure to close is added to {@code primary}, never thrown. */
        void run(Throwable primary) {
            while (!steps.isEmpty()) {
                String name = names.pop();
                try {
                    steps.pop().close();
                } catch (Throwable t) {
                    if (t instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    KafkaException wrapped = new KafkaException("Closing the " + name + " after the producer "
                            + "failed to start failed too: " + t, t);
                    primary.addSuppressed(wrapped);
                }
            }
        }
    }

    // =============================================================================================================
    // send
    // =============================================================================================================

    /** {@link #send(ProducerRecord, Callback)} without a callback. */
    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    /**
     * Sends a record asynchronously. Returns at once (unless {@code buffer.memory} is full: then it waits for
     * room at most {@code max.block.ms}); the future completes, and the callback runs, when the broker has
     * acknowledged the record ({@code acks}) or it has failed for good. Every record's future completes, with
     * metadata or with an exception that says why.
     *
     * <p>Fails the returned future (and calls the callback) without sending for: a record larger than
     * {@code max.request.size} or {@code buffer.memory}; a partition that does not exist; {@code buffer.memory}
     * still full after {@code max.block.ms}. Throws for a null record, a serializer failure, and after close.
     *
     * @throws IllegalStateException if the producer is closed
     * @throws SerializationException if a serializer fails
     */
    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        return doSend(record, callback, true);
    }

    /**
     * Like {@link #send(ProducerRecord, Callback)} but never blocks: if {@code buffer.memory} has no room for
     * the record right now, the returned future fails at once with a {@link TimeoutException} naming
     * {@code buffer.memory}.
     */
    public CompletableFuture<RecordMetadata> trySend(ProducerRecord<K, V> record, Callback callback) {
        return doSend(record, callback, false);
    }

    /** {@link #trySend(ProducerRecord, Callback)} without a callback. */
    public CompletableFuture<RecordMetadata> trySend(ProducerRecord<K, V> record) {
        return doSend(record, null, false);
    }

    private CompletableFuture<RecordMetadata> doSend(ProducerRecord<K, V> original, Callback callback,
                                                     boolean mayBlock) {
        if (original == null) {
            throw new NullPointerException("record must not be null");
        }
        checkOpen();
        ProducerRecord<K, V> record = interceptors.onSend(original);
        // The future is the completion: one object per record lives until the broker answers, not two (nor the
        // record itself, unless an interceptor needs its headers back).
        Completion completion = interceptors.isEmpty() ? new Completion(record.topic(), callback)
                : new InterceptedCompletion(record.topic(), callback, record.headers());
        append(record, completion, mayBlock);
        return completion;
    }

    /** Appends a {@link ProducerRecord} whose fate goes to {@code hook}; what fails by throwing, throws here. */
    private void append(ProducerRecord<K, V> record, RecordCompletion hook, boolean mayBlock) {
        // Null when the record has no headers object and nothing here would look at one.
        Headers headers = serializersSeeHeaders ? record.headers() : record.headersIfAny();
        if (headers == null) {
            record.sealWithoutHeaders();
        }
        try {
            append(record.topic(), record.partition(), record.timestamp(), record.key(), record.value(), headers,
                    hook, mayBlock);
        } catch (RuntimeException e) {
            throw sendError(record, e);
        }
    }

    /**
     * Sends a record as {@link #send(ProducerRecord, Callback)} does, without a future: its fate reaches
     * {@code callback} only (called once, on the callback thread, with the metadata or the exception, as for
     * {@code send}). For applications that use the callback and never the future, the usual way of sending at a
     * high rate, it saves the two objects that {@code send} keeps per record until the broker answers: with one
     * callback object for every record, the producer keeps nothing per record beyond its bytes in the batch, and
     * the metadata is made when the record completes. Under load that is most of what the collector copies: with
     * {@code buffer.memory} full of small records, it is the difference between a small heap and a large one
     * (BENCHMARKS.md, "Small heaps"). A callback that differs from record to record costs one small object per
     * record instead of two, and a producer with {@code interceptor.classes} sends as {@code send} does (the
     * interceptors' acknowledgement needs each record's headers).
     *
     * <p>Fails, blocks and throws as {@code send} does: what {@code send} reports through its future reaches the
     * callback (a record larger than {@code max.request.size}, a partition that does not exist,
     * {@code buffer.memory} still full after {@code max.block.ms}); a null record, a serializer failure and a
     * closed producer throw. With a null callback the record's fate is seen only in the metrics.
     *
     * @param record   the record to send
     * @param callback called once the record is acknowledged or has failed; may be {@code null}
     * @throws IllegalStateException if the producer is closed
     * @throws SerializationException if a serializer fails
     */
    @Override
    public void produce(ProducerRecord<K, V> record, Callback callback) {
        if (record == null) {
            throw new NullPointerException("record must not be null");
        }
        if (!interceptors.isEmpty()) {
            doSend(record, callback, true);
            return;
        }
        checkOpen();
        CallbackHook hook = lastCallbackHook;
        if (hook.callback != callback) {
            hook = new CallbackHook(callback);
            lastCallbackHook = hook;
        }
        append(record, hook, true);
    }

    /**
     * Sends a record given by its parts, its fate reported to {@code delivery} (on the callback thread) instead of
     * a returned future and a callback: the entry point for bridges to other client APIs, such as
     * samsa-kafka-clients' {@code SamsaKafkaProducer}, which would otherwise pay a second record object and a second
     * future per record. Applications use {@link #send(ProducerRecord, Callback)}.
     *
     * <p>Otherwise as {@code send}: the parts are validated as {@link ProducerRecord}'s constructor does; failures
     * that {@code send} reports through the future are reported to {@code delivery}; those it throws are thrown.
     * The producer's own {@code interceptor.classes} would need a {@link ProducerRecord}: a producer that has them
     * refuses this method (the bridge runs its interceptors itself).
     *
     * @param delivery told the record's fate; each delivery object is sent once
     * @param topic    the topic the record goes to
     * @param partition the partition, or null to let the partitioner choose
     * @param timestamp milliseconds since the epoch, or null for the time of this call
     * @param key      the key, or null
     * @param value    the value, or null
     * @param headers  the record's headers, used as they are (a serializer may add to them); null for none
     * @param mayBlock whether to wait up to {@code max.block.ms} for room in {@code buffer.memory}, as
     *                 {@code send}; false fails the record at once instead, as {@link #trySend}
     * @throws IllegalStateException if the producer is closed, or {@code delivery} was sent already
     * @throws SerializationException if a serializer fails
     * @throws InterruptException if interrupted while waiting for {@code buffer.memory}
     */
    public void send(RecordDelivery delivery, String topic, Integer partition, Long timestamp, K key, V value,
                     Headers headers, boolean mayBlock) {
        if (delivery == null) {
            throw new NullPointerException("delivery must not be null");
        }
        ProducerRecord.validate(topic, partition, timestamp);
        checkOpen();
        delivery.bind(deliveryRoute);
        if (!interceptors.isEmpty()) {
            // The interceptors take and give records (and may change the topic): the ordinary path, its callback
            // forwarding the outcome. Its cost is the record and future this method exists to avoid.
            ProducerRecord<K, V> record = ProducerRecord.adoptingHeaders(topic, partition, timestamp, key, value,
                    headers);
            Callback forward = (md, e) -> delivery.deliver(new TopicPartition(md.topic(), md.partition()),
                    md.offset(), md.timestamp(), md.serializedKeySize(), md.serializedValueSize(),
                    (RuntimeException) e);
            if (mayBlock) {
                send(record, forward);
            } else {
                trySend(record, forward);
            }
            return;
        }
        append(topic, partition, timestamp, key, value,
                headers == null && serializersSeeHeaders ? new RecordHeaders() : headers, delivery, mayBlock);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("Cannot send after the producer is closed (client.id " + clientId + ")");
        }
    }

    /**
     * The one send path: serialize, size-check, route, append (or park until the topic's metadata arrives).
     * Failures the record's outcome reports are handed to {@code completion}; serializer failures, interrupts and
     * a close are thrown.
     *
     * @param recordHeaders the headers to serialize with and to write, or null when the record has none and no
     *                      serializer looks at them
     * @param completion    a {@link Completion} or a {@link RecordDelivery}
     */
    private void append(String topic, Integer explicit, Long givenTimestamp, K key, V value, Headers recordHeaders,
                        RecordCompletion completion, boolean mayBlock) {
        // How long a failure here may wait to hand its completion to the callback thread (see fail()): all of
        // max.block.ms before any wait; after the one wait in send (for buffer.memory), nothing - it timed out,
        // was interrupted or ended with the producer, and send must not wait past max.block.ms in total. A
        // budget rather than a clock read: the clock would cost every record a System.nanoTime() call for the
        // sake of the rare failure.
        long budgetMs = mayBlock ? maxBlockMs : 0;
        if (transactions != null) {
            // Checked before anything is appended: a record refused here must not linger in a batch.
            RuntimeException refused = transactions.sendError();
            if (refused != null) {
                if (!(refused instanceof ApiException)) {
                    throw refused; // no transaction to send in, or it failed: Apache's producer throws these too
                }
                fail(budgetMs, completion, topic, explicit, -1, -1, -1L, refused); // fenced: through the future
                return;
            }
        }
        byte[] keyBytes;
        byte[] valueBytes;
        try {
            keyBytes = keySerializer.serialize(topic, recordHeaders, key);
        } catch (RuntimeException e) {
            throw serializationError("key", topic, keySerializer, e);
        }
        try {
            valueBytes = valueSerializer.serialize(topic, recordHeaders, value);
        } catch (RuntimeException e) {
            throw serializationError("value", topic, valueSerializer, e);
        }
        Header[] headers;
        if (recordHeaders == null) {
            headers = NO_HEADERS;
        } else {
            if (recordHeaders instanceof RecordHeaders) {
                ((RecordHeaders) recordHeaders).setReadOnly();
            }
            headers = recordHeaders.toArray();
        }
        long timestamp = givenTimestamp == null ? time.wallClockMillis() : givenTimestamp;
        int keySize = keyBytes == null ? -1 : keyBytes.length;
        int valueSize = valueBytes == null ? -1 : valueBytes.length;

        int bound = RecordBatchBuilder.sizeInBytesUpperBound(keySize, valueSize, headers);
        if (bound > maxRequestSize || bound > bufferMemory) {
            String limit = bound > maxRequestSize ? "max.request.size (" + maxRequestSize + ")"
                    : "buffer.memory (" + bufferMemory + ")";
            fail(budgetMs, completion, topic, explicit, keySize, valueSize, timestamp,
                    new RecordTooLargeException(
                    "The record for topic " + topic + " is " + bound + " bytes when serialized (with batch "
                            + "overhead), which is larger than " + limit));
            return;
        }

        try {
            Cluster cluster = metadata.cluster();
            TopicMetadata tm = cluster.topic(topic);
            if (spool != null) {
                spooledAppend(topic, explicit, key, keyBytes, value, valueBytes, headers, timestamp, completion,
                        bound, mayBlock, cluster, tm);
                return;
            }
            if (tm != null && !tm.hasError() && tm.partitionCount() > 0 && !pending.hasPending(topic)) {
                int partition = router.partition(topic, explicit, key, keyBytes, value, valueBytes,
                        cluster, tm.partitionCount());
                if (mayBlock) {
                    accumulator.append(topic, partition, timestamp, keyBytes, valueBytes, headers,
                            completion, cluster, maxBlockMs);
                } else if (accumulator.tryAppend(topic, partition, timestamp, keyBytes, valueBytes, headers,
                        completion, cluster) < 0) {
                    fail(0, completion, topic, explicit, keySize, valueSize, timestamp, noMemoryNow(bound));
                }
                return;
            }
            // Topic not known yet: park the record until the I/O thread has its partitions.
            if (mayBlock) {
                accumulator.memory().reserve(bound, maxBlockMs);
            } else if (!accumulator.memory().tryReserve(bound)) {
                fail(0, completion, topic, explicit, keySize, valueSize, timestamp, noMemoryNow(bound));
                return;
            }
            // A close racing with this send may have swept the parked records already: then park fails the
            // record with the closed error and releases its memory itself (see PendingRecords.park).
            if (pending.park(new PendingRecords.Pending(topic, explicit, key, keyBytes, value,
                    valueBytes, headers, timestamp, completion, bound, time.milliseconds()))) {
                try {
                    io.execute(() -> metadata.addTopics(List.of(topic)));
                } catch (ClosedException e) {
                    // The I/O thread is stopping: its PendingRecords.close fails the parked record (or already
                    // has). The future completes either way; this send does not throw for it.
                }
            }
        } catch (InterruptedException e) {
            // As Apache's producer: the interrupted caller gets an exception, not a future.
            throw new InterruptException("Interrupted while waiting for buffer.memory to send to topic " + topic, e);
        } catch (ClosedException e) {
            if (closed.get()) {
                throw new IllegalStateException("Cannot send after the producer is closed (client.id " + clientId
                        + ")", e);
            }
            fail(0, completion, topic, explicit, keySize, valueSize, timestamp, e);
        } catch (TimeoutException e) {
            metrics.recordBufferExhausted(); // the only wait in send: buffer.memory stayed full for max.block.ms
            fail(0, completion, topic, explicit, keySize, valueSize, timestamp,
                    new BufferExhaustedException(e.getMessage()));
        } catch (KafkaException e) {
            // Raised before any wait (a partitioner's bad partition, a record larger than buffer.memory).
            fail(budgetMs, completion, topic, explicit, keySize, valueSize, timestamp, e);
        }
    }

    private static final Header[] NO_HEADERS = new Header[0];

    /**
     * The append of a producer with a spool: the record is written to the spool before send returns, so it needs
     * its partition now (send waits for the topic's metadata here, at most max.block.ms, instead of parking the
     * record in memory where a crash would lose it), and room in the spool.
     */
    private void spooledAppend(String topic, Integer explicit, K key, byte[] keyBytes, V value, byte[] valueBytes,
                               Header[] headers, long timestamp, RecordCompletion completion, int bound,
                               boolean mayBlock, Cluster cluster, TopicMetadata tm) throws InterruptedException {
        long waitMs = mayBlock ? maxBlockMs : 0;
        if (tm == null || tm.hasError() || tm.partitionCount() == 0) {
            try {
                partitionsFor(topic);
            } catch (TimeoutException e) {
                fail(0, completion, topic, explicit, keyBytes == null ? -1 : keyBytes.length,
                        valueBytes == null ? -1 : valueBytes.length, timestamp, e); // names the topic
                return;
            }
            cluster = metadata.cluster();
            tm = cluster.topic(topic);
        }
        int partition = router.partition(topic, explicit, key, keyBytes, value, valueBytes, cluster,
                tm.partitionCount());
        spool.awaitSpace(bound, waitMs);
        if (mayBlock) {
            accumulator.append(topic, partition, timestamp, keyBytes, valueBytes, headers, completion, cluster,
                    maxBlockMs);
        } else if (accumulator.tryAppend(topic, partition, timestamp, keyBytes, valueBytes, headers, completion,
                cluster) < 0) {
            fail(0, completion, topic, explicit, keyBytes == null ? -1 : keyBytes.length,
                    valueBytes == null ? -1 : valueBytes.length, timestamp, noMemoryNow(bound));
            return;
        }
        spool.awaitAppendedDurable(maxBlockMs);
    }

    /** Whether {@code s} overrides the header-aware {@code serialize} (else it ignores headers, by contract). */
    private static boolean seesHeaders(Serializer<?> s) {
        try {
            return s.getClass().getMethod("serialize", String.class, Headers.class, Object.class)
                    .getDeclaringClass() != Serializer.class;
        } catch (NoSuchMethodException | SecurityException e) {
            return true; // cannot tell: give it headers, as always
        }
    }

    private BufferExhaustedException noMemoryNow(int bytes) {
        metrics.recordBufferExhausted();
        return new BufferExhaustedException("No room in buffer.memory (" + bufferMemory + " bytes, "
                + accumulator.memory().availableBytes() + " available) for a record of up to " + bytes
                + " bytes right now; trySend does not wait (send waits up to max.block.ms=" + maxBlockMs + ")");
    }

    /** Tells the interceptors about a record that {@code send} fails by throwing, then returns the exception. */
    private RuntimeException sendError(ProducerRecord<K, V> record, RuntimeException e) {
        if (!interceptors.isEmpty()) {
            interceptors.onSendError(record, null, e);
        }
        return e;
    }

    private SerializationException serializationError(String what, String topic, Serializer<?> s, RuntimeException e) {
        if (e instanceof SerializationException && e.getMessage() != null && e.getMessage().contains(topic)) {
            return (SerializationException) e;
        }
        return new SerializationException("Cannot serialize the " + what + " of a record for topic " + topic
                + " with " + s.getClass().getName() + ": " + e.getMessage(), e);
    }

    /**
     * A record that failed in {@code send()}: its completion goes to the callback thread like any other, but the
     * wait for room there is bounded by {@code waitMs}, what is left of {@code max.block.ms} ({@code trySend}:
     * none; after a wait for memory: none); if the
     * callbacks are that far behind (one stuck?), it runs on this thread instead (see CallbackRunner).
     */
    private void fail(long waitMs, RecordCompletion completion, String topic, Integer partition, int keySize,
                      int valueSize, long timestamp, RuntimeException error) {
        TopicPartition tp = new TopicPartition(topic, partition == null ? -1 : partition);
        countFailure(tp, error);
        if (completion instanceof RecordDelivery) {
            RecordDelivery d = (RecordDelivery) completion;
            callbacks.execute(() -> d.deliver(tp, -1L, timestamp, keySize, valueSize, error), waitMs);
        } else {
            Delivering c = (Delivering) completion;
            callbacks.execute(() -> c.deliver(tp, -1L, timestamp, keySize, valueSize, error), waitMs);
        }
    }

    /**
     * Counts a record's failure, if it failed, and tells the transaction. Every completed record passes here (its
     * hook's {@link #settle}, or {@link #routeDelivery}): broker errors, expiry, records parked for an unknown topic,
     * close; for the same reason the transaction hears of it here (the sender tells it of failed batches earlier, on
     * its own thread). Records failed in {@code send} are counted by {@link #fail}.
     */
    private void countFailure(TopicPartition tp, RuntimeException exception) {
        if (exception != null) {
            metrics.recordErrors(tp.topic(), 1);
            if (transactions != null) {
                transactions.reportError(exception);
            }
        }
    }

    /**
     * Where a {@link RecordDelivery} reports: counts a failure, then delivers on the callback thread, as
     * {@link Completion#onCompletion} does for the producer's own futures.
     */
    private void routeDelivery(RecordDelivery delivery, TopicPartition tp, long offset, long timestamp, int keySize,
                               int valueSize, RuntimeException exception) {
        countFailure(tp, exception);
        if (callbacks.inCallbackThread()) {
            delivery.deliver(tp, offset, timestamp, keySize, valueSize, exception);
        } else {
            callbacks.execute(() -> delivery.deliver(tp, offset, timestamp, keySize, valueSize, exception));
        }
    }

    /**
     * This producer's own in-flight hooks ({@link Completion}, {@link CallbackHook}): what runs a record's outcome
     * on the callback thread, after it was counted.
     */
    private interface Delivering extends RecordCompletion {
        void deliver(TopicPartition tp, long offset, long timestamp, int keySize, int valueSize,
                     RuntimeException exception);
    }

    /** What a {@link Delivering} hook does when its record completes: count it, then deliver on the callback thread. */
    private void settle(Delivering hook, TopicPartition tp, long offset, long timestamp, int keySize, int valueSize,
                        RuntimeException exception) {
        countFailure(tp, exception);
        if (callbacks.inCallbackThread()) {
            hook.deliver(tp, offset, timestamp, keySize, valueSize, exception);
        } else {
            callbacks.execute(() -> hook.deliver(tp, offset, timestamp, keySize, valueSize, exception));
        }
    }

    /**
     * One record's fate, delivered on the callback thread: tells the interceptors, calls the user's callback,
     * then completes itself (it is the future {@code send} returned). Runs exactly once per record.
     *
     * <p>Why the future and the completion are one object: it lives from {@code send()} until the broker answers -
     * under load, for as long as records wait in {@code buffer.memory} - so every young collection in between
     * copies it. One object instead of two (and no reference to the {@code ProducerRecord}, whose headers are
     * kept only when an interceptor will want them: {@link InterceptedCompletion}) halves what each in-flight
     * record costs the collector. Its {@link RecordMetadata} is made with it, not at completion: completing then
     * writes numbers only, never a young object into a possibly old one, which spares the collector's remembered-set
     * refinement (see {@link RecordMetadata}; BENCHMARKS.md has the collector's CPU before and after).
     *
     * <p>Normally called on the callback thread (a finished batch's records are completed there, see
     * {@code CompletionExecutor}), where it runs inline; from another thread (a parked record failing, a forced
     * close) it is handed over, so that callbacks always run on the callback thread, in order. A record failed in
     * {@code send} goes through {@code fail}, whose hand-over wait is bounded by {@code max.block.ms}.
     */
    private class Completion extends CompletableFuture<RecordMetadata> implements Delivering {
        final Callback callback;
        /**
         * Made with the completion rather than when the record completes: see {@link RecordMetadata} for why a
         * completion that may be old by then must only have numbers written into it.
         */
        final RecordMetadata metadata;

        Completion(String topic, Callback callback) {
            this.callback = callback;
            this.metadata = new RecordMetadata(topic);
        }

        /** The record's headers for the interceptors; none without interceptors (not kept). */
        Headers headers() {
            return null;
        }

        @Override
        public void onCompletion(TopicPartition tp, long offset, long timestamp, int keySize, int valueSize,
                                 RuntimeException exception) {
            settle(this, tp, offset, timestamp, keySize, valueSize, exception);
        }

        @Override
        public void deliver(TopicPartition tp, long offset, long timestamp, int keySize, int valueSize,
                            RuntimeException exception) {
            RecordMetadata md = metadata;
            md.fill(tp.partition(), offset, timestamp, keySize, valueSize);
            // Interceptors, then the callback, then the future - Apache Kafka's order: whoever returns from the
            // future's get() can count on the record's callback having run.
            if (!interceptors.isEmpty()) {
                interceptors.onAcknowledgement(md, exception, headers());
            }
            if (callback != null) {
                try {
                    callback.onCompletion(md, exception);
                } catch (RuntimeException e) {
                    log.error("The callback of a record for {} threw", tp, e);
                }
            }
            if (exception == null) {
                complete(md);
            } else {
                completeExceptionally(exception);
            }
        }
    }

    /**
     * The in-flight hook of the records {@link #produce} sends: their callback and nothing of their own, so one hook
     * serves every record sent with the same callback object, and a record in a batch costs the heap nothing but
     * its bytes and its slot in the batch's completion array. Its {@link RecordMetadata} is made on the callback
     * thread when the record completes and given to the callback only: it dies young, and no young object is
     * stored into an old one (the cost that makes {@code send}'s future carry a metadata made at {@code send}).
     * Immutable; its hooks run as {@link Completion}'s do: counted here, delivered on the callback thread.
     */
    private final class CallbackHook implements Delivering {
        final Callback callback;

        CallbackHook(Callback callback) {
            this.callback = callback;
        }

        @Override
        public void onCompletion(TopicPartition tp, long offset, long timestamp, int keySize, int valueSize,
                                 RuntimeException exception) {
            settle(this, tp, offset, timestamp, keySize, valueSize, exception);
        }

        @Override
        public void deliver(TopicPartition tp, long offset, long timestamp, int keySize, int valueSize,
                            RuntimeException exception) {
            if (callback == null) {
                return;
            }
            RecordMetadata md = new RecordMetadata(tp, offset, 0, timestamp, keySize, valueSize);
            try {
                callback.onCompletion(md, exception);
            } catch (RuntimeException e) {
                log.error("The callback of a record for {} threw", tp, e);
            }
        }
    }

    /** A completion that keeps the record's headers, for the interceptors' acknowledgement. */
    private final class InterceptedCompletion extends Completion {
        final Headers headers;

        InterceptedCompletion(String topic, Callback callback, Headers headers) {
            super(topic, callback);
            this.headers = headers;
        }

        @Override
        Headers headers() {
            return headers;
        }
    }

    // =============================================================================================================
    // Transactions
    // =============================================================================================================

    /**
     * Readies a transactional producer (one with {@code transactional.id}): finds the transaction coordinator,
     * registers the id and obtains the producer id and epoch, which fences every older producer with the same id and
     * completes the transaction it may have left open (aborting it). Call once, before the first
     * {@link #beginTransaction()}; waits at most {@code max.block.ms}. A call that timed out goes on in the
     * background: call it again to keep waiting.
     *
     * @throws IllegalStateException if the producer has no {@code transactional.id}, or was initialized already
     * @throws io.samsa.common.errors.TimeoutException if it did not complete within {@code max.block.ms}
     * @throws io.samsa.common.errors.TransactionalIdAuthorizationException if the id may not be used (fix the ACLs,
     *         then call again)
     * @throws KafkaException for any other failure (the producer cannot be used: close it)
     */
    @Override
    public void initTransactions() {
        initTransactions(Duration.ofMillis(maxBlockMs));
    }

    /**
     * {@link #initTransactions()}, waiting at most {@code timeout} instead of {@code max.block.ms}.
     *
     * @param timeout how long to wait for the transaction coordinator
     */
    public void initTransactions(Duration timeout) {
        TransactionManager tm = transactional();
        awaitTransactional("initTransactions", tm::initTransactions, timeout.toMillis());
    }

    /**
     * Starts a transaction: records sent from now until {@link #commitTransaction()} become visible to
     * {@code read_committed} consumers together, or (after {@link #abortTransaction()}) never.
     *
     * @throws IllegalStateException if not initialized, a transaction is open already, or the previous one failed
     *         and was not aborted
     */
    @Override
    public void beginTransaction() {
        TransactionManager tm = transactional();
        awaitTransactional("beginTransaction", tm::beginTransaction, maxBlockMs);
    }

    /**
     * Commits consumer offsets as part of the current transaction (consume-transform-produce): the group's
     * committed offsets become {@code offsets} if and only if the transaction commits. {@code groupMetadata} is the
     * consumer's {@code groupMetadata()}, so that offsets of a consumer that lost its partitions are refused
     * (KIP-447). Waits at most {@code max.block.ms}; an empty map does nothing.
     *
     * @throws KafkaException if the group refused the offsets, much as Apache's {@code CommitFailedException} says
     *         (the transaction must then be aborted)
     */
    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                         ConsumerGroupMetadata groupMetadata) {
        if (groupMetadata == null) {
            throw new IllegalArgumentException("Consumer group metadata could not be null");
        }
        if (groupMetadata.generationId() > 0 && groupMetadata.memberId().isEmpty()) {
            throw new IllegalArgumentException("Passed in group metadata " + groupMetadata + " has generationId > 0 "
                    + "but member.id is empty");
        }
        TransactionManager tm = transactional();
        if (offsets.isEmpty()) {
            return;
        }
        List<TransactionManager.Offset> list = new java.util.ArrayList<>(offsets.size());
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
            OffsetAndMetadata om = e.getValue();
            list.add(new TransactionManager.Offset(e.getKey(), om.offset(), om.leaderEpoch().orElse(-1),
                    om.metadata()));
        }
        TransactionManager.GroupOffsets group = new TransactionManager.GroupOffsets(groupMetadata.groupId(),
                groupMetadata.generationId(), groupMetadata.memberId(), groupMetadata.groupInstanceId().orElse(null),
                list);
        awaitTransactional("sendOffsetsToTransaction", () -> tm.sendOffsets(group), maxBlockMs);
    }

    /**
     * Commits the current transaction: first sends every record sent before this call and waits for the broker's
     * answers (and their callbacks), then ends the transaction at its coordinator. Waits at most
     * {@code max.block.ms}; a call that timed out goes on in the background: call it again (not
     * {@code abortTransaction}) to learn the outcome.
     *
     * @throws KafkaException if a record or offset commit of the transaction failed: it cannot commit and must be
     *         aborted ({@link #abortTransaction()}); the cause says what failed, and the callbacks of the records
     *         that had failed by this call have run
     * @throws io.samsa.common.errors.ProducerFencedException if a newer producer with the same
     *         {@code transactional.id} took over: close this one
     */
    @Override
    public void commitTransaction() {
        TransactionManager tm = transactional();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(maxBlockMs);
        boolean resuming;
        synchronized (pendingLock) {
            resuming = pendingResult != null;
        }
        if (!resuming && tm.state() == TransactionState.IN_TRANSACTION) {
            flushTransaction(deadline);
        } else if (!resuming && tm.state() == TransactionState.ABORTABLE_ERROR) {
            awaitFailedCallbacks(deadline);
        }
        awaitTransactional("commitTransaction", () -> tm.endTransaction(true), leftMs(deadline), start);
    }

    /** The transaction manager's state (tests); null without transactions. */
    TransactionState transactionState() {
        return transactions == null ? null : transactions.state();
    }

    /**
     * Before a commit is refused because a record of the transaction failed: lets the callbacks already handed to
     * the callback thread run, so that the caller's callback has seen the failed record when the refusal reaches
     * it, as with Apache's producer, whose {@code send()} runs a record's callback before it returns when the
     * record fails there (the callback thread may still be behind; a callback that commits waits for nothing).
     * A record failure is then reported before the refusal it causes.
     */
    private void awaitFailedCallbacks(long deadlineNanos) {
        if (callbacks.inCallbackThread()) {
            return;
        }
        try {
            callbacks.awaitQueued(leftMs(deadlineNanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("Interrupted while the failed transaction's callbacks ran", e);
        }
    }

    /**
     * Aborts the current transaction: records not yet sent fail with
     * {@link io.samsa.common.errors.TransactionAbortedException}, records already sent are discarded by
     * {@code read_committed} consumers, and offsets sent to the transaction are not committed. The way out of a
     * transaction that failed. Waits at most {@code max.block.ms}.
     */
    @Override
    public void abortTransaction() {
        TransactionManager tm = transactional();
        awaitTransactional("abortTransaction", () -> tm.endTransaction(false), maxBlockMs);
    }

    private TransactionManager transactional() {
        if (transactions == null) {
            throw new IllegalStateException("Cannot use transactional methods without enabling transactions by "
                    + "setting the transactional.id configuration property");
        }
        if (closed.get()) {
            throw new IllegalStateException("Cannot perform operation after producer has been closed");
        }
        return transactions;
    }

    /**
     * Runs one transactional call and waits for it; a call that timed out is picked up again by the same call, and
     * no other may start before it (its outcome may already be on its way to the coordinator).
     */
    private void awaitTransactional(String operation, java.util.function.Supplier<TransactionalResult> start,
                                    long timeoutMs) {
        awaitTransactional(operation, start, timeoutMs, System.nanoTime());
    }

    /** @param startNanos when the call began, for its {@code txn-*-time-ns-total} metric */
    private void awaitTransactional(String operation, java.util.function.Supplier<TransactionalResult> start,
                                    long timeoutMs, long startNanos) {
        TransactionalResult r;
        synchronized (pendingLock) {
            if (pendingResult != null && !pendingResult.operation().equals(operation)) {
                throw new IllegalStateException("Cannot attempt operation `" + operation + "` because the previous "
                        + "call to `" + pendingResult.operation() + "` timed out and must be retried");
            }
            r = pendingResult != null ? pendingResult : start.get();
            pendingResult = r;
        }
        try {
            r.await(timeoutMs);
        } catch (io.samsa.common.errors.TimeoutException | InterruptException e) {
            throw e; // still pending: the same call waits for it again
        } catch (RuntimeException e) {
            clearPending(r);
            throw e;
        }
        clearPending(r);
        metrics.recordTransactionTime(operation, System.nanoTime() - startNanos);
    }

    private void clearPending(TransactionalResult r) {
        synchronized (pendingLock) {
            if (pendingResult == r) {
                pendingResult = null;
            }
        }
    }

    /** commitTransaction's flush: every record sent so far acknowledged (or failed) and its callback run. */
    private void flushTransaction(long deadlineNanos) {
        accumulator.beginFlush();
        network.wakeup();
        boolean done;
        try {
            done = pending.awaitEmpty(leftMs(deadlineNanos))
                    && accumulator.awaitFlushCompletion(leftMs(deadlineNanos))
                    && (callbacks.inCallbackThread() || callbacks.awaitQueued(leftMs(deadlineNanos)));
        } catch (InterruptedException e) {
            throw new InterruptException("Interrupted while flushing the transaction's records before commit", e);
        }
        if (!done) {
            throw new io.samsa.common.errors.TimeoutException("Timeout expired after " + maxBlockMs + " ms "
                    + "(max.block.ms) while sending the transaction's records before committing it; call "
                    + "commitTransaction again");
        }
    }

    // =============================================================================================================
    // flush, partitionsFor, metrics, close
    // =============================================================================================================

    /**
     * Blocks until every record sent before this call has completed (acknowledged or failed) and its callback
     * has run. Records keep arriving meanwhile are not waited for. As in Apache's producer there is no time
     * limit of its own, but each record's life is bounded by {@code delivery.timeout.ms}.
     */
    @Override
    public void flush() {
        accumulator.beginFlush();
        network.wakeup();
        long start = System.nanoTime();
        try {
            boolean done = pending.awaitEmpty(Long.MAX_VALUE / 2_000_000L)
                    && accumulator.awaitFlushCompletion(Long.MAX_VALUE / 2_000_000L);
            if (done && !callbacks.inCallbackThread()) {
                callbacks.awaitQueued(Long.MAX_VALUE / 2_000_000L);
            }
        } catch (InterruptedException e) {
            throw new InterruptException("Interrupted while flushing", e);
        } finally {
            metrics.recordFlushTime(System.nanoTime() - start);
        }
    }

    /**
     * The partitions of a topic, waiting at most {@code max.block.ms} for its metadata.
     *
     * @throws TimeoutException when the topic's metadata did not arrive in time (names the topic)
     */
    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        if (closed.get()) {
            throw new IllegalStateException("Cannot call partitionsFor after the producer is closed");
        }
        TopicMetadata known = metadata.cluster().topic(topic);
        if (known != null && !known.hasError()) {
            return known.partitions();
        }
        CompletableFuture<Cluster> f = new CompletableFuture<>();
        long start = System.nanoTime();
        long deadline = time.milliseconds() + maxBlockMs;
        io.execute(() -> metadata.awaitTopics(List.of(topic), time.milliseconds(), deadline).whenComplete((c, e) -> {
            if (e != null) {
                f.completeExceptionally(e);
            } else {
                f.complete(c);
            }
        }));
        try {
            return f.get(maxBlockMs + 1_000, TimeUnit.MILLISECONDS).partitionsForTopic(topic);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new KafkaException("partitionsFor(" + topic + ") failed", cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException("Topic " + topic + " not present in metadata after " + maxBlockMs
                    + " ms (max.block.ms)");
        } catch (InterruptedException e) {
            throw new InterruptException("Interrupted while waiting for the metadata of topic " + topic, e);
        } finally {
            // send() never waits for metadata; partitionsFor is the one call that does.
            metrics.recordMetadataWait(System.nanoTime() - start);
        }
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return metrics.metrics();
    }

    /**
     * The client's unique id for telemetry (KIP-714), which the cluster assigns on the first telemetry exchange;
     * operators see it with the producer's pushed metrics. Waits at most {@code timeout} for that exchange (zero:
     * do not wait).
     *
     * @param timeout how long to wait for the id
     * @return the id, or null when it did not arrive in time or the cluster offers no telemetry (no broker has a
     *         telemetry plugin, or the exchange failed for good), as Apache Kafka's producer returns
     * @throws IllegalStateException    when {@code enable.metrics.push=false}
     * @throws IllegalArgumentException when {@code timeout} is negative
     * @throws InterruptException       when the thread is interrupted while waiting
     */
    @Override
    public Uuid clientInstanceId(Duration timeout) {
        if (telemetry == null) {
            throw new IllegalStateException("Telemetry is not enabled. Set config `"
                    + ProducerConfig.ENABLE_METRICS_PUSH_CONFIG + "` to `true`.");
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("The timeout cannot be negative.");
        }
        CompletableFuture<Uuid> id = telemetry.clientInstanceIdFuture();
        if (!id.isDone() && !closed.get()) {
            try {
                io.execute(telemetry::wantInstanceId);
            } catch (ClosedException e) {
                return null;
            }
        }
        try {
            return timeout.isZero() ? id.getNow(null) : id.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            log.debug("No client instance id within {} ms: the cluster has not answered GetTelemetrySubscriptions",
                    timeout.toMillis());
            return null;
        } catch (ExecutionException e) {
            return null; // never completed exceptionally; kept for the checked signature
        } catch (InterruptedException e) {
            throw new InterruptException("Interrupted while waiting for the client instance id", e);
        }
    }

    /**
     * Adds an application metric to the producer's telemetry pushes (KIP-714, KIP-1076), as Apache Kafka's producer
     * does with a {@code KafkaMetric}: it is sent with the producer's own metrics, named by the same convention, as
     * a monotonic sum when its name ends in {@code -total} and as a gauge otherwise; a value that is not a number is
     * left out. Registering a name again replaces the metric; the producer's own metrics cannot be replaced (logged
     * and ignored).
     */
    @Override
    public void registerMetricForSubscription(Metric metric) {
        if (metrics.metrics().containsKey(metric.metricName())) {
            log.debug("Skipping registration for metric {}. Existing producer metrics cannot be overwritten.",
                    metric.metricName());
            return;
        }
        if (telemetry != null) {
            subscribedMetrics.put(metric.metricName(), metric);
        }
    }

    /** Removes a metric added with {@link #registerMetricForSubscription}; does nothing for any other. */
    @Override
    public void unregisterMetricFromSubscription(Metric metric) {
        if (metrics.metrics().containsKey(metric.metricName())) {
            log.debug("Skipping unregistration for metric {}. Existing producer metrics cannot be removed.",
                    metric.metricName());
            return;
        }
        subscribedMetrics.remove(metric.metricName());
    }

    /** The metrics a telemetry push reads: the producer's own, then the application's. */
    private Map<MetricName, ? extends Metric> telemetryMetrics() {
        Map<MetricName, ? extends Metric> own = metrics.metrics();
        if (subscribedMetrics.isEmpty()) {
            return own;
        }
        Map<MetricName, Metric> all = new java.util.LinkedHashMap<>(own);
        subscribedMetrics.forEach(all::putIfAbsent);
        return all;
    }

    /**
     * Sends the terminating telemetry push (KIP-714), so the cluster gets the producer's final metrics, waiting at
     * most the close deadline and {@code request.timeout.ms}.
     */
    private void pushLastTelemetry(long deadlineNanos) {
        CompletableFuture<CompletableFuture<Void>> started = new CompletableFuture<>();
        try {
            io.execute(() -> started.complete(telemetry.terminate()));
            long waitMs = Math.min(leftMs(deadlineNanos), requestTimeoutMs);
            long end = System.nanoTime() + waitMs * 1_000_000L;
            started.get(waitMs, TimeUnit.MILLISECONDS).get(Math.max(0, (end - System.nanoTime()) / 1_000_000L),
                    TimeUnit.MILLISECONDS);
        } catch (ClosedException | ExecutionException | java.util.concurrent.TimeoutException e) {
            log.debug("The terminating telemetry push did not complete before close: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the producer, waiting (without a limit of its own) for records already sent. */
    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    /**
     * Stops accepting records, waits at most {@code timeout} for those already sent to complete, then fails
     * whatever is left with a {@link ClosedException} and releases every thread and connection. Idempotent.
     * From inside a callback, does not wait (it would wait for itself).
     *
     * @param timeout how long to wait for records already sent; negative counts as zero
     */
    @Override
    public void close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long timeoutMs = timeout.toMillis() < 0 ? 0 : timeout.toMillis();
        if (callbacks.inCallbackThread()) {
            timeoutMs = 0;
        }
        long deadline = System.nanoTime() + Math.min(timeoutMs, Long.MAX_VALUE / 4_000_000L) * 1_000_000L;
        abortOpenTransaction(timeoutMs, deadline);
        try {
            if (timeoutMs > 0) {
                accumulator.beginFlush();
                network.wakeup();
                pending.awaitEmpty(leftMs(deadline));
                accumulator.close(); // no more appends; what is queued is sent at once
                network.wakeup();
                accumulator.awaitFlushCompletion(leftMs(deadline));
            } else {
                accumulator.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // close() without a timeout waits as long as it takes: no figure worth naming (Long.MAX_VALUE ms).
        String closeReason = timeoutMs > 0 && timeoutMs < Long.MAX_VALUE / 2 ? " (close timeout " + timeoutMs + " ms)"
                : "";
        accumulator.abortAll(new ClosedException("The producer was closed before these records were acknowledged"
                + closeReason));
        pending.setCloseReason(closeReason); // records still waiting for their topic fail as the I/O thread stops
        if (telemetry != null && timeoutMs > 0) {
            pushLastTelemetry(deadline);
        }
        io.close(Math.max(1_000, Math.min(leftMs(deadline), 30_000)));
        accumulator.releaseCompressor(); // the I/O thread, its only user, has stopped
        if (spool != null) {
            spool.close(); // syncs; records not acknowledged stay for the next producer on the directory
        }
        if (security.ssl() != null) {
            try {
                security.ssl().close(); // the I/O thread, which made engines with it, has stopped
            } catch (RuntimeException e) {
                log.warn("Closing the TLS engine provider {} failed", security.ssl().getClass().getName(), e);
            }
        }
        callbacks.close(Math.max(1_000, Math.min(leftMs(deadline), 30_000)));
        metrics.close();
        closeQuietly(keySerializer);
        closeQuietly(valueSerializer);
        router.close();
        interceptors.close();
        log.debug("Producer {} closed", clientId);
    }

    /**
     * A transaction still open when the producer closes is aborted, within the close timeout: its records must not
     * wait for the coordinator's transaction.timeout.ms to become readable for read_committed consumers again. (A
     * coordinator left without the abort, after a forced close, aborts on that timeout or when the next producer
     * with the same id initializes.)
     */
    private void abortOpenTransaction(long timeoutMs, long deadline) {
        if (transactions == null || timeoutMs <= 0) {
            return;
        }
        TransactionState s = transactions.state();
        if (s != TransactionState.IN_TRANSACTION && s != TransactionState.ABORTABLE_ERROR) {
            return;
        }
        try {
            transactions.endTransaction(false).await(leftMs(deadline));
        } catch (RuntimeException e) {
            log.warn("Aborting the open transaction of transactional.id {} on close failed: {}",
                    transactions.transactionalId(), e.getMessage());
        }
    }

    private static long leftMs(long deadlineNanos) {
        return Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000L);
    }

    private static void closeQuietly(Serializer<?> s) {
        try {
            s.close();
        } catch (RuntimeException e) {
            log.warn("Closing serializer {} failed", s.getClass().getName(), e);
        }
    }

    /** {@return the client id (given, or generated as {@code producer-N})} */
    public String clientId() {
        return clientId;
    }
}
