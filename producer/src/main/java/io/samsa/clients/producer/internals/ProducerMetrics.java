package io.samsa.clients.producer.internals;

import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.common.utils.Time;
import io.samsa.metrics.Avg;
import io.samsa.metrics.CumulativeCount;
import io.samsa.metrics.CumulativeSum;
import io.samsa.metrics.JmxReporter;
import io.samsa.metrics.LiveMetric;
import io.samsa.metrics.Max;
import io.samsa.metrics.MeasurableStat;
import io.samsa.metrics.MetricConfig;
import io.samsa.metrics.Metrics;
import io.samsa.metrics.MetricsReporter;
import io.samsa.network.NetworkListener;
import io.samsa.metrics.Rate;
import io.samsa.metrics.Sensor;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.sender.SenderListener;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The producer's metrics: every one of {@link Definition}, recorded through typed methods that the producer
 * and the sender call, read through {@link #metrics()} and JMX.
 *
 * <p>The metrics cover the five ways of looking at a producer ({@link Model}): throughput, latency,
 * reliability, buffer utilisation and batch efficiency. Where Apache Kafka's producer has a metric for the same
 * thing, it has the same name, group and unit, so dashboards and alerts move over; the ones Apache Kafka lacks
 * are marked as Samsa's in {@code docs/metrics.md}, which {@link MetricsDocs} generates from {@link Definition}.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>Recording: {@link #recordBufferExhausted}, {@link #recordBufferPoolWait}, {@link #recordMetadataWait},
 *       {@link #recordErrors} and {@link #recordFlushTime} are called by application threads (inside
 *       {@code send()}/{@code flush()}); the others by the sender (I/O) thread. Any thread may in fact call any
 *       of them: each is a few lock-free counter updates, with no allocation (a new topic's sensors are created
 *       once, on its first record).</li>
 *   <li>Gauges ({@link #registerBufferGauges}, {@link #registerRequestsInFlight}) are read on whichever thread
 *       reads the metrics, so their suppliers must be thread-safe and non-blocking.</li>
 *   <li>{@link #registerMBeans()} and {@link #close()} belong to the thread that creates and closes the
 *       producer; both are idempotent.</li>
 * </ul>
 */
public final class ProducerMetrics implements AutoCloseable {
    /** The JMX domain; Apache Kafka's producer uses {@code kafka.producer}. */
    public static final String JMX_DOMAIN = "io.samsa.producer";
    /** The group (JMX {@code type}) of producer-wide metrics. */
    public static final String GROUP = "producer-metrics";
    /** The group (JMX {@code type}) of per-topic metrics. */
    public static final String TOPIC_GROUP = "producer-topic-metrics";
    /** The group (JMX {@code type}) of per-broker network metrics, tagged {@code node-id=node-<id>}. */
    public static final String NODE_GROUP = "producer-node-metrics";
    /** The group (JMX {@code type}) of the producer's version, commit and start time, as Apache Kafka's. */
    public static final String APP_INFO_GROUP = "app-info";
    /** The group (JMX {@code type}) of the number of metrics registered, as Apache Kafka's metrics registry has. */
    public static final String METRICS_COUNT_GROUP = "kafka-metrics-count";
    public static final String CLIENT_ID_TAG = "client-id";
    public static final String TOPIC_TAG = "topic";
    public static final String NODE_ID_TAG = "node-id";
    /** Apache Kafka's value for a commit id the build did not record. */
    public static final String UNKNOWN = "unknown";

    /** The five ways the metrics look at a producer; each metric belongs to one. */
    public enum Model {
        THROUGHPUT("Throughput", "how much the producer sends"),
        LATENCY("Latency", "how long records and requests take"),
        RELIABILITY("Reliability", "what fails, what is retried, what is acknowledged"),
        BUFFER("Buffer utilisation", "how full buffer.memory is and who waits for it"),
        BATCHING("Batch efficiency", "how well records are packed into batches and requests"),
        /**
         * Not one of the five models: what tells producers apart (Apache Kafka's {@code app-info}), and the size of
         * the metrics registry ({@code kafka-metrics-count}).
         */
        IDENTITY("Identity", "which producer this is, and how many metrics it has");

        private final String title;
        private final String question;

        Model(String title, String question) {
            this.title = title;
            this.question = question;
        }

        /** The heading in the documentation. */
        public String title() {
            return title;
        }

        /** What this model answers, in a phrase. */
        public String question() {
            return question;
        }
    }

    /**
     * Every metric of the producer: name, group, model, whether Apache Kafka's producer has the same metric,
     * and the description shown in JMX and the docs. The single source of both.
     */
    public enum Definition {
        // ---- Throughput ----
        RECORD_SEND_RATE("record-send-rate", GROUP, Model.THROUGHPUT, true,
                "Records sent to brokers per second (a retried record counts once per attempt)."),
        RECORD_SEND_TOTAL("record-send-total", GROUP, Model.THROUGHPUT, true,
                "Records sent to brokers since the producer started (a retried record counts once per attempt)."),
        BYTE_RATE("byte-rate", GROUP, Model.THROUGHPUT, false,
                "Bytes of record batches sent per second. Apache Kafka has this per topic only."),
        BYTE_TOTAL("byte-total", GROUP, Model.THROUGHPUT, false,
                "Bytes of record batches sent since the producer started. Apache Kafka has this per topic only."),
        OUTGOING_BYTE_RATE("outgoing-byte-rate", GROUP, Model.THROUGHPUT, true,
                "Bytes of requests written to brokers per second, every kind of request (Produce, Metadata, "
                        + "ApiVersions, transactions, telemetry...; size prefix included)."),
        OUTGOING_BYTE_TOTAL("outgoing-byte-total", GROUP, Model.THROUGHPUT, true,
                "Bytes of requests written to brokers since the producer started, every kind of request."),
        REQUEST_RATE("request-rate", GROUP, Model.THROUGHPUT, true,
                "Requests written to brokers per second, every kind of request, as in Apache Kafka "
                        + "(records-per-request-avg and request-latency-avg are about Produce requests alone)."),
        REQUEST_TOTAL("request-total", GROUP, Model.THROUGHPUT, true,
                "Requests written to brokers since the producer started, every kind of request. Samsa's SASL "
                        + "requests count too (Apache Kafka writes its own outside this count)."),
        INCOMING_BYTE_RATE("incoming-byte-rate", GROUP, Model.THROUGHPUT, true,
                "Bytes of responses read from brokers per second, every kind of request (size prefix included)."),
        INCOMING_BYTE_TOTAL("incoming-byte-total", GROUP, Model.THROUGHPUT, true,
                "Bytes of responses read from brokers since the producer started."),
        RESPONSE_RATE("response-rate", GROUP, Model.THROUGHPUT, true,
                "Responses read from brokers per second, every kind of request."),
        RESPONSE_TOTAL("response-total", GROUP, Model.THROUGHPUT, true,
                "Responses read from brokers since the producer started."),
        NETWORK_IO_RATE("network-io-rate", GROUP, Model.THROUGHPUT, true,
                "Requests written plus responses read per second, every kind of request (Apache Kafka counts "
                        + "socket reads and writes, of which a large request or response takes several)."),
        NETWORK_IO_TOTAL("network-io-total", GROUP, Model.THROUGHPUT, true,
                "Requests written plus responses read since the producer started."),
        NODE_REQUEST_RATE("request-rate", NODE_GROUP, Model.THROUGHPUT, true,
                "Requests of every kind written to this broker per second."),
        NODE_REQUEST_TOTAL("request-total", NODE_GROUP, Model.THROUGHPUT, true,
                "Requests of every kind written to this broker since the producer started."),
        NODE_RESPONSE_RATE("response-rate", NODE_GROUP, Model.THROUGHPUT, true,
                "Responses read from this broker per second."),
        NODE_RESPONSE_TOTAL("response-total", NODE_GROUP, Model.THROUGHPUT, true,
                "Responses read from this broker since the producer started."),
        NODE_OUTGOING_BYTE_RATE("outgoing-byte-rate", NODE_GROUP, Model.THROUGHPUT, true,
                "Bytes of requests written to this broker per second (size prefix included)."),
        NODE_OUTGOING_BYTE_TOTAL("outgoing-byte-total", NODE_GROUP, Model.THROUGHPUT, true,
                "Bytes of requests written to this broker since the producer started."),
        NODE_INCOMING_BYTE_RATE("incoming-byte-rate", NODE_GROUP, Model.THROUGHPUT, true,
                "Bytes of responses read from this broker per second (size prefix included)."),
        NODE_INCOMING_BYTE_TOTAL("incoming-byte-total", NODE_GROUP, Model.THROUGHPUT, true,
                "Bytes of responses read from this broker since the producer started."),

        // ---- Latency ----
        RECORD_QUEUE_TIME_AVG("record-queue-time-avg", GROUP, Model.LATENCY, true,
                "The average time in ms a batch waited in the accumulator, from its first record to being drained "
                        + "into a request."),
        RECORD_QUEUE_TIME_MAX("record-queue-time-max", GROUP, Model.LATENCY, true,
                "The longest time in ms a batch waited in the accumulator before being drained into a request."),
        REQUEST_LATENCY_AVG("request-latency-avg", GROUP, Model.LATENCY, true,
                "The average time in ms from sending a Produce request to receiving its response."),
        REQUEST_LATENCY_MAX("request-latency-max", GROUP, Model.LATENCY, true,
                "The longest time in ms from sending a Produce request to receiving its response."),
        RECORD_SEND_LATENCY_AVG("record-send-latency-avg", GROUP, Model.LATENCY, false,
                "The average time in ms from a batch's first record being appended to the batch being "
                        + "acknowledged: the delivery latency of its oldest record, retries included."),
        RECORD_SEND_LATENCY_MAX("record-send-latency-max", GROUP, Model.LATENCY, false,
                "The longest time in ms from a batch's first record being appended to the batch being "
                        + "acknowledged."),
        PRODUCE_THROTTLE_TIME_AVG("produce-throttle-time-avg", GROUP, Model.LATENCY, true,
                "The average time in ms brokers asked the producer to hold back (quota throttling), per response."),
        PRODUCE_THROTTLE_TIME_MAX("produce-throttle-time-max", GROUP, Model.LATENCY, true,
                "The longest time in ms a broker asked the producer to hold back (quota throttling)."),
        REQUESTS_IN_FLIGHT("requests-in-flight", GROUP, Model.LATENCY, true,
                "Produce requests sent and awaiting a response now."),
        METADATA_WAIT_TIME_NS_TOTAL("metadata-wait-time-ns-total", GROUP, Model.LATENCY, true,
                "The total time in ns spent blocked waiting for a topic's metadata: in partitionsFor only, since "
                        + "send() never waits for metadata (in Apache Kafka, send() does)."),
        FLUSH_TIME_NS_TOTAL("flush-time-ns-total", GROUP, Model.LATENCY, true,
                "The total time in ns spent in flush()."),
        TXN_INIT_TIME_NS_TOTAL("txn-init-time-ns-total", GROUP, Model.LATENCY, true,
                "The total time in ns spent in initTransactions() calls that succeeded."),
        TXN_BEGIN_TIME_NS_TOTAL("txn-begin-time-ns-total", GROUP, Model.LATENCY, true,
                "The total time in ns spent in beginTransaction() calls that succeeded."),
        TXN_SEND_OFFSETS_TIME_NS_TOTAL("txn-send-offsets-time-ns-total", GROUP, Model.LATENCY, true,
                "The total time in ns spent in sendOffsetsToTransaction() calls that succeeded."),
        TXN_COMMIT_TIME_NS_TOTAL("txn-commit-time-ns-total", GROUP, Model.LATENCY, true,
                "The total time in ns spent in commitTransaction() calls that succeeded, the flush of the "
                        + "transaction's records included."),
        TXN_ABORT_TIME_NS_TOTAL("txn-abort-time-ns-total", GROUP, Model.LATENCY, true,
                "The total time in ns spent in abortTransaction() calls that succeeded."),
        REAUTHENTICATION_LATENCY_AVG("reauthentication-latency-avg", GROUP, Model.LATENCY, true,
                "The average time in ms a SASL re-authentication took, from deciding to re-authenticate (the "
                        + "connection then sends nothing new) to the broker's last SASL answer."),
        REAUTHENTICATION_LATENCY_MAX("reauthentication-latency-max", GROUP, Model.LATENCY, true,
                "The longest time in ms a SASL re-authentication took."),
        NODE_REQUEST_LATENCY_AVG("request-latency-avg", NODE_GROUP, Model.LATENCY, true,
                "The average time in ms from writing a request to this broker to reading its response, every "
                        + "kind of request (Apache Kafka: Produce requests only)."),
        NODE_REQUEST_LATENCY_MAX("request-latency-max", NODE_GROUP, Model.LATENCY, true,
                "The longest time in ms from writing a request to this broker to reading its response."),
        METADATA_AGE("metadata-age", GROUP, Model.LATENCY, true,
                "The age in seconds of the current metadata: since its last successful refresh (before the "
                        + "first, since the producer started)."),
        SELECT_RATE("select-rate", GROUP, Model.LATENCY, true,
                "Times per second the I/O thread polled the network (waited for sockets or a wakeup)."),
        SELECT_TOTAL("select-total", GROUP, Model.LATENCY, true,
                "Times the I/O thread polled the network since the producer started."),
        IO_WAIT_TIME_NS_AVG("io-wait-time-ns-avg", GROUP, Model.LATENCY, true,
                "The average time in ns the I/O thread waited per poll for sockets to be ready."),
        IO_WAIT_TIME_NS_TOTAL("io-wait-time-ns-total", GROUP, Model.LATENCY, true,
                "The total time in ns the I/O thread waited for sockets to be ready."),
        IO_WAIT_RATIO("io-wait-ratio", GROUP, Model.LATENCY, true,
                "The fraction of time the I/O thread spent waiting for sockets to be ready."),
        IO_TIME_NS_AVG("io-time-ns-avg", GROUP, Model.LATENCY, true,
                "The average time in ns per poll the I/O thread spent reading, writing and handling responses."),
        IO_TIME_NS_TOTAL("io-time-ns-total", GROUP, Model.LATENCY, true,
                "The total time in ns the I/O thread spent reading, writing and handling responses."),
        IO_RATIO("io-ratio", GROUP, Model.LATENCY, true,
                "The fraction of time the I/O thread spent reading, writing and handling responses."),

        // ---- Reliability ----
        RECORD_ERROR_RATE("record-error-rate", GROUP, Model.RELIABILITY, true,
                "Records per second whose send failed for good (the callback got an exception)."),
        RECORD_ERROR_TOTAL("record-error-total", GROUP, Model.RELIABILITY, true,
                "Records whose send failed for good since the producer started."),
        RECORD_RETRY_RATE("record-retry-rate", GROUP, Model.RELIABILITY, true,
                "Records per second sent again after a retriable error."),
        RECORD_RETRY_TOTAL("record-retry-total", GROUP, Model.RELIABILITY, true,
                "Records sent again after a retriable error since the producer started."),
        RECORDS_ACKED_TOTAL("records-acked-total", GROUP, Model.RELIABILITY, false,
                "Records the brokers acknowledged (with acks=0: records written to the socket) since the producer "
                        + "started. With record-error-total, what became of every record sent."),
        BUFFER_EXHAUSTED_RATE("buffer-exhausted-rate", GROUP, Model.RELIABILITY, true,
                "send() calls per second that failed because buffer memory stayed full for max.block.ms."),
        BUFFER_EXHAUSTED_TOTAL("buffer-exhausted-total", GROUP, Model.RELIABILITY, true,
                "send() calls that failed because buffer memory stayed full for max.block.ms, since the producer "
                        + "started."),
        CONNECTION_COUNT("connection-count", GROUP, Model.RELIABILITY, true,
                "Connections to brokers open or being opened now."),
        CONNECTION_CREATION_RATE("connection-creation-rate", GROUP, Model.RELIABILITY, true,
                "Connections to brokers established per second."),
        CONNECTION_CREATION_TOTAL("connection-creation-total", GROUP, Model.RELIABILITY, true,
                "Connections to brokers established since the producer started."),
        CONNECTION_CLOSE_RATE("connection-close-rate", GROUP, Model.RELIABILITY, true,
                "Connections to brokers closed per second (failed, idle or at close)."),
        CONNECTION_CLOSE_TOTAL("connection-close-total", GROUP, Model.RELIABILITY, true,
                "Connections to brokers closed since the producer started."),
        SUCCESSFUL_AUTHENTICATION_RATE("successful-authentication-rate", GROUP, Model.RELIABILITY, true,
                "Connections per second that completed their set-up (TLS, SASL, ApiVersions); as in Apache "
                        + "Kafka, plaintext connections count too."),
        SUCCESSFUL_AUTHENTICATION_TOTAL("successful-authentication-total", GROUP, Model.RELIABILITY, true,
                "Connections that completed their set-up since the producer started."),
        FAILED_AUTHENTICATION_RATE("failed-authentication-rate", GROUP, Model.RELIABILITY, true,
                "Connections per second that failed TLS or SASL authentication."),
        FAILED_AUTHENTICATION_TOTAL("failed-authentication-total", GROUP, Model.RELIABILITY, true,
                "Connections that failed TLS or SASL authentication since the producer started."),
        SUCCESSFUL_AUTHENTICATION_NO_REAUTH_TOTAL("successful-authentication-no-reauth-total", GROUP,
                Model.RELIABILITY, true,
                "Connections that completed their set-up since the producer started, counted as Apache Kafka's "
                        + "client counts them: on a broker this counts clients that cannot re-authenticate, a "
                        + "test a client never passes, so it equals successful-authentication-total."),
        SUCCESSFUL_REAUTHENTICATION_RATE("successful-reauthentication-rate", GROUP, Model.RELIABILITY, true,
                "SASL re-authentications (KIP-368, before the broker's connections.max.reauth.ms session "
                        + "expires) that succeeded, per second."),
        SUCCESSFUL_REAUTHENTICATION_TOTAL("successful-reauthentication-total", GROUP, Model.RELIABILITY, true,
                "SASL re-authentications that succeeded since the producer started."),
        FAILED_REAUTHENTICATION_RATE("failed-reauthentication-rate", GROUP, Model.RELIABILITY, true,
                "SASL re-authentications that failed, per second; each closes its connection (which then "
                        + "reconnects and authenticates anew)."),
        FAILED_REAUTHENTICATION_TOTAL("failed-reauthentication-total", GROUP, Model.RELIABILITY, true,
                "SASL re-authentications that failed since the producer started."),

        // ---- Buffer utilisation ----
        BUFFER_TOTAL_BYTES("buffer-total-bytes", GROUP, Model.BUFFER, true,
                "buffer.memory: the most bytes of batches the producer may hold, used or not."),
        BUFFER_AVAILABLE_BYTES("buffer-available-bytes", GROUP, Model.BUFFER, true,
                "Bytes of buffer.memory not held by any batch now."),
        BUFFER_USED_BYTES("buffer-used-bytes", GROUP, Model.BUFFER, false,
                "Bytes of buffer.memory held by batches now (waiting, in flight or being retried)."),
        BUFFER_UTILIZATION("buffer-utilization", GROUP, Model.BUFFER, false,
                "buffer-used-bytes / buffer-total-bytes, from 0 to 1. Near 1, send() is about to block."),
        BUFFERPOOL_WAIT_TIME_NS_TOTAL("bufferpool-wait-time-ns-total", GROUP, Model.BUFFER, true,
                "The total time in ns send() calls spent blocked waiting for buffer memory."),
        BUFFERPOOL_WAIT_RATIO("bufferpool-wait-ratio", GROUP, Model.BUFFER, true,
                "The time send() calls spent blocked waiting for buffer memory, as a fraction of the window: "
                        + "ns waited per ns (several threads waiting at once can take it above 1). A wait counts "
                        + "when it ends."),
        WAITING_THREADS("waiting-threads", GROUP, Model.BUFFER, true,
                "Application threads blocked in send() waiting for buffer memory now."),

        // ---- Batch efficiency ----
        BATCH_SIZE_AVG("batch-size-avg", GROUP, Model.BATCHING, true,
                "The average size in bytes of the record batches sent."),
        BATCH_SIZE_MAX("batch-size-max", GROUP, Model.BATCHING, true,
                "The largest record batch sent, in bytes."),
        RECORDS_PER_BATCH_AVG("records-per-batch-avg", GROUP, Model.BATCHING, false,
                "The average number of records per batch sent."),
        BATCH_FILL_RATIO_AVG("batch-fill-ratio-avg", GROUP, Model.BATCHING, false,
                "The average of batch bytes / batch.size over the batches sent: near 1, batches leave full; low, "
                        + "linger.ms expires first (above 1 only through records larger than batch.size)."),
        BATCH_SPLIT_RATE("batch-split-rate", GROUP, Model.BATCHING, true,
                "Batches per second split in two because the broker found them too large."),
        BATCH_SPLIT_TOTAL("batch-split-total", GROUP, Model.BATCHING, true,
                "Batches split in two because the broker found them too large, since the producer started."),
        RECORDS_PER_REQUEST_AVG("records-per-request-avg", GROUP, Model.BATCHING, true,
                "The average number of records per Produce request."),
        BATCHES_PER_REQUEST_AVG("batches-per-request-avg", GROUP, Model.BATCHING, false,
                "The average number of batches (partitions) per Produce request."),
        REQUEST_SIZE_AVG("request-size-avg", GROUP, Model.BATCHING, true,
                "The average size in bytes of the requests written to brokers, every kind of request (size "
                        + "prefix included), as in Apache Kafka."),
        REQUEST_SIZE_MAX("request-size-max", GROUP, Model.BATCHING, true,
                "The largest request written to brokers, in bytes, every kind of request."),
        NODE_REQUEST_SIZE_AVG("request-size-avg", NODE_GROUP, Model.BATCHING, true,
                "The average size in bytes of the requests written to this broker, every kind of request."),
        NODE_REQUEST_SIZE_MAX("request-size-max", NODE_GROUP, Model.BATCHING, true,
                "The largest request written to this broker, in bytes."),
        RECORD_SIZE_AVG("record-size-avg", GROUP, Model.BATCHING, true,
                "The average size in bytes of the records sent (key, value, headers and record overhead, as "
                        + "written in the batch), measured per batch: each batch's mean record size counts once. "
                        + "Apache Kafka averages each batch's largest record instead."),
        RECORD_SIZE_MAX("record-size-max", GROUP, Model.BATCHING, true,
                "The largest record sent, in bytes."),
        COMPRESSION_RATE_AVG("compression-rate-avg", GROUP, Model.BATCHING, true,
                "The average compression rate of the record batches sent: a batch's compressed size over its "
                        + "uncompressed size, header included (1 with compression.type=none; 0.25 means "
                        + "compression saved three quarters). Every batch in a Produce request counts, retries "
                        + "included, as in Apache Kafka."),

        // ---- Per topic ----
        TOPIC_RECORD_SEND_RATE("record-send-rate", TOPIC_GROUP, Model.THROUGHPUT, true,
                "Records of this topic sent to brokers per second."),
        TOPIC_RECORD_SEND_TOTAL("record-send-total", TOPIC_GROUP, Model.THROUGHPUT, true,
                "Records of this topic sent to brokers since the producer started."),
        TOPIC_BYTE_RATE("byte-rate", TOPIC_GROUP, Model.THROUGHPUT, true,
                "Bytes of this topic's record batches sent per second."),
        TOPIC_BYTE_TOTAL("byte-total", TOPIC_GROUP, Model.THROUGHPUT, true,
                "Bytes of this topic's record batches sent since the producer started."),
        TOPIC_RECORD_ERROR_RATE("record-error-rate", TOPIC_GROUP, Model.RELIABILITY, true,
                "Records of this topic per second whose send failed for good."),
        TOPIC_RECORD_ERROR_TOTAL("record-error-total", TOPIC_GROUP, Model.RELIABILITY, true,
                "Records of this topic whose send failed for good since the producer started."),
        TOPIC_RECORD_RETRY_RATE("record-retry-rate", TOPIC_GROUP, Model.RELIABILITY, true,
                "Records of this topic per second sent again after a retriable error."),
        TOPIC_RECORD_RETRY_TOTAL("record-retry-total", TOPIC_GROUP, Model.RELIABILITY, true,
                "Records of this topic sent again after a retriable error since the producer started."),
        TOPIC_COMPRESSION_RATE("compression-rate", TOPIC_GROUP, Model.BATCHING, true,
                "The average compression rate of this topic's record batches sent: compressed size over "
                        + "uncompressed size, header included (1 with compression.type=none)."),

        // ---- Identity ----
        VERSION("version", APP_INFO_GROUP, Model.IDENTITY, true,
                "Samsa's version (a String; Apache Kafka's producer gives its own version here)."),
        COMMIT_ID("commit-id", APP_INFO_GROUP, Model.IDENTITY, true,
                "The commit Samsa was built from, or \"unknown\" when the build did not record it (a String)."),
        START_TIME_MS("start-time-ms", APP_INFO_GROUP, Model.IDENTITY, true,
                "When the producer was created, in ms since the epoch (a Long)."),
        KAFKA_METRICS_COUNT("count", METRICS_COUNT_GROUP, Model.IDENTITY, true,
                "The number of metrics the producer has registered now, this one included (per-topic and "
                        + "per-broker metrics appear with their topic and broker).");

        private final String metricName;
        private final String group;
        private final Model model;
        private final boolean inApacheKafka;
        private final String description;

        Definition(String metricName, String group, Model model, boolean inApacheKafka, String description) {
            this.metricName = metricName;
            this.group = group;
            this.model = model;
            this.inApacheKafka = inApacheKafka;
            this.description = description;
        }

        /** The metric's name ({@code record-send-rate}); unique within its group. */
        public String metricName() {
            return metricName;
        }

        public String group() {
            return group;
        }

        public Model model() {
            return model;
        }

        /** Whether Apache Kafka's producer has a metric of this name and group, with the same meaning. */
        public boolean inApacheKafka() {
            return inApacheKafka;
        }

        public String description() {
            return description;
        }

        /** Whether the metric is per topic (tagged {@code topic}) rather than producer-wide. */
        public boolean perTopic() {
            return group.equals(TOPIC_GROUP);
        }

        /** Whether the metric is per broker (tagged {@code node-id}) rather than producer-wide. */
        public boolean perNode() {
            return group.equals(NODE_GROUP);
        }

        /** The tag keys of the metric's names, in order: {@code client-id}, then {@code topic} or {@code node-id}. */
        public List<String> tagKeys() {
            return perTopic() ? List.of(CLIENT_ID_TAG, TOPIC_TAG)
                    : perNode() ? List.of(CLIENT_ID_TAG, NODE_ID_TAG) : List.of(CLIENT_ID_TAG);
        }
    }

    /** The sensors of one topic; created on the topic's first record, live until close. */
    private static final class TopicSensors {
        final Sensor records;
        final Sensor bytes;
        final Sensor errors;
        final Sensor retries;
        final Sensor compression;

        TopicSensors(Sensor records, Sensor bytes, Sensor errors, Sensor retries, Sensor compression) {
            this.records = records;
            this.bytes = bytes;
            this.errors = errors;
            this.retries = retries;
            this.compression = compression;
        }
    }

    /** The sensors of one broker; created on its first connection, request or response, live until close. */
    private static final class NodeSensors {
        final Sensor requests;
        final Sensor responses;
        final Sensor latency;

        NodeSensors(Sensor requests, Sensor responses, Sensor latency) {
            this.requests = requests;
            this.responses = responses;
            this.latency = latency;
        }
    }

    /** A stat scaled by a constant: a rate of nanoseconds per second read as a fraction of time. */
    private static final class Scaled implements MeasurableStat {
        private final MeasurableStat stat;
        private final double factor;

        Scaled(MeasurableStat stat, double factor) {
            this.stat = stat;
            this.factor = factor;
        }

        @Override
        public void record(double value, long nowMs) {
            stat.record(value, nowMs);
        }

        @Override
        public double measure(long nowMs) {
            return stat.measure(nowMs) * factor;
        }
    }

    private final String clientId;
    private final Metrics metrics;
    private final MetricConfig config;
    private final Time time;
    private final Map<String, String> tags;
    private final ConcurrentMap<String, TopicSensors> topics = new ConcurrentHashMap<>();
    /** Written by the I/O thread only; concurrent so that {@link #nodes()} may read it anywhere. */
    private final ConcurrentMap<Integer, NodeSensors> nodes = new ConcurrentHashMap<>();
    /** The wall-clock start, for {@code app-info}'s {@code start-time-ms}. */
    private final long startTimeMs;
    /** The same moment on the monotonic clock the gauges read, for {@code metadata-age} before the first refresh. */
    private final long createdMs;
    /** Guarded by {@code this}: set once by {@link #registerMBeans()}. */
    private boolean jmxRegistered;
    /** Guarded by {@code this}. */
    private boolean closed;

    private final Sensor recordsSent;
    private final Sensor bytesSent;
    private final Sensor recordsPerRequest;
    private final Sensor batchesPerRequest;
    private final Sensor queueTime;
    private final Sensor requestLatency;
    private final Sensor sendLatency;
    private final Sensor throttleTime;
    private final Sensor metadataWait;
    private final Sensor flushTime;
    private final Sensor txnInit;
    private final Sensor txnBegin;
    private final Sensor txnSendOffsets;
    private final Sensor txnCommit;
    private final Sensor txnAbort;
    private final Sensor errors;
    private final Sensor retries;
    private final Sensor acked;
    private final Sensor bufferExhausted;
    private final Sensor batchSize;
    private final Sensor recordsPerBatch;
    private final Sensor batchFill;
    private final Sensor batchSplits;
    private final Sensor recordSizeAvg;
    private final Sensor recordSizeMax;
    private final Sensor compressionRate;
    private final Sensor responses;
    private final Sensor networkIo;
    private final Sensor connectionsCreated;
    private final Sensor connectionsClosed;
    private final Sensor authenticated;
    private final Sensor authenticationFailed;
    private final Sensor reauthenticated;
    private final Sensor reauthenticationFailed;
    private final Sensor reauthenticationLatency;
    private final Sensor bufferPoolWait;
    private final Sensor allRequests;
    private final Sensor select;
    private final Sensor ioWait;
    private final Sensor ioTime;
    /** One per producer, so that {@link #networkListener()} does not allocate. */
    private final NetworkListener networkListener = new MetricsNetworkListener();
    /** One per producer, so that {@link #senderListener()} does not allocate. */
    private final SenderListener senderListener = new MetricsSenderListener();
    /** {@code batch.size}, for the batch fill ratio; set once by the producer before it starts sending. */
    private volatile int batchSizeConfig = 16_384;

    /**
     * Creates the metrics of one producer (not yet in JMX: see {@link #registerMBeans()}).
     *
     * @param clientId the effective {@code client.id}: the {@code client-id} tag of every metric
     * @param config   the sample windows of the rates, averages and maxima
     * @param time     the clock; the producer's, so tests can step it
     */
    public ProducerMetrics(String clientId, MetricConfig config, Time time) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.config = Objects.requireNonNull(config, "config");
        this.time = Objects.requireNonNull(time, "time");
        this.metrics = new Metrics(config, time);
        this.tags = Map.of(CLIENT_ID_TAG, clientId);

        recordsSent = sensor("records-sent")
                .add(name(Definition.RECORD_SEND_RATE), Rate.ofValues(config))
                .add(name(Definition.RECORD_SEND_TOTAL), new CumulativeSum());
        bytesSent = sensor("bytes-sent")
                .add(name(Definition.BYTE_RATE), Rate.ofValues(config))
                .add(name(Definition.BYTE_TOTAL), new CumulativeSum());
        // One recording per request of any kind, valued at its size: the count gives request-rate/total. The
        // network client reports them, as Apache's Selector counts every request it writes.
        allRequests = sensor("requests")
                .add(name(Definition.REQUEST_RATE), Rate.ofOccurrences(config))
                .add(name(Definition.REQUEST_TOTAL), new CumulativeCount())
                .add(name(Definition.OUTGOING_BYTE_RATE), Rate.ofValues(config))
                .add(name(Definition.OUTGOING_BYTE_TOTAL), new CumulativeSum())
                .add(name(Definition.REQUEST_SIZE_AVG), new Avg(config))
                .add(name(Definition.REQUEST_SIZE_MAX), new Max(config));
        recordsPerRequest = sensor("records-per-request")
                .add(name(Definition.RECORDS_PER_REQUEST_AVG), new Avg(config));
        batchesPerRequest = sensor("batches-per-request")
                .add(name(Definition.BATCHES_PER_REQUEST_AVG), new Avg(config));
        queueTime = avgMax("record-queue-time", Definition.RECORD_QUEUE_TIME_AVG, Definition.RECORD_QUEUE_TIME_MAX);
        requestLatency = avgMax("request-latency", Definition.REQUEST_LATENCY_AVG, Definition.REQUEST_LATENCY_MAX);
        sendLatency = avgMax("record-send-latency", Definition.RECORD_SEND_LATENCY_AVG,
                Definition.RECORD_SEND_LATENCY_MAX);
        throttleTime = avgMax("produce-throttle-time", Definition.PRODUCE_THROTTLE_TIME_AVG,
                Definition.PRODUCE_THROTTLE_TIME_MAX);
        metadataWait = sensor("metadata-wait-time")
                .add(name(Definition.METADATA_WAIT_TIME_NS_TOTAL), new CumulativeSum());
        flushTime = sensor("flush-time")
                .add(name(Definition.FLUSH_TIME_NS_TOTAL), new CumulativeSum());
        txnInit = sensor("txn-init-time").add(name(Definition.TXN_INIT_TIME_NS_TOTAL), new CumulativeSum());
        txnBegin = sensor("txn-begin-time").add(name(Definition.TXN_BEGIN_TIME_NS_TOTAL), new CumulativeSum());
        txnSendOffsets = sensor("txn-send-offsets-time")
                .add(name(Definition.TXN_SEND_OFFSETS_TIME_NS_TOTAL), new CumulativeSum());
        txnCommit = sensor("txn-commit-time").add(name(Definition.TXN_COMMIT_TIME_NS_TOTAL), new CumulativeSum());
        txnAbort = sensor("txn-abort-time").add(name(Definition.TXN_ABORT_TIME_NS_TOTAL), new CumulativeSum());
        errors = rateTotal("record-errors", Definition.RECORD_ERROR_RATE, Definition.RECORD_ERROR_TOTAL);
        retries = rateTotal("record-retries", Definition.RECORD_RETRY_RATE, Definition.RECORD_RETRY_TOTAL);
        acked = sensor("records-acked")
                .add(name(Definition.RECORDS_ACKED_TOTAL), new CumulativeSum());
        bufferExhausted = rateTotal("buffer-exhausted", Definition.BUFFER_EXHAUSTED_RATE,
                Definition.BUFFER_EXHAUSTED_TOTAL);
        batchSize = avgMax("batch-size", Definition.BATCH_SIZE_AVG, Definition.BATCH_SIZE_MAX);
        recordsPerBatch = sensor("records-per-batch")
                .add(name(Definition.RECORDS_PER_BATCH_AVG), new Avg(config));
        batchFill = sensor("batch-fill-ratio")
                .add(name(Definition.BATCH_FILL_RATIO_AVG), new Avg(config));
        batchSplits = rateTotal("batch-splits", Definition.BATCH_SPLIT_RATE, Definition.BATCH_SPLIT_TOTAL);
        recordSizeAvg = sensor("record-size-avg").add(name(Definition.RECORD_SIZE_AVG), new Avg(config));
        recordSizeMax = sensor("record-size-max").add(name(Definition.RECORD_SIZE_MAX), new Max(config));
        compressionRate = sensor("compression-rate")
                .add(name(Definition.COMPRESSION_RATE_AVG), new Avg(config));
        // One recording per response, valued at its size: the count gives response-rate/total.
        responses = sensor("responses")
                .add(name(Definition.RESPONSE_RATE), Rate.ofOccurrences(config))
                .add(name(Definition.RESPONSE_TOTAL), new CumulativeCount())
                .add(name(Definition.INCOMING_BYTE_RATE), Rate.ofValues(config))
                .add(name(Definition.INCOMING_BYTE_TOTAL), new CumulativeSum());
        networkIo = sensor("network-io")
                .add(name(Definition.NETWORK_IO_RATE), Rate.ofOccurrences(config))
                .add(name(Definition.NETWORK_IO_TOTAL), new CumulativeCount());
        connectionsCreated = countRateTotal("connections-created", Definition.CONNECTION_CREATION_RATE,
                Definition.CONNECTION_CREATION_TOTAL);
        connectionsClosed = countRateTotal("connections-closed", Definition.CONNECTION_CLOSE_RATE,
                Definition.CONNECTION_CLOSE_TOTAL);
        authenticated = countRateTotal("successful-authentication", Definition.SUCCESSFUL_AUTHENTICATION_RATE,
                Definition.SUCCESSFUL_AUTHENTICATION_TOTAL);
        authenticationFailed = countRateTotal("failed-authentication", Definition.FAILED_AUTHENTICATION_RATE,
                Definition.FAILED_AUTHENTICATION_TOTAL);
        // Every first authentication, as Apache's client counts it (see the definition).
        authenticated.add(name(Definition.SUCCESSFUL_AUTHENTICATION_NO_REAUTH_TOTAL), new CumulativeCount());
        reauthenticated = countRateTotal("successful-reauthentication", Definition.SUCCESSFUL_REAUTHENTICATION_RATE,
                Definition.SUCCESSFUL_REAUTHENTICATION_TOTAL);
        reauthenticationFailed = countRateTotal("failed-reauthentication", Definition.FAILED_REAUTHENTICATION_RATE,
                Definition.FAILED_REAUTHENTICATION_TOTAL);
        reauthenticationLatency = avgMax("reauthentication-latency", Definition.REAUTHENTICATION_LATENCY_AVG,
                Definition.REAUTHENTICATION_LATENCY_MAX);
        // A rate of nanoseconds per second, read as a fraction of time, as Apache's BufferPool's Rate in ns.
        bufferPoolWait = sensor("bufferpool-wait-time")
                .add(name(Definition.BUFFERPOOL_WAIT_RATIO), new Scaled(Rate.ofValues(config), 1e-9));
        select = countRateTotal("select", Definition.SELECT_RATE, Definition.SELECT_TOTAL);
        // The ratios are rates of nanoseconds per second, read as a fraction of a second.
        ioWait = sensor("io-wait-time")
                .add(name(Definition.IO_WAIT_TIME_NS_AVG), new Avg(config))
                .add(name(Definition.IO_WAIT_TIME_NS_TOTAL), new CumulativeSum())
                .add(name(Definition.IO_WAIT_RATIO), new Scaled(Rate.ofValues(config), 1e-9));
        ioTime = sensor("io-time")
                .add(name(Definition.IO_TIME_NS_AVG), new Avg(config))
                .add(name(Definition.IO_TIME_NS_TOTAL), new CumulativeSum())
                .add(name(Definition.IO_RATIO), new Scaled(Rate.ofValues(config), 1e-9));

        startTimeMs = time.wallClockMillis();
        createdMs = time.milliseconds();
        metrics.addConstant(name(Definition.VERSION), AppInfo.VERSION);
        metrics.addConstant(name(Definition.COMMIT_ID), AppInfo.COMMIT_ID);
        metrics.addConstant(name(Definition.START_TIME_MS), startTimeMs);
        metrics.addMetric(name(Definition.KAFKA_METRICS_COUNT), now -> metrics.size());
    }

    private Sensor countRateTotal(String sensorName, Definition rate, Definition total) {
        return sensor(sensorName).add(name(rate), Rate.ofOccurrences(config)).add(name(total), new CumulativeCount());
    }

    private Sensor sensor(String name) {
        return metrics.sensor(name);
    }

    private Sensor avgMax(String sensorName, Definition avg, Definition max) {
        return sensor(sensorName).add(name(avg), new Avg(config)).add(name(max), new Max(config));
    }

    private Sensor rateTotal(String sensorName, Definition rate, Definition total) {
        return sensor(sensorName).add(name(rate), Rate.ofValues(config)).add(name(total), new CumulativeSum());
    }

    /** The producer-wide metric name of a definition. */
    private MetricName name(Definition d) {
        if (d.perTopic() || d.perNode()) {
            throw new IllegalArgumentException(d + " is a per-topic or per-broker metric; name it with one");
        }
        return new MetricName(d.metricName(), d.group(), d.description(), tags);
    }

    /** The metric name of a per-topic definition for {@code topic}. */
    private MetricName name(Definition d, String topic) {
        Map<String, String> topicTags = new LinkedHashMap<>();
        topicTags.put(CLIENT_ID_TAG, clientId);
        topicTags.put(TOPIC_TAG, topic);
        return new MetricName(d.metricName(), d.group(), d.description(), topicTags);
    }

    /** The metric name of a per-broker definition for broker {@code nodeId}: tagged {@code node-id=node-<id>}. */
    private MetricName nodeName(Definition d, int nodeId) {
        Map<String, String> nodeTags = new LinkedHashMap<>();
        nodeTags.put(CLIENT_ID_TAG, clientId);
        nodeTags.put(NODE_ID_TAG, "node-" + nodeId);
        return new MetricName(d.metricName(), d.group(), d.description(), nodeTags);
    }

    /** Samsa's version, as {@code app-info}'s {@code version} gives it ("unknown" if the build did not say). */
    public static String version() {
        return AppInfo.VERSION;
    }

    /** The commit Samsa was built from, as {@code app-info}'s {@code commit-id} gives it, or "unknown". */
    public static String commitId() {
        return AppInfo.COMMIT_ID;
    }

    /** The effective {@code client.id} the metrics are tagged with. */
    public String clientId() {
        return clientId;
    }

    // ---- Recording (see the class comment for which thread calls what) ----

    /** Records sent in a Produce request: {@code records} records in batches of {@code bytes} bytes in all. */
    public void recordSent(int records, long bytes) {
        recordSent(records, bytes, time.milliseconds());
    }

    private void recordSent(int records, long bytes, long nowMs) {
        recordsSent.record(records, nowMs);
        bytesSent.record(bytes, nowMs);
    }

    /**
     * As {@link #recordSent(int, long)}, and the same for {@code topic}'s metrics. Call one of the two per
     * batch, not both.
     */
    public void recordSent(String topic, int records, long bytes) {
        long nowMs = time.milliseconds();
        recordSent(records, bytes, nowMs);
        TopicSensors t = topic(topic);
        t.records.record(records, nowMs);
        t.bytes.record(bytes, nowMs);
    }

    /** The brokers acknowledged {@code records} records (with {@code acks=0}: they were written). */
    public void recordAcked(int records) {
        acked.record(records);
    }

    /** {@code records} records failed for good: their callbacks got an exception. */
    public void recordErrors(int records) {
        errors.record(records);
    }

    /** As {@link #recordErrors(int)}, and the same for {@code topic}'s metrics. */
    public void recordErrors(String topic, int records) {
        long nowMs = time.milliseconds();
        errors.record(records, nowMs);
        topic(topic).errors.record(records, nowMs);
    }

    /** {@code records} records are being sent again after a retriable error. */
    public void recordRetries(int records) {
        retries.record(records);
    }

    /** As {@link #recordRetries(int)}, and the same for {@code topic}'s metrics. */
    public void recordRetries(String topic, int records) {
        long nowMs = time.milliseconds();
        retries.record(records, nowMs);
        topic(topic).retries.record(records, nowMs);
    }

    /** A batch was drained after waiting {@code ms} since its first record was appended. */
    public void recordQueueTime(long ms) {
        queueTime.record(ms);
    }

    /** A Produce response arrived {@code ms} after its request was sent. */
    public void recordRequestLatency(long ms) {
        requestLatency.record(ms);
    }

    /** A batch was acknowledged {@code ms} after its first record was appended. */
    public void recordSendLatency(long ms) {
        sendLatency.record(ms);
    }

    /**
     * A batch was drained for sending.
     *
     * @param records         its records
     * @param bytes           its size in bytes
     * @param batchSizeConfig {@code batch.size}; when 0 (batching off) the fill ratio is not recorded
     */
    public void recordBatch(int records, int bytes, int batchSizeConfig) {
        long nowMs = time.milliseconds();
        batchSize.record(bytes, nowMs);
        recordsPerBatch.record(records, nowMs);
        if (batchSizeConfig > 0) {
            batchFill.record((double) bytes / batchSizeConfig, nowMs);
        }
    }

    /**
     * A Produce request was sent, holding {@code batches} batches and {@code records} records. Its bytes count
     * with every other request's, where the network client reports them ({@link #networkListener()}).
     */
    public void recordRequest(int batches, int records) {
        long nowMs = time.milliseconds();
        recordsPerRequest.record(records, nowMs);
        batchesPerRequest.record(batches, nowMs);
    }

    /** A broker's response asked the producer to hold back for {@code ms} (0 when not throttled). */
    public void recordThrottle(long ms) {
        throttleTime.record(ms);
    }

    /**
     * A batch's records, on its first send: their mean size and the largest, in bytes. Recorded per batch, not
     * per {@code send()}: a windowed stat per record cost the hot path more than the append itself.
     */
    public void recordRecordSizes(int meanBytes, int maxBytes) {
        long nowMs = time.milliseconds();
        recordSizeAvg.record(meanBytes, nowMs);
        recordSizeMax.record(maxBytes, nowMs);
    }

    /**
     * A batch of {@code topic} went out (each attempt counts, as in Apache Kafka): its compression rate,
     * {@code wireBytes / uncompressedBytes} (both with the batch header), feeds {@code compression-rate-avg}
     * and the topic's {@code compression-rate}. Ignored for an empty batch.
     */
    public void recordCompression(String topic, int uncompressedBytes, int wireBytes) {
        if (uncompressedBytes <= 0) {
            return;
        }
        long nowMs = time.milliseconds();
        double rate = (double) wireBytes / uncompressedBytes;
        compressionRate.record(rate, nowMs);
        topic(topic).compression.record(rate, nowMs);
    }

    /** A {@code send()} failed because buffer memory stayed full for {@code max.block.ms}. */
    public void recordBufferExhausted() {
        bufferExhausted.record(1);
    }

    /**
     * A {@code send()} was blocked {@code nanos} waiting for buffer memory (granted or not). Called on the
     * blocking path only: a {@code send()} that finds room records nothing.
     */
    public void recordBufferPoolWait(long nanos) {
        // With the time: the sensor's one stat is a scaled rate, which the sensor does not know needs it.
        bufferPoolWait.record(nanos, time.milliseconds());
    }

    /** A batch was split because the broker found it too large. */
    public void recordBatchSplit() {
        batchSplits.record(1);
    }

    /** A {@code send()} was blocked {@code nanos} waiting for metadata. */
    public void recordMetadataWait(long nanos) {
        metadataWait.record(nanos);
    }

    /** A transactional call ({@code initTransactions}, {@code commitTransaction}, ...) succeeded in {@code nanos}. */
    public void recordTransactionTime(String operation, long nanos) {
        Sensor s = switch (operation) {
            case "initTransactions" -> txnInit;
            case "beginTransaction" -> txnBegin;
            case "sendOffsetsToTransaction" -> txnSendOffsets;
            case "commitTransaction" -> txnCommit;
            case "abortTransaction" -> txnAbort;
            default -> throw new IllegalArgumentException("Not a transactional call: " + operation);
        };
        s.record(nanos);
    }

    /** A {@code flush()} took {@code nanos}. */
    public void recordFlushTime(long nanos) {
        flushTime.record(nanos);
    }

    private TopicSensors topic(String topic) {
        TopicSensors t = topics.get(topic);
        return t != null ? t : topics.computeIfAbsent(topic, this::newTopicSensors);
    }

    private TopicSensors newTopicSensors(String topic) {
        String prefix = "topic." + topic + ".";
        return new TopicSensors(
                sensor(prefix + "records-sent")
                        .add(name(Definition.TOPIC_RECORD_SEND_RATE, topic), Rate.ofValues(config))
                        .add(name(Definition.TOPIC_RECORD_SEND_TOTAL, topic), new CumulativeSum()),
                sensor(prefix + "bytes-sent")
                        .add(name(Definition.TOPIC_BYTE_RATE, topic), Rate.ofValues(config))
                        .add(name(Definition.TOPIC_BYTE_TOTAL, topic), new CumulativeSum()),
                sensor(prefix + "record-errors")
                        .add(name(Definition.TOPIC_RECORD_ERROR_RATE, topic), Rate.ofValues(config))
                        .add(name(Definition.TOPIC_RECORD_ERROR_TOTAL, topic), new CumulativeSum()),
                sensor(prefix + "record-retries")
                        .add(name(Definition.TOPIC_RECORD_RETRY_RATE, topic), Rate.ofValues(config))
                        .add(name(Definition.TOPIC_RECORD_RETRY_TOTAL, topic), new CumulativeSum()),
                sensor(prefix + "compression-rate")
                        .add(name(Definition.TOPIC_COMPRESSION_RATE, topic), new Avg(config)));
    }

    private NodeSensors node(int nodeId) {
        NodeSensors n = nodes.get(nodeId);
        return n != null ? n : nodes.computeIfAbsent(nodeId, this::newNodeSensors);
    }

    private NodeSensors newNodeSensors(int nodeId) {
        String prefix = "node-" + nodeId + ".";
        return new NodeSensors(
                sensor(prefix + "requests")
                        .add(nodeName(Definition.NODE_REQUEST_RATE, nodeId), Rate.ofOccurrences(config))
                        .add(nodeName(Definition.NODE_REQUEST_TOTAL, nodeId), new CumulativeCount())
                        .add(nodeName(Definition.NODE_OUTGOING_BYTE_RATE, nodeId), Rate.ofValues(config))
                        .add(nodeName(Definition.NODE_OUTGOING_BYTE_TOTAL, nodeId), new CumulativeSum())
                        .add(nodeName(Definition.NODE_REQUEST_SIZE_AVG, nodeId), new Avg(config))
                        .add(nodeName(Definition.NODE_REQUEST_SIZE_MAX, nodeId), new Max(config)),
                sensor(prefix + "responses")
                        .add(nodeName(Definition.NODE_RESPONSE_RATE, nodeId), Rate.ofOccurrences(config))
                        .add(nodeName(Definition.NODE_RESPONSE_TOTAL, nodeId), new CumulativeCount())
                        .add(nodeName(Definition.NODE_INCOMING_BYTE_RATE, nodeId), Rate.ofValues(config))
                        .add(nodeName(Definition.NODE_INCOMING_BYTE_TOTAL, nodeId), new CumulativeSum()),
                sensor(prefix + "request-latency")
                        .add(nodeName(Definition.NODE_REQUEST_LATENCY_AVG, nodeId), new Avg(config))
                        .add(nodeName(Definition.NODE_REQUEST_LATENCY_MAX, nodeId), new Max(config)));
    }

    /**
     * The network client's reports turned into the network metrics: producer-wide (connections, authentications
     * and re-authentications, requests and responses of every kind with their bytes, polls and their time) and per
     * broker ({@code producer-node-metrics}: requests, responses, bytes and latency of every request, Metadata and
     * set-up included). Called on the I/O thread, per connection, request, response or poll, never per record.
     */
    public NetworkListener networkListener() {
        return networkListener;
    }

    /** The producer's {@code batch.size}: batch fill is measured against it. */
    public void setBatchSizeConfig(int batchSize) {
        this.batchSizeConfig = Math.max(1, batchSize);
    }

    /**
     * The sender's reports turned into these metrics: each batch in a request counts as records and bytes sent,
     * producer-wide and for its topic ({@link #recordSent(String, int, long)}; a retried batch counts again),
     * and, on its first attempt, for batch efficiency and queue time; a Produce request gives records and batches
     * per request (the request itself, and its bytes, count where the network client writes it); a response gives
     * the request latency; acknowledgements, retries and throttling map to {@link #recordAcked},
     * {@link #recordRetries} and {@link #recordThrottle}. Failures are counted by the producer where each record
     * completes ({@link #recordErrors(String, int)}). Called on the I/O thread.
     */
    public SenderListener senderListener() {
        return senderListener;
    }

    // ---- Gauges ----

    /**
     * Registers the buffer gauges over the accumulator's live numbers. Call once.
     *
     * @param totalBytes     {@code buffer.memory}
     * @param availableBytes bytes not held by any batch now
     * @param waitingThreads threads blocked waiting for memory now
     * @param waitNanosTotal total time threads spent blocked waiting for memory
     * @throws IllegalArgumentException if already registered
     */
    public void registerBufferGauges(LongSupplier totalBytes, LongSupplier availableBytes,
                                     IntSupplier waitingThreads, LongSupplier waitNanosTotal) {
        metrics.addMetric(name(Definition.BUFFER_TOTAL_BYTES), now -> totalBytes.getAsLong());
        metrics.addMetric(name(Definition.BUFFER_AVAILABLE_BYTES), now -> availableBytes.getAsLong());
        // Used is derived rather than asked for: the accumulator keeps one number (available), so used and
        // available can never disagree with each other.
        metrics.addMetric(name(Definition.BUFFER_USED_BYTES),
                now -> Math.max(0L, totalBytes.getAsLong() - availableBytes.getAsLong()));
        metrics.addMetric(name(Definition.BUFFER_UTILIZATION), now -> {
            long total = totalBytes.getAsLong();
            return total <= 0 ? 0.0 : (double) Math.max(0L, total - availableBytes.getAsLong()) / total;
        });
        metrics.addMetric(name(Definition.BUFFERPOOL_WAIT_TIME_NS_TOTAL), now -> waitNanosTotal.getAsLong());
        metrics.addMetric(name(Definition.WAITING_THREADS), now -> waitingThreads.getAsInt());
    }

    /**
     * Registers {@code requests-in-flight} over the network client's count. Call once.
     *
     * @throws IllegalArgumentException if already registered
     */
    public void registerRequestsInFlight(IntSupplier inFlight) {
        metrics.addMetric(name(Definition.REQUESTS_IN_FLIGHT), now -> inFlight.getAsInt());
    }

    /**
     * Registers {@code connection-count} over the network client's count. Call once.
     *
     * @throws IllegalArgumentException if already registered
     */
    public void registerConnectionCount(IntSupplier connections) {
        metrics.addMetric(name(Definition.CONNECTION_COUNT), now -> connections.getAsInt());
    }

    /**
     * Registers {@code metadata-age} over the time of the last successful metadata refresh (negative before the
     * first: the age then counts from the producer's start, as Apache Kafka's counts from its bootstrap). Call once.
     *
     * @throws IllegalArgumentException if already registered
     */
    public void registerMetadataAge(LongSupplier lastRefreshMs) {
        metrics.addMetric(name(Definition.METADATA_AGE), now -> {
            long last = lastRefreshMs.getAsLong();
            return Math.max(0L, now - (last < 0 ? createdMs : last)) / 1000.0;
        });
    }

    /**
     * Adds a reporter ({@code metric.reporters}): it is shown every metric registered so far, told of later ones,
     * and closed with these metrics.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void addReporter(MetricsReporter reporter) {
        metrics.addReporter(reporter);
    }

    // ---- Reading ----

    /**
     * Every metric registered so far (the gauges once registered, a topic's once it has sent), as
     * {@code KafkaProducer.metrics()} returns them: a snapshot of the set, of live metrics whose
     * {@link Metric#metricValue()} measures anew on each call.
     */
    public Map<MetricName, ? extends Metric> metrics() {
        return metrics.metrics();
    }

    /**
     * The current value of a producer-wide metric.
     *
     * @throws IllegalArgumentException if there is no such metric (or it is a gauge not registered yet)
     */
    public double value(Definition d) {
        return valueOf(name(d));
    }

    /**
     * The current value of a per-topic metric.
     *
     * @throws IllegalArgumentException if the topic has recorded nothing yet
     */
    public double value(Definition d, String topic) {
        if (!d.perTopic()) {
            throw new IllegalArgumentException(d + " is a producer-wide metric; read it without a topic");
        }
        return valueOf(name(d, topic));
    }

    private double valueOf(MetricName name) {
        LiveMetric m = metrics.metric(name);
        if (m == null) {
            throw new IllegalArgumentException("no metric " + name.group() + "/" + name.name() + name.tags()
                    + " is registered (a gauge before its register call, or a topic that recorded nothing)");
        }
        return m.value();
    }

    /**
     * The current value of a per-broker metric.
     *
     * @throws IllegalArgumentException if the broker has recorded nothing yet
     */
    public double value(Definition d, int nodeId) {
        if (!d.perNode()) {
            throw new IllegalArgumentException(d + " is not a per-broker metric");
        }
        return valueOf(nodeName(d, nodeId));
    }

    /** The topics that have per-topic metrics, in no particular order. */
    public List<String> topics() {
        return Collections.unmodifiableList(new ArrayList<>(topics.keySet()));
    }

    // ---- JMX ----

    /**
     * Publishes every metric, present and future, as MBeans {@code io.samsa.producer:type=producer-metrics,
     * client-id=<id>} and {@code ...type=producer-topic-metrics,client-id=<id>,topic=<topic>} on the platform
     * MBean server. Idempotent. A name already taken (another producer with the same {@code client.id}) is
     * logged at WARN and skipped, never thrown: see {@link JmxReporter}.
     *
     * @return this
     * @throws IllegalStateException after {@link #close()}
     */
    public ProducerMetrics registerMBeans() {
        return registerMBeans(JMX_DOMAIN);
    }

    /**
     * As {@link #registerMBeans()}, under {@code domain}: {@code kafka.producer}, Apache Kafka's, gives the
     * object names Apache's producer has ({@code samsa.jmx.domain}), so JMX exporter rules written for it match.
     *
     * @return this
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized ProducerMetrics registerMBeans(String domain) {
        if (closed) {
            throw new IllegalStateException("the metrics of producer " + clientId + " are closed; cannot register "
                    + "their MBeans");
        }
        if (!jmxRegistered) {
            metrics.addReporter(new JmxReporter(domain));
            jmxRegistered = true;
        }
        return this;
    }

    /** Unregisters the MBeans. Idempotent; recording afterwards still works but is no longer published. */
    @Override
    public synchronized void close() {
        closed = true;
        metrics.close();
    }

    /** Feeds the sender's reports into the sensors; stateless (see {@link #senderListener()}). */
    private final class MetricsSenderListener implements SenderListener {
        @Override
        public void onRequestSent(int nodeId, int batches, int records, long bytes) {
            long nowMs = time.milliseconds();
            recordsPerRequest.record(records, nowMs);
            batchesPerRequest.record(batches, nowMs);
        }

        @Override
        public void onBatchSent(String topic, int records, int bytes, int maxRecordBytes, int attempt,
                                long queueTimeMs) {
            recordSent(topic, records, bytes);
            if (attempt == 1) {
                recordBatch(records, bytes, batchSizeConfig);
                recordQueueTime(queueTimeMs);
                if (records > 0) {
                    recordRecordSizes((bytes - RecordBatch.HEADER_SIZE) / records, maxRecordBytes);
                }
            }
        }

        @Override
        public void onBatchCompression(String topic, int uncompressedBytes, int wireBytes) {
            recordCompression(topic, uncompressedBytes, wireBytes);
        }

        @Override
        public void onBatchSplit() {
            recordBatchSplit();
        }

        @Override
        public void onResponse(int nodeId, long latencyMs) {
            recordRequestLatency(latencyMs);
        }

        @Override
        public void onAcknowledged(int records, long sendLatencyMs) {
            recordAcked(records);
            recordSendLatency(sendLatencyMs);
        }

        @Override
        public void onRetry(String topic, int records) {
            recordRetries(topic, records);
        }

        @Override
        public void onThrottle(int nodeId, long throttleMs) {
            recordThrottle(throttleMs);
        }
    }

    /** Feeds the network client's reports into the sensors; stateless (see {@link #networkListener()}). */
    private final class MetricsNetworkListener implements NetworkListener {
        @Override
        public void onConnectionCreated(int nodeId, long nowMs) {
            connectionsCreated.record(1, nowMs);
            node(nodeId);
        }

        @Override
        public void onConnectionClosed(int nodeId, long nowMs) {
            connectionsClosed.record(1, nowMs);
        }

        @Override
        public void onAuthenticated(int nodeId, long nowMs) {
            authenticated.record(1, nowMs);
        }

        @Override
        public void onAuthenticationFailed(int nodeId, long nowMs) {
            authenticationFailed.record(1, nowMs);
        }

        @Override
        public void onReauthenticated(int nodeId, long latencyMs, long nowMs) {
            reauthenticated.record(1, nowMs);
            reauthenticationLatency.record(latencyMs, nowMs);
        }

        @Override
        public void onReauthenticationFailed(int nodeId, long nowMs) {
            reauthenticationFailed.record(1, nowMs);
        }

        @Override
        public void onRequestSent(int nodeId, int bytes, long nowMs) {
            networkIo.record(1, nowMs);
            allRequests.record(bytes, nowMs);
            node(nodeId).requests.record(bytes, nowMs);
        }

        @Override
        public void onResponseReceived(int nodeId, int bytes, long latencyMs, long nowMs) {
            networkIo.record(1, nowMs);
            responses.record(bytes, nowMs);
            NodeSensors n = node(nodeId);
            n.responses.record(bytes, nowMs);
            n.latency.record(latencyMs, nowMs);
        }

        @Override
        public void onPoll(long selectNanos, long ioNanos, long nowMs) {
            select.record(1, nowMs);
            ioWait.record(selectNanos, nowMs);
            ioTime.record(ioNanos, nowMs);
        }
    }

    /** Samsa's version and commit, as the build wrote them into {@code samsa-version.properties}. */
    static final class AppInfo {
        static final String VERSION;
        static final String COMMIT_ID;

        static {
            Properties p = new Properties();
            try (InputStream in = ProducerMetrics.class.getResourceAsStream("samsa-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // Apache's AppInfoParser reports "unknown" when its version file cannot be read; so do we.
            }
            VERSION = known(p.getProperty("version"));
            COMMIT_ID = known(p.getProperty("commit-id"));
        }

        private AppInfo() {
        }

        /** The value, or "unknown" when absent or left unfiltered ({@code ${...}}: a build without the property). */
        private static String known(String value) {
            return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value.trim();
        }
    }

    @Override
    public String toString() {
        return "ProducerMetrics(client-id=" + clientId + ", " + config + ")";
    }
}
