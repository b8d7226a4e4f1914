package io.samsa.clients.producer;

import io.samsa.clients.CommonClientConfigs;
import io.samsa.common.config.SaslConfigs;
import io.samsa.common.config.SslConfigs;
import io.samsa.common.serialization.BooleanSerializer;
import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.common.serialization.ByteBufferSerializer;
import io.samsa.common.serialization.DoubleSerializer;
import io.samsa.common.serialization.FloatSerializer;
import io.samsa.common.serialization.IntegerSerializer;
import io.samsa.common.serialization.LongSerializer;
import io.samsa.common.serialization.Serializer;
import io.samsa.common.serialization.ShortSerializer;
import io.samsa.common.serialization.StringSerializer;
import io.samsa.common.serialization.UUIDSerializer;
import io.samsa.common.serialization.VoidSerializer;
import io.samsa.common.config.ConfigDef;
import io.samsa.common.config.ConfigDef.Importance;
import io.samsa.common.config.ConfigDef.Type;
import io.samsa.common.config.ConfigException;
import io.samsa.common.config.types.Password;
import io.samsa.security.SaslSettings;
import io.samsa.security.SecurityProtocol;
import io.samsa.security.SslEngineFactory;
import io.samsa.security.SslEngineProvider;
import io.samsa.common.config.Validator;
import io.samsa.common.config.Validators;
import io.samsa.metadata.BootstrapServers;
import io.samsa.metrics.MetricsReporter;
import io.samsa.clients.producer.internals.ProducerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.samsa.clients.producer.ProducerConfig.*;

/**
 * The producer's configuration table: every key with its type, default, bounds, importance and documentation, the
 * rules across keys applied when a configuration is built, and the validators those need. It is the one place
 * that holds defaults and bounds: {@link ProducerConfig} exposes it ({@link ProducerConfig#configDef()}), the
 * reference in {@code docs/configuration.md} is generated from it, and the components get their settings from
 * the validated values ({@link ComponentConfigs}). Where Apache Kafka names a default as a constant
 * ({@code CommonClientConfigs.DEFAULT_RETRY_BACKOFF_MS}, {@code SslConfigs.DEFAULT_SSL_PROTOCOL}, ...), the table
 * uses that constant rather than repeating its value, so that each default is written once.
 *
 * <p>Immutable after class initialisation; any thread.
 */
final class ProducerConfigTable {
    /** Under the public class's name: what users configure logging for. */
    private static final Logger log = LoggerFactory.getLogger(ProducerConfig.class);

    /** Numbers the {@code producer-N} client ids, per JVM, as Apache Kafka does. */
    private static final AtomicInteger CLIENT_ID_SEQUENCE = new AtomicInteger(1);

    private ProducerConfigTable() {
    }

    private static final String APACHE_SERIALIZATION = "org.apache.kafka.common.serialization.";

    /** The interface Apache Kafka's interceptors implement: named in the error when a class implements it instead. */
    private static final String APACHE_INTERCEPTOR = "org.apache.kafka.clients.producer.ProducerInterceptor";

    /**
     * {@code interceptor.classes}: every entry a loadable, concrete class implementing {@link ProducerInterceptor}
     * with a no-argument constructor. Checked when the configuration is built (as {@code partitioner.class}), so
     * that a typo fails at start-up, naming the class.
     */
    private static final Validator INTERCEPTOR_CLASSES_VALIDATOR = new Validator() {
        private final Validator implementing = Validators.implementing(ProducerInterceptor.class);

        @Override
        public void ensureValid(String name, Object value) {
            for (String className : asStrings(value)) {
                Class<?> c = loadInterceptorClass(name, className);
                if (!ProducerInterceptor.class.isAssignableFrom(c) && implementsByName(c, APACHE_INTERCEPTOR)) {
                    throw new ConfigException(name, className, "class " + className + " implements Apache Kafka's "
                            + APACHE_INTERCEPTOR + "; change its imports to io.samsa.clients.producer (ProducerInterceptor, "
                            + "ProducerRecord, RecordMetadata) and io.samsa.common.header (Headers)");
                }
                implementing.ensureValid(name, c);
            }
        }

        @Override
        public String describe(Type type) {
            return "a list of classes implementing " + ProducerInterceptor.class.getName();
        }

        @Override
        public String validValues() {
            return "classes implementing " + ProducerInterceptor.class.getName();
        }
    };

    /** The interface Apache Kafka's metrics reporters implement: named in the error when a class implements it. */
    private static final String APACHE_METRICS_REPORTER = "org.apache.kafka.common.metrics.MetricsReporter";

    /**
     * {@code metric.reporters}: every entry a loadable, concrete class implementing {@link MetricsReporter} with a
     * no-argument constructor, checked when the configuration is built so that a typo fails at start-up.
     */
    private static final Validator METRIC_REPORTERS_VALIDATOR = new Validator() {
        private final Validator implementing = Validators.implementing(MetricsReporter.class);

        @Override
        public void ensureValid(String name, Object value) {
            for (String className : asStrings(value)) {
                Class<?> c = loadClass(name, className, MetricsReporter.class);
                if (!MetricsReporter.class.isAssignableFrom(c) && implementsByName(c, APACHE_METRICS_REPORTER)) {
                    throw new ConfigException(name, className, "class " + className + " implements Apache Kafka's "
                            + APACHE_METRICS_REPORTER + "; Samsa's reporters implement "
                            + MetricsReporter.class.getName() + " (or use samsa-kafka-clients, whose metrics() "
                            + "gives Apache's types)");
                }
                implementing.ensureValid(name, c);
            }
        }

        @Override
        public String describe(Type type) {
            return "a list of classes implementing " + MetricsReporter.class.getName();
        }

        @Override
        public String validValues() {
            return "classes implementing " + MetricsReporter.class.getName();
        }
    };

    static final ConfigDef CONFIG = ConfigDef.builder("producer")
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT,
                    Validators.custom("a non-empty list of host:port", "host:port,...",
                            v -> BootstrapServers.parse(String.join(",", asStrings(v)))),
                    Importance.HIGH,
                    "The brokers to contact first, as a comma-separated list of host:port (an IPv6 address in "
                            + "brackets: [::1]:9092). Used only to fetch the cluster's metadata; the producer then "
                            + "connects to the brokers that lead the partitions it writes to. The list need not name "
                            + "every broker, but naming more than one lets the producer start while one is down.")
            .define(CLIENT_ID_CONFIG, Type.STRING, "", Importance.MEDIUM,
                    "A name for this producer, sent with every request so that broker logs, metrics and quotas "
                            + "can tell clients apart. When empty, the producer is named producer-N, N counting the "
                            + "producers created in this JVM.")
            .define(KEY_SERIALIZER_CLASS_CONFIG, Type.CLASS, ConfigDef.NO_DEFAULT,
                    Validators.implementing(Serializer.class, false), Importance.HIGH,
                    "The class that turns record keys into bytes, implementing "
                            + "io.samsa.common.serialization.Serializer. Apache Kafka's built-in serializers "
                            + "(org.apache.kafka.common.serialization.StringSerializer, ...) are read as Samsa's "
                            + "namesakes, which write the same bytes. Named here, it needs a no-argument "
                            + "constructor; not needed when the producer is given a serializer instance (which may "
                            + "be a lambda or any other class).")
            .define(VALUE_SERIALIZER_CLASS_CONFIG, Type.CLASS, ConfigDef.NO_DEFAULT,
                    Validators.implementing(Serializer.class, false), Importance.HIGH,
                    "The class that turns record values into bytes; as key.serializer.")
            .define(ACKS_CONFIG, Type.STRING, "all", Validators.oneOf("all", "-1", "0", "1"), Importance.LOW,
                    "How many replicas must have a record before the broker acknowledges it. all (or -1): every "
                            + "in-sync replica, so an acknowledged record survives as long as one of them does; "
                            + "1: the leader alone, so a record is lost if the leader fails before a follower "
                            + "copied it; 0: no acknowledgement at all (no retries, no offsets, failures go "
                            + "unnoticed). The idempotent producer requires all.")
            .define(ENABLE_IDEMPOTENCE_CONFIG, Type.BOOLEAN, true, Importance.LOW,
                    "Number every batch with a producer id and sequence so that the broker drops the duplicates "
                            + "retries would otherwise write, and keeps each partition's order with up to 5 "
                            + "requests in flight. Requires acks=all, retries > 0 and "
                            + "max.in.flight.requests.per.connection <= 5. Set explicitly to true, a conflict with "
                            + "those is an error; left at the default, idempotence is turned off (logged at INFO) "
                            + "when acks or retries conflict, and too many requests in flight is an error.")
            .define(LINGER_MS_CONFIG, Type.LONG, 5, Validators.atLeast(0), Importance.MEDIUM,
                    "How long a batch that is not full waits for more records before it is sent. A short wait "
                            + "means fewer, larger requests and better compression for little latency; a full "
                            + "batch (batch.size) is sent without waiting. Apache Kafka's default since 4.0 "
                            + "(it was 0).")
            .define(BATCH_SIZE_CONFIG, Type.INT, 16384, Validators.atLeast(0), Importance.MEDIUM,
                    "The size in bytes of a batch: records for the same partition are collected into batches "
                            + "of up to this size (a larger record gets a batch of its own). Also how many bytes "
                            + "the built-in partitioner sends to one partition before it moves records without a "
                            + "key to another. 0 turns batching off (one record per batch).")
            .define(BUFFER_MEMORY_CONFIG, Type.LONG, 33554432L, Validators.atLeast(0), Importance.HIGH,
                    "The total bytes of records the producer may hold waiting to be sent. When they are used "
                            + "up, send() waits for up to max.block.ms for space, then fails.")
            .define(MAX_BLOCK_MS_CONFIG, Type.LONG, 60000, Validators.atLeast(0), Importance.MEDIUM,
                    "How long send() and partitionsFor() may block, waiting for a topic's metadata or for "
                            + "buffer memory, before failing with a TimeoutException. Time spent in serializers "
                            + "and the partitioner does not count.")
            .define(DELIVERY_TIMEOUT_MS_CONFIG, Type.INT, 120000, Validators.atLeast(0), Importance.MEDIUM,
                    "The longest time between send() returning and the record's outcome being reported: "
                            + "waiting in a batch, waiting to be sent, every attempt and every backoff. Must be at "
                            + "least linger.ms + request.timeout.ms; when not set and smaller than that, it is "
                            + "raised to the sum.")
            .define(REQUEST_TIMEOUT_MS_CONFIG, Type.INT, 30000, Validators.atLeast(0), Importance.MEDIUM,
                    "How long to wait for a broker's answer to a request before failing it (and retrying, if "
                            + "delivery.timeout.ms allows). Also sent to the broker as the Produce request's "
                            + "timeout. Keep it above the broker's replica.lag.time.max.ms, or the producer gives "
                            + "up on records the broker is still replicating and retries them needlessly.")
            .define(RETRIES_CONFIG, Type.INT, Integer.MAX_VALUE, Validators.between(0, Integer.MAX_VALUE),
                    Importance.HIGH,
                    "How many times a batch that failed with a retriable error is sent again. Retries are "
                            + "bounded by delivery.timeout.ms anyway, which is the setting to tune; 0 turns retries "
                            + "off, and with them idempotence (an error if enable.idempotence=true was set).")
            .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, CommonClientConfigs.DEFAULT_RETRY_BACKOFF_MS, Validators.atLeast(0),
                    Importance.LOW,
                    "The wait before retrying a failed request (and between metadata refresh attempts). "
                            + "Consecutive failures double it, with random jitter, up to retry.backoff.max.ms.")
            .define(RETRY_BACKOFF_MAX_MS_CONFIG, Type.LONG, CommonClientConfigs.DEFAULT_RETRY_BACKOFF_MAX_MS,
                    Validators.atLeast(0), Importance.LOW,
                    "The longest wait between retries as the backoff grows. When below retry.backoff.ms, "
                            + "retry.backoff.ms is used as a constant backoff.")
            .define(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, Type.INT, 5, Validators.atLeast(1), Importance.LOW,
                    "How many requests may await an answer on one broker connection. More hides network "
                            + "latency. Without idempotence, more than 1 lets a retried batch land after a later "
                            + "one (records reordered); the idempotent producer keeps order with up to 5, and "
                            + "more than 5 is an error while it is on.")
            .define(MAX_REQUEST_SIZE_CONFIG, Type.INT, 1048576, Validators.atLeast(0), Importance.MEDIUM,
                    "The largest request the producer sends, in bytes, which also caps the largest record. "
                            + "The broker has its own limit (message.max.bytes, per topic max.message.bytes), "
                            + "which may differ.")
            .define(PARTITIONER_CLASS_CONFIG, Type.CLASS, null, Validators.implementing(Partitioner.class),
                    Importance.MEDIUM,
                    "A class implementing io.samsa.clients.producer.Partitioner that chooses the partition of records "
                            + "that do not name one. Unset: the built-in partitioner, which sends a keyed record "
                            + "to murmur2(key) modulo the partition count (as Apache Kafka, so keys land on the "
                            + "same partitions) and other records to one partition at a time, batch.size bytes "
                            + "each. org.apache.kafka.clients.producer.RoundRobinPartitioner is read as "
                            + "io.samsa.clients.producer.RoundRobinPartitioner.")
            .define(PARTITIONER_IGNORE_KEYS_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
                    "When true, the built-in partitioner places keyed records as if they had no key (sticky) "
                            + "instead of by the key's hash. No effect when partitioner.class is set.")
            .define(PARTITIONER_ADPATIVE_PARTITIONING_ENABLE_CONFIG, Type.BOOLEAN, true, Importance.LOW,
                    "When true, the built-in partitioner sends more records without a key to partitions whose "
                            + "brokers keep up (fewer batches waiting) and fewer to slow ones. When false, such "
                            + "records are spread evenly over the partitions that have a leader.")
            .define(PARTITIONER_AVAILABILITY_TIMEOUT_MS_CONFIG, Type.LONG, 0, Validators.atLeast(0),
                    Importance.LOW,
                    "When a partition's leader has had data ready but could not take it for this long, the "
                            + "built-in partitioner stops choosing that partition for records without a key until "
                            + "it can. 0 turns this off. Only with adaptive partitioning and no partitioner.class.")
            .define(METADATA_MAX_AGE_CONFIG, Type.LONG, 300000, Validators.atLeast(0), Importance.LOW,
                    "Refresh the cluster's metadata at least this often, even when nothing failed, to discover "
                            + "new brokers and partitions.")
            .define(METADATA_MAX_IDLE_CONFIG, Type.LONG, 300000, Validators.atLeast(5000), Importance.LOW,
                    "Forget the metadata of a topic nothing was sent to for this long; the next send to it "
                            + "fetches it again.")
            .define(METADATA_RECOVERY_STRATEGY_CONFIG, Type.STRING,
                    CommonClientConfigs.DEFAULT_METADATA_RECOVERY_STRATEGY,
                    Validators.oneOfIgnoreCase("rebootstrap", "none"), Importance.LOW,
                    "What to do when no known broker can be reached, or the brokers' answers say the client "
                            + "must start over: rebootstrap goes back to bootstrap.servers (useful when every "
                            + "broker's address changed); none keeps trying the brokers it knows.")
            .define(METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS_CONFIG, Type.LONG,
                    CommonClientConfigs.DEFAULT_METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS, Validators.atLeast(0),
                    Importance.LOW,
                    "With metadata.recovery.strategy=rebootstrap: when a metadata refresh has been due for this "
                            + "long and none of the brokers of the last metadata answered, forget them and start "
                            + "again from bootstrap.servers (resolving its host names again).")
            .define(INTERCEPTOR_CLASSES_CONFIG, Type.LIST, "", INTERCEPTOR_CLASSES_VALIDATOR, Importance.LOW,
                    "Classes implementing io.samsa.clients.producer.ProducerInterceptor, called in this order with every "
                            + "record before it is serialized (each may replace it) and with every record's outcome "
                            + "(acknowledgement or error). Each needs a public no-argument constructor and is "
                            + "configured with the producer's configuration plus the effective client.id. An "
                            + "exception thrown by an interceptor is logged (once per interceptor and method, then "
                            + "counted) and never fails the send. Apache Kafka's interceptors move over by changing "
                            + "their imports. Empty: no interceptors.")
            .define(METRIC_REPORTER_CLASSES_CONFIG, Type.LIST, "", METRIC_REPORTERS_VALIDATOR, Importance.LOW,
                    "Classes implementing io.samsa.metrics.MetricsReporter (Samsa's interface, not Apache Kafka's) "
                            + "that publish the producer's metrics: each is created with its public no-argument "
                            + "constructor, configured with the producer's configuration plus the effective "
                            + "client.id, shown every metric (init), told of each metric added or removed later, and "
                            + "closed with the producer. JMX needs no reporter here (see samsa.jmx.domain). Empty: "
                            + "none.")
            .define(SAMSA_JMX_DOMAIN_CONFIG, Type.STRING, ProducerMetrics.JMX_DOMAIN,
                    Validators.custom("a JMX domain: not empty, without ':', '*', '?' or a newline",
                            "io.samsa.producer, kafka.producer, ...", v -> {
                                String d = (String) v;
                                if (d.isEmpty() || d.chars().anyMatch(ch -> ch == ':' || ch == '*' || ch == '?'
                                        || ch == '\n')) {
                                    throw new IllegalArgumentException("not a JMX domain: '" + d + "'");
                                }
                            }), Importance.LOW,
                    "Samsa's own key: the JMX domain of the producer's MBeans. The default, io.samsa.producer, keeps "
                            + "them apart from an Apache Kafka producer's in the same JVM; kafka.producer gives "
                            + "exactly the object names Apache Kafka's producer registers (kafka.producer:type="
                            + "producer-metrics,client-id=..., type=producer-node-metrics,client-id=...,node-id="
                            + "node-1, type=producer-topic-metrics,client-id=...,topic=..., type=app-info,client-id="
                            + "...), so JMX exporter rules and dashboards written for it work unchanged.")
            .define(SPOOL_DIR_CONFIG, Type.STRING, null, Validators.nonEmptyString(), Importance.MEDIUM,
                    "Samsa's own key: a directory for the durable spool, a write-ahead log of every record not yet "
                            + "acknowledged. Unset (the default): no spool. Set: send() writes each record to it "
                            + "before returning, and a producer started on the same directory (after a crash, a "
                            + "kill -9, a close that did not finish, a host reboot with spool.fsync=always) first "
                            + "sends what the previous one left unacknowledged, in order per partition; with "
                            + "idempotence exactly once (batches already sent are resent with the same producer id, "
                            + "epoch and sequence, which the broker recognises within its memory of the last 5 "
                            + "batches per partition and producer.id.expiration.ms), without it at least once. One "
                            + "producer per directory (a lock file). Not with transactional.id. While a producer "
                            + "replays, the replayed records are held in memory beside buffer.memory.")
            .define(SPOOL_FSYNC_CONFIG, Type.STRING, "interval", Validators.oneOfIgnoreCase("always", "interval",
                    "os"), Importance.LOW,
                    "When the spool's writes are forced to disk. always: send() returns once its record is synced "
                            + "(threads sending at once share an fsync), and each batch's identity is synced before "
                            + "its request goes out: nothing acknowledged by send() is lost even if the operating "
                            + "system crashes. interval: synced every spool.fsync.interval.ms; a process crash loses "
                            + "nothing (written bytes are in the OS's cache), an OS crash up to that interval. os: "
                            + "the OS syncs when it likes; a process crash still loses nothing.")
            .define(SPOOL_FSYNC_INTERVAL_MS_CONFIG, Type.LONG, 5, Validators.between(1, 60_000), Importance.LOW,
                    "The sync period of spool.fsync=interval, in ms.")
            .define(SPOOL_MAX_BYTES_CONFIG, Type.LONG, 1024L * 1024 * 1024, Validators.atLeast(2L * 1024 * 1024),
                    Importance.LOW,
                    "The most bytes the spool's files may take (at least two segments). When records not yet "
                            + "acknowledged fill it, send() waits up to max.block.ms for acknowledgements to free "
                            + "a segment, then fails with a TimeoutException naming this key.")
            .define(SPOOL_SEGMENT_BYTES_CONFIG, Type.INT, 64 * 1024 * 1024,
                    Validators.between(64 * 1024, 1024 * 1024 * 1024), Importance.LOW,
                    "The size of one spool file. Files are deleted whole once every record in them is "
                            + "acknowledged, so smaller segments give disk space back sooner.")
            .define(SPOOL_SKIP_CORRUPTION_CONFIG, Type.BOOLEAN, false, Importance.LOW,
                    "What a producer does with a spool damaged in the middle (a bad checksum followed by good "
                            + "entries: records reported durable would be lost): false refuses to start, naming "
                            + "the file and offset; true starts, skipping the damaged bytes (and their records). A "
                            + "torn last write is always cut off: it was never reported durable.")
            .define(METRICS_SAMPLE_WINDOW_MS_CONFIG, Type.LONG, 30000, Validators.atLeast(1), Importance.LOW,
                    "The length in ms of one sample window of the producer's rates, averages and maxima; with "
                            + "metrics.num.samples it sets the period they cover (by default 2 x 30 s: the last "
                            + "30 to 60 seconds). Samsa requires at least 1 (Apache Kafka accepts 0, for which a "
                            + "rate is undefined).")
            .define(METRICS_NUM_SAMPLES_CONFIG, Type.INT, 2, Validators.atLeast(1), Importance.LOW,
                    "How many sample windows of metrics.sample.window.ms the producer's rates, averages and "
                            + "maxima keep. More samples smooth them over a longer period; they drop to zero (rates) "
                            + "or NaN (averages, maxima) when nothing happened for that long.")
            .define(ENABLE_METRICS_PUSH_CONFIG, Type.BOOLEAN, true, Importance.LOW,
                    "Push the producer's metrics to the cluster when the cluster asks for them (KIP-714 client "
                            + "telemetry): once it knows a broker the producer asks which metrics are wanted "
                            + "(GetTelemetrySubscriptions) and pushes those every interval the broker names, and "
                            + "once more as it closes. Brokers only ask when a telemetry plugin is installed and a "
                            + "client-metrics subscription matches this client; otherwise nothing is sent after the "
                            + "first refusal. Metrics carry Apache Kafka's telemetry names "
                            + "(org.apache.kafka.producer.record.send.rate). false turns it off, and "
                            + "clientInstanceId() then throws IllegalStateException.")
            .define(COMPRESSION_TYPE_CONFIG, Type.STRING, "none", Validators.compressionType(), Importance.HIGH,
                    "The codec for record batches: none, gzip, snappy, lz4 or zstd. Compression trades CPU for "
                            + "network and disk: a batch's records are compressed as a whole, once, when the batch "
                            + "is sent (on the producer's I/O thread), so larger batches (batch.size, linger.ms) "
                            + "compress better. gzip needs nothing beyond the JDK; snappy, lz4 and zstd need their "
                            + "library on the class path (optional dependencies: org.xerial.snappy:snappy-java, "
                            + "at.yawk.lz4:lz4-java, com.github.luben:zstd-jni), checked when the producer is "
                            + "built. zstd needs brokers with Produce v7 (Kafka 2.1+). With compression, a batch "
                            + "counts as full when its estimated compressed size reaches batch.size (the estimate "
                            + "follows each topic's observed ratio), holding at most max.request.size bytes of "
                            + "uncompressed records.")
            .define(COMPRESSION_GZIP_LEVEL_CONFIG, Type.INT, -1, Validators.betweenOr(1, 9, -1), Importance.MEDIUM,
                    "The gzip level with compression.type=gzip: 1 (fastest) to 9 (smallest), or -1 for zlib's "
                            + "default (6).")
            .define(COMPRESSION_LZ4_LEVEL_CONFIG, Type.INT, 9, Validators.between(1, 17), Importance.MEDIUM,
                    "The lz4 level with compression.type=lz4: 1 to 17. As in Apache Kafka, the default 9 uses the "
                            + "fast LZ4 compressor and any other value LZ4 HC at that level (higher: smaller and "
                            + "slower).")
            .define(COMPRESSION_ZSTD_LEVEL_CONFIG, Type.INT, 3, Validators.between(-131072, 22), Importance.MEDIUM,
                    "The zstd level with compression.type=zstd: -131072 (fastest) to 22 (smallest).")
            .define(TRANSACTIONAL_ID_CONFIG, Type.STRING, null, Validators.nonEmptyString(), Importance.LOW,
                    "Makes the producer transactional: records and consumer offsets sent between "
                            + "beginTransaction() and commitTransaction() become visible to read_committed "
                            + "consumers together or not at all. The id names the producer across restarts: a new "
                            + "producer with the same id fences the old one and finishes its open transaction. "
                            + "Requires idempotence (acks=all, retries > 0, at most 5 requests in flight); "
                            + "initTransactions() must be called once before the first transaction.")
            .define(TRANSACTION_TIMEOUT_CONFIG, Type.INT, 60000, Validators.atLeast(1), Importance.LOW,
                    "The longest a transaction may stay open (from its first record or offsets) before the "
                            + "transaction coordinator aborts it. At most the broker's "
                            + "transaction.max.timeout.ms (15 minutes by default), else initTransactions() fails. "
                            + "At least 1, checked at construction (Apache Kafka fails a value below 1 only in "
                            + "initTransactions).")
            .define(TRANSACTION_TWO_PHASE_COMMIT_ENABLE_CONFIG, Type.BOOLEAN, false,
                    Validators.custom("false", "false", v -> {
                        if (Boolean.TRUE.equals(v)) {
                            throw new IllegalArgumentException("two-phase commit (KIP-939) is not supported: "
                                    + "transactions commit or abort on their own");
                        }
                    }), Importance.LOW,
                    "Two-phase commit with an external transaction manager (KIP-939). Not supported: only false "
                            + "is accepted, so that a producer asking for it fails at construction instead of "
                            + "running ordinary transactions.")
            .define(SECURITY_PROTOCOL_CONFIG, Type.STRING, CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL,
                    Validators.oneOfIgnoreCase("SASL_SSL", "PLAINTEXT", "SSL", "SASL_PLAINTEXT"), // Apache's order
                    Importance.MEDIUM,
                    "How to talk to brokers. PLAINTEXT: plain TCP, no authentication or encryption. SSL: TLS "
                            + "(ssl.*), the client optionally authenticated by its certificate. SASL_PLAINTEXT: "
                            + "SASL authentication (sasl.mechanism, sasl.jaas.config) over plain TCP. SASL_SSL: "
                            + "SASL inside TLS.")
            .define(SASL_MECHANISM, Type.STRING, SaslConfigs.DEFAULT_SASL_MECHANISM, Importance.MEDIUM,
                    "The SASL mechanism for a SASL security.protocol: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512. "
                            + "The default, GSSAPI (Kerberos), is Apache Kafka's; Samsa does not support GSSAPI or "
                            + "OAUTHBEARER, and rejects them by name when a SASL protocol is chosen.")
            .define(SASL_JAAS_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                    "The SASL login in JAAS format: org.apache.kafka.common.security.plain.PlainLoginModule "
                            + "required username=\"alice\" password=\"secret\"; for PLAIN, org.apache.kafka."
                            + "common.security.scram.ScramLoginModule with the same options for SCRAM-SHA-256/512 "
                            + "(tokenauth=\"true\" for delegation tokens). A secret: never printed.")
            .define(SSL_PROTOCOL_CONFIG, Type.STRING, SslConfigs.DEFAULT_SSL_PROTOCOL, Importance.MEDIUM,
                    "The protocol of the JDK SSLContext that makes TLS connections (TLSv1.3 allows TLSv1.2 too, "
                            + "as listed in ssl.enabled.protocols).")
            .define(SSL_ENABLED_PROTOCOLS_CONFIG, Type.LIST, SslConfigs.DEFAULT_SSL_ENABLED_PROTOCOLS,
                    Importance.MEDIUM,
                    "The TLS versions the client offers.")
            .define(SSL_CIPHER_SUITES_CONFIG, Type.LIST, null, Importance.LOW,
                    "The cipher suites the client offers; unset: the JDK's defaults.")
            .define(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, Type.STRING,
                    SslConfigs.DEFAULT_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM, Importance.LOW,
                    "https: check that the broker's certificate names the host the client connected to (its "
                            + "subject alternative names), which stops a man in the middle with another valid "
                            + "certificate. An empty value turns the check off.")
            .define(SSL_TRUSTSTORE_TYPE_CONFIG, Type.STRING, SslConfigs.DEFAULT_SSL_TRUSTSTORE_TYPE, Importance.MEDIUM,
                    "The format of ssl.truststore.location: JKS, PKCS12 or PEM.")
            .define(SSL_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.HIGH,
                    "The trust store file: the CA certificates that sign brokers' certificates. Unset (and no "
                            + "ssl.truststore.certificates): the JDK's default trust store.")
            .define(SSL_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.HIGH,
                    "The trust store's password (checks its integrity; a JKS store opens without it). A secret.")
            .define(SSL_TRUSTSTORE_CERTIFICATES_CONFIG, Type.PASSWORD, null, Importance.HIGH,
                    "The trusted certificates in PEM, inline, instead of a trust store file.")
            .define(SSL_KEYSTORE_TYPE_CONFIG, Type.STRING, SslConfigs.DEFAULT_SSL_KEYSTORE_TYPE, Importance.MEDIUM,
                    "The format of ssl.keystore.location: JKS, PKCS12 or PEM.")
            .define(SSL_KEYSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.HIGH,
                    "The key store file with the client's certificate and private key, for brokers that "
                            + "authenticate clients by certificate (ssl.client.auth=required). Unset: no client "
                            + "certificate.")
            .define(SSL_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.HIGH,
                    "The key store's password. A secret.")
            .define(SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, Type.PASSWORD, null, Importance.HIGH,
                    "The client's certificate chain in PEM, inline (with ssl.keystore.key) instead of a key store "
                            + "file.")
            .define(SSL_KEYSTORE_KEY_CONFIG, Type.PASSWORD, null, Importance.HIGH,
                    "The client's private key in PEM (PKCS#8, encrypted with ssl.key.password or not), inline. "
                            + "Encrypted keys: PBES2 with AES (as 'openssl pkcs8 -topk8 -v2 aes-256-cbc' writes) "
                            + "or the JDK's PBES1 schemes; not scrypt. A secret.")
            .define(SSL_KEY_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.HIGH,
                    "The private key's password, when it differs from ssl.keystore.password (or the key in "
                            + "ssl.keystore.key is encrypted). A secret.")
            .define(SSL_KEYMANAGER_ALGORITHM_CONFIG, Type.STRING, SslConfigs.DEFAULT_SSL_KEYMANGER_ALGORITHM,
                    Importance.LOW,
                    "The JDK KeyManagerFactory algorithm for the client certificate.")
            .define(SSL_TRUSTMANAGER_ALGORITHM_CONFIG, Type.STRING, SslConfigs.DEFAULT_SSL_TRUSTMANAGER_ALGORITHM,
                    Importance.LOW,
                    "The JDK TrustManagerFactory algorithm that checks brokers' certificates.")
            .define(SSL_ENGINE_FACTORY_CLASS_CONFIG, Type.CLASS, null, sslEngineProviderClass(), Importance.LOW,
                    "A class implementing io.samsa.security.SslEngineProvider (Samsa's interface, not Apache "
                            + "Kafka's SslEngineFactory) that makes the SSLEngine of each TLS connection: keys "
                            + "from a vault or hardware module, a custom trust manager, certificate pinning. It "
                            + "is configured with all the producer's configs (its own keys too) and is then "
                            + "responsible for the engine's checks, host name verification included; the other "
                            + "ssl.* keys reach it only that way. Unset: io.samsa.security.SslEngineFactory, built "
                            + "from the ssl.* keys (org.apache.kafka.common.security.ssl.DefaultSslEngineFactory "
                            + "is read as that).")
            .define(RECONNECT_BACKOFF_MS_CONFIG, Type.LONG, 50, Validators.atLeast(0), Importance.LOW,
                    "The wait before reconnecting to a broker after a connection failed. Consecutive failures "
                            + "double it, with random jitter, up to reconnect.backoff.max.ms. Set without "
                            + "reconnect.backoff.max.ms, the backoff stays at this value.")
            .define(RECONNECT_BACKOFF_MAX_MS_CONFIG, Type.LONG, 1000, Validators.atLeast(0), Importance.LOW,
                    "The longest wait before reconnecting as the backoff grows.")
            .define(SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Type.LONG,
                    CommonClientConfigs.DEFAULT_SOCKET_CONNECTION_SETUP_TIMEOUT_MS,
                    Validators.between(1, Integer.MAX_VALUE), Importance.MEDIUM,
                    "How long one attempt to connect to a broker may take (TCP connect and the ApiVersions "
                            + "handshake) before it is abandoned. Consecutive failures grow it exponentially up to "
                            + "socket.connection.setup.timeout.max.ms. Samsa requires 1 to 2147483647 (Apache "
                            + "Kafka does not check).")
            .define(SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, Type.LONG,
                    CommonClientConfigs.DEFAULT_SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS,
                    Validators.between(1, Integer.MAX_VALUE), Importance.MEDIUM,
                    "The longest a connection attempt may take as its timeout grows. Samsa requires 1 to "
                            + "2147483647 (Apache Kafka does not check).")
            .define(CONNECTIONS_MAX_IDLE_MS_CONFIG, Type.LONG, 540000, Importance.MEDIUM,
                    "Close a broker connection that has been idle this long. Shorter than the broker's own "
                            + "limit (10 minutes by default), so that the producer closes first instead of "
                            + "sending on a connection the broker is closing.")
            .define(SEND_BUFFER_CONFIG, Type.INT, 131072,
                    Validators.atLeast(CommonClientConfigs.SEND_BUFFER_LOWER_BOUND), Importance.MEDIUM,
                    "The TCP send buffer (SO_SNDBUF) of broker connections, in bytes; -1 for the operating "
                            + "system's default.")
            .define(RECEIVE_BUFFER_CONFIG, Type.INT, 32768,
                    Validators.atLeast(CommonClientConfigs.RECEIVE_BUFFER_LOWER_BOUND), Importance.MEDIUM,
                    "The TCP receive buffer (SO_RCVBUF) of broker connections, in bytes; -1 for the operating "
                            + "system's default.")
            .define(KEY_SERIALIZER_ENCODING_CONFIG, Type.STRING, null, Validators.charset(), Importance.LOW,
                    "The character set in which StringSerializer and UUIDSerializer write keys; overrides "
                            + "serializer.encoding. Unset: UTF-8. (Read by the serializers, as in Apache Kafka, "
                            + "where it is not listed.)")
            .define(VALUE_SERIALIZER_ENCODING_CONFIG, Type.STRING, null, Validators.charset(), Importance.LOW,
                    "The character set in which StringSerializer and UUIDSerializer write values; overrides "
                            + "serializer.encoding. Unset: UTF-8.")
            .define(SERIALIZER_ENCODING_CONFIG, Type.STRING, null, Validators.charset(), Importance.LOW,
                    "The character set in which StringSerializer and UUIDSerializer write keys and values, "
                            + "unless key.serializer.encoding or value.serializer.encoding says otherwise. "
                            + "Unset: UTF-8.")
            // Apache Kafka's built-in classes, read as Samsa's namesakes so that Properties files move over.
            .classAlias(APACHE_SERIALIZATION + "StringSerializer", StringSerializer.class)
            .classAlias(APACHE_SERIALIZATION + "ByteArraySerializer", ByteArraySerializer.class)
            .classAlias(APACHE_SERIALIZATION + "ByteBufferSerializer", ByteBufferSerializer.class)
            .classAlias(APACHE_SERIALIZATION + "IntegerSerializer", IntegerSerializer.class)
            .classAlias(APACHE_SERIALIZATION + "LongSerializer", LongSerializer.class)
            .classAlias(APACHE_SERIALIZATION + "ShortSerializer", ShortSerializer.class)
            .classAlias(APACHE_SERIALIZATION + "FloatSerializer", FloatSerializer.class)
            .classAlias(APACHE_SERIALIZATION + "DoubleSerializer", DoubleSerializer.class)
            .classAlias(APACHE_SERIALIZATION + "UUIDSerializer", UUIDSerializer.class)
            .classAlias(APACHE_SERIALIZATION + "VoidSerializer", VoidSerializer.class)
            .classAlias(APACHE_SERIALIZATION + "BooleanSerializer", BooleanSerializer.class)
            .classAlias("org.apache.kafka.clients.producer.RoundRobinPartitioner", RoundRobinPartitioner.class)
            .classAlias("org.apache.kafka.common.security.ssl.DefaultSslEngineFactory", SslEngineFactory.class)
            .retiredClass(APACHE_SERIALIZATION + "BytesSerializer",
                    "Apache Kafka's BytesSerializer serializes its own Bytes type, which Samsa does not have; "
                            + "use io.samsa.common.serialization.ByteArraySerializer with byte[]")
            .retiredClass(APACHE_SERIALIZATION + "ListSerializer",
                    "Samsa has no ListSerializer yet; write a Serializer for the list type")
            .retiredClass("org.apache.kafka.clients.producer.internals.DefaultPartitioner",
                    "Apache Kafka removed DefaultPartitioner in 4.0; leave partitioner.class unset for the "
                            + "built-in partitioner, which replaces it")
            .retiredClass("org.apache.kafka.clients.producer.UniformStickyPartitioner",
                    "Apache Kafka removed UniformStickyPartitioner in 4.0; leave partitioner.class unset and "
                            + "set partitioner.ignore.keys=true for the same behaviour")
            .build();

    /** Loads an interceptor class, with the context class loader as {@link ConfigDef} does for class keys. */
    static Class<?> loadInterceptorClass(String key, String className) {
        return loadClass(key, className, ProducerInterceptor.class);
    }

    /** Loads a plug-in class of {@code key}, with the context class loader as {@link ConfigDef} does. */
    static Class<?> loadClass(String key, String className, Class<?> plugInInterface) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        try {
            return Class.forName(className, true, cl != null ? cl : ProducerConfigTable.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException(key, className, "class " + className + " could not be loaded (" + e
                    + "); it must be a class implementing " + plugInInterface.getName());
        }
    }

    /** Whether {@code c} or a superclass implements an interface named {@code interfaceName}, at any depth. */
    private static boolean implementsByName(Class<?> c, String interfaceName) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Class<?> i : k.getInterfaces()) {
                if (i.getName().equals(interfaceName) || implementsByName(i, interfaceName)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> asStrings(Object listValue) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) listValue) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    /**
     * A class implementing {@link SslEngineProvider} with a no-argument constructor, or {@link SslEngineFactory}
     * itself (the default, built from the ssl.* keys, which has none).
     */
    private static Validator sslEngineProviderClass() {
        Validator implementing = Validators.implementing(SslEngineProvider.class);
        return new Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != SslEngineFactory.class) {
                    implementing.ensureValid(name, value);
                }
            }

            @Override
            public String describe(Type type) {
                return implementing.describe(type);
            }

            @Override
            public String validValues() {
                return implementing.validValues();
            }
        };
    }

    private static void checkSpool(ConfigDef.Parsed p) {
        String dir = (String) p.get(SPOOL_DIR_CONFIG);
        if (dir == null) {
            return;
        }
        String transactionalId = (String) p.get(TRANSACTIONAL_ID_CONFIG);
        if (transactionalId != null) {
            throw new ConfigException(SPOOL_DIR_CONFIG + "=" + dir + " conflicts with " + TRANSACTIONAL_ID_CONFIG
                    + "=" + transactionalId + ": a transaction's records are committed or aborted as a whole, and a "
                    + "producer that dies mid-transaction has them aborted, so there is nothing to replay. Remove one.");
        }
        long max = (Long) p.get(SPOOL_MAX_BYTES_CONFIG);
        int segment = (Integer) p.get(SPOOL_SEGMENT_BYTES_CONFIG);
        if (max < 2L * segment) {
            throw new ConfigException(SPOOL_MAX_BYTES_CONFIG + "=" + max + " must be at least twice "
                    + SPOOL_SEGMENT_BYTES_CONFIG + "=" + segment + ": the segment being written is never freed, so "
                    + "less would let the spool fill with nothing to release");
        }
    }

    private static void deriveIdempotence(ConfigDef.Parsed p) {
        String transactionalId = (String) p.get(TRANSACTIONAL_ID_CONFIG);
        if (!(Boolean) p.get(ENABLE_IDEMPOTENCE_CONFIG)) {
            if (transactionalId != null) {
                throw new ConfigException(TRANSACTIONAL_ID_CONFIG + "=" + transactionalId + " conflicts with "
                        + ENABLE_IDEMPOTENCE_CONFIG + "=false: transactions are built on the idempotent producer. "
                        + "Remove " + ENABLE_IDEMPOTENCE_CONFIG + "=false, or remove " + TRANSACTIONAL_ID_CONFIG + ".");
            }
            return;
        }
        // A transactional producer asked for idempotence by asking for transactions: conflicts are errors.
        boolean explicit = p.isSet(ENABLE_IDEMPOTENCE_CONFIG) || transactionalId != null;
        List<String> conflicts = new ArrayList<>();
        String acks = (String) p.get(ACKS_CONFIG);
        if (Acks.fromConfig(acks) != Acks.ALL) {
            conflicts.add(ACKS_CONFIG + "=" + acks + " (idempotence needs acks=all)");
        }
        if ((Integer) p.get(RETRIES_CONFIG) == 0) {
            conflicts.add(RETRIES_CONFIG + "=0 (idempotence needs retries > 0)");
        }
        int inFlight = (Integer) p.get(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        boolean tooManyInFlight = inFlight > MAX_IN_FLIGHT_FOR_IDEMPOTENCE;
        if (explicit && (tooManyInFlight || !conflicts.isEmpty())) {
            if (tooManyInFlight) {
                conflicts.add(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION + "=" + inFlight + " (idempotence needs at most "
                        + MAX_IN_FLIGHT_FOR_IDEMPOTENCE + ")");
            }
            if (transactionalId != null) {
                throw new ConfigException(TRANSACTIONAL_ID_CONFIG + "=" + transactionalId + " needs the idempotent "
                        + "producer, which conflicts with " + String.join(" and ", conflicts) + ". Change those.");
            }
            throw new ConfigException(ENABLE_IDEMPOTENCE_CONFIG + "=true conflicts with " + String.join(" and ",
                    conflicts) + ". Change those, or set " + ENABLE_IDEMPOTENCE_CONFIG + "=false.");
        }
        if (!conflicts.isEmpty()) {
            // The user never asked for idempotence; they asked for acks/retries that exclude it (Apache Kafka
            // does the same). The number of requests in flight no longer matters then.
            log.info("Idempotence is disabled because of {}; {} was not set. Set acks=all and retries > 0 to keep it.",
                    String.join(" and ", conflicts), ENABLE_IDEMPOTENCE_CONFIG);
            p.set(ENABLE_IDEMPOTENCE_CONFIG, false);
            return;
        }
        if (tooManyInFlight) {
            throw new ConfigException(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION + "=" + inFlight + " conflicts with "
                    + ENABLE_IDEMPOTENCE_CONFIG + "=true (the default): the idempotent producer keeps order with at "
                    + "most " + MAX_IN_FLIGHT_FOR_IDEMPOTENCE + " requests in flight. Set "
                    + MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION + " to " + MAX_IN_FLIGHT_FOR_IDEMPOTENCE
                    + " or less, or set " + ENABLE_IDEMPOTENCE_CONFIG + "=false.");
        }
    }

    private static void deriveDeliveryTimeout(ConfigDef.Parsed p) {
        long linger = (Long) p.get(LINGER_MS_CONFIG);
        int request = (Integer) p.get(REQUEST_TIMEOUT_MS_CONFIG);
        int delivery = (Integer) p.get(DELIVERY_TIMEOUT_MS_CONFIG);
        // Saturating: linger.ms may be as large as a long.
        long sum = linger > Integer.MAX_VALUE ? Integer.MAX_VALUE : Math.min(linger + request, Integer.MAX_VALUE);
        if (delivery >= sum) {
            return;
        }
        if (p.isSet(DELIVERY_TIMEOUT_MS_CONFIG)) {
            throw new ConfigException(DELIVERY_TIMEOUT_MS_CONFIG + " (" + delivery + ") must be at least "
                    + LINGER_MS_CONFIG + " (" + linger + ") + " + REQUEST_TIMEOUT_MS_CONFIG + " (" + request + ") = "
                    + sum + ": a record may wait linger.ms for its batch and then request.timeout.ms for the "
                    + "broker's answer, so a shorter delivery timeout would expire records still being sent.");
        }
        log.warn("{} ({}, the default) is less than {} ({}) + {} ({}); using {} ms", DELIVERY_TIMEOUT_MS_CONFIG,
                delivery, LINGER_MS_CONFIG, linger, REQUEST_TIMEOUT_MS_CONFIG, request, sum);
        p.set(DELIVERY_TIMEOUT_MS_CONFIG, (int) sum);
    }

    /** Applies the rules across keys (class comment) to a freshly parsed configuration. */
    static ConfigDef.Parsed derive(ConfigDef.Parsed p) {
        if (p.isSet(RECONNECT_BACKOFF_MS_CONFIG) && !p.isSet(RECONNECT_BACKOFF_MAX_MS_CONFIG)) {
            log.debug("Constant reconnect backoff: {} is set but {} is not", RECONNECT_BACKOFF_MS_CONFIG,
                    RECONNECT_BACKOFF_MAX_MS_CONFIG);
            p.set(RECONNECT_BACKOFF_MAX_MS_CONFIG, p.get(RECONNECT_BACKOFF_MS_CONFIG));
        }
        long retryBackoff = (Long) p.get(RETRY_BACKOFF_MS_CONFIG);
        long retryBackoffMax = (Long) p.get(RETRY_BACKOFF_MAX_MS_CONFIG);
        if (retryBackoff > retryBackoffMax) {
            log.warn("{} ({}) is greater than {} ({}): retries back off by a constant {} ms", RETRY_BACKOFF_MS_CONFIG,
                    retryBackoff, RETRY_BACKOFF_MAX_MS_CONFIG, retryBackoffMax, retryBackoff);
        }
        deriveIdempotence(p);
        deriveDeliveryTimeout(p);
        checkSpool(p);
        checkSasl(p);
        String clientId = (String) p.get(CLIENT_ID_CONFIG);
        if (clientId == null || clientId.isEmpty()) {
            // As Apache Kafka: a transactional producer is named by its transactional id, stable across restarts.
            String transactionalId = (String) p.get(TRANSACTIONAL_ID_CONFIG);
            p.set(CLIENT_ID_CONFIG, transactionalId != null ? "producer-" + transactionalId
                    : "producer-" + CLIENT_ID_SEQUENCE.getAndIncrement());
        }
        return p;
    }

    /** A SASL protocol needs a mechanism Samsa implements and a login that goes with it: check both now. */
    private static void checkSasl(ConfigDef.Parsed p) {
        SecurityProtocol protocol = SecurityProtocol.forName((String) p.get(SECURITY_PROTOCOL_CONFIG));
        if (protocol.usesSasl()) {
            SaslSettings.fromConfig((String) p.get(SASL_MECHANISM), (Password) p.get(SASL_JAAS_CONFIG));
        }
    }
}
