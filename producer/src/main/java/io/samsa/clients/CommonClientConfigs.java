package io.samsa.clients;

import io.samsa.common.utils.ExponentialBackoff;

/**
 * The configuration key names (and Apache Kafka's defaults) that Kafka's clients share, under the names of
 * Apache Kafka's {@code org.apache.kafka.clients.CommonClientConfigs}, so that code referring to them, such as
 * {@code props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")}, moves over with an import change.
 *
 * <p>Every name and value equals Apache Kafka 4.1's (a test compares them). Only the names are here: what a key
 * means to Samsa, its default and its valid values are in the producer's configuration table
 * ({@code ProducerConfig.configDef()}, rendered in {@code docs/configuration.md}), which uses the defaults below
 * where Apache Kafka has one. Keys the producer does not read (the consumer's, Kafka Streams', and client
 * features Samsa does not have) are here too, so that code shared with consumers compiles; a producer given one
 * ignores it and logs it once as unknown.
 */
public final class CommonClientConfigs {
    private CommonClientConfigs() {
    }

    // ---- Read by Samsa's producer ----

    /** The {@code bootstrap.servers} configuration key. */
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    /** The {@code client.id} configuration key. */
    public static final String CLIENT_ID_CONFIG = "client.id";
    /** The {@code metadata.max.age.ms} configuration key. */
    public static final String METADATA_MAX_AGE_CONFIG = "metadata.max.age.ms";
    /** The {@code send.buffer.bytes} configuration key. */
    public static final String SEND_BUFFER_CONFIG = "send.buffer.bytes";
    /** The smallest {@code send.buffer.bytes}: -1, the operating system's default. */
    public static final int SEND_BUFFER_LOWER_BOUND = -1;
    /** The {@code receive.buffer.bytes} configuration key. */
    public static final String RECEIVE_BUFFER_CONFIG = "receive.buffer.bytes";
    /** The smallest {@code receive.buffer.bytes}: -1, the operating system's default. */
    public static final int RECEIVE_BUFFER_LOWER_BOUND = -1;
    /** The {@code reconnect.backoff.ms} configuration key. */
    public static final String RECONNECT_BACKOFF_MS_CONFIG = "reconnect.backoff.ms";
    /** The {@code reconnect.backoff.max.ms} configuration key. */
    public static final String RECONNECT_BACKOFF_MAX_MS_CONFIG = "reconnect.backoff.max.ms";
    /** The {@code retries} configuration key. */
    public static final String RETRIES_CONFIG = "retries";
    /** The {@code retry.backoff.ms} configuration key. */
    public static final String RETRY_BACKOFF_MS_CONFIG = "retry.backoff.ms";
    /** Boxed, as in Apache Kafka, so that code assigning it to a {@code Long} compiles unchanged. */
    public static final Long DEFAULT_RETRY_BACKOFF_MS = 100L;
    /** The {@code retry.backoff.max.ms} configuration key. */
    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "retry.backoff.max.ms";
    /** The default of {@link #RETRY_BACKOFF_MAX_MS_CONFIG}. */
    public static final Long DEFAULT_RETRY_BACKOFF_MAX_MS = 1000L;
    /** How much each consecutive failure multiplies a retry or reconnect backoff. */
    public static final int RETRY_BACKOFF_EXP_BASE = 2;
    /** The relative randomisation of retry and reconnect backoffs: 0.2 waits 80% to 120% of the nominal time. */
    public static final double RETRY_BACKOFF_JITTER = ExponentialBackoff.KAFKA_JITTER;
    /** The {@code metrics.sample.window.ms} configuration key. */
    public static final String METRICS_SAMPLE_WINDOW_MS_CONFIG = "metrics.sample.window.ms";
    /** The {@code metrics.num.samples} configuration key. */
    public static final String METRICS_NUM_SAMPLES_CONFIG = "metrics.num.samples";
    /** The {@code security.protocol} configuration key. */
    public static final String SECURITY_PROTOCOL_CONFIG = "security.protocol";
    /** The default of {@link #SECURITY_PROTOCOL_CONFIG}. */
    public static final String DEFAULT_SECURITY_PROTOCOL = "PLAINTEXT";
    /** The {@code socket.connection.setup.timeout.ms} configuration key. */
    public static final String SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG = "socket.connection.setup.timeout.ms";
    /** The default of {@link #SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG}. */
    public static final Long DEFAULT_SOCKET_CONNECTION_SETUP_TIMEOUT_MS = 10_000L;
    /** The {@code socket.connection.setup.timeout.max.ms} configuration key. */
    public static final String SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG =
            "socket.connection.setup.timeout.max.ms";
    /** The default of {@link #SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG}. */
    public static final Long DEFAULT_SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS = 30_000L;
    /** The {@code connections.max.idle.ms} configuration key. */
    public static final String CONNECTIONS_MAX_IDLE_MS_CONFIG = "connections.max.idle.ms";
    /** The {@code request.timeout.ms} configuration key. */
    public static final String REQUEST_TIMEOUT_MS_CONFIG = "request.timeout.ms";
    /** The {@code metadata.recovery.strategy} configuration key. */
    public static final String METADATA_RECOVERY_STRATEGY_CONFIG = "metadata.recovery.strategy";
    /** The default of {@link #METADATA_RECOVERY_STRATEGY_CONFIG}. */
    public static final String DEFAULT_METADATA_RECOVERY_STRATEGY = "rebootstrap";
    /** The {@code metadata.recovery.rebootstrap.trigger.ms} configuration key. */
    public static final String METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS_CONFIG =
            "metadata.recovery.rebootstrap.trigger.ms";
    /** The default of {@link #METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS_CONFIG}. */
    public static final long DEFAULT_METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS = 300_000L;

    // ---- Not read by Samsa's producer: features it does not have (yet) ----

    /** Samsa connects to the address the JDK resolves a host name to; it has no DNS lookup strategies. */
    public static final String CLIENT_DNS_LOOKUP_CONFIG = "client.dns.lookup";
    /** Rack-aware fetching is a consumer feature. */
    public static final String CLIENT_RACK_CONFIG = "client.rack";
    /** The default of {@link #CLIENT_RACK_CONFIG}. */
    public static final String DEFAULT_CLIENT_RACK = "";
    /** Push the client's metrics to the cluster when it asks for them (KIP-714); default true. */
    public static final String ENABLE_METRICS_PUSH_CONFIG = "enable.metrics.push";
    /** Samsa records every metric it has at every level. */
    public static final String METRICS_RECORDING_LEVEL_CONFIG = "metrics.recording.level";
    /** Samsa's metrics are read through {@code metrics()} and JMX; it has no reporter plug-ins. */
    public static final String METRIC_REPORTER_CLASSES_CONFIG = "metric.reporters";
    /** The prefix of the metrics context labels that Apache Kafka passes to metric reporters. */
    public static final String METRICS_CONTEXT_PREFIX = "metrics.context.";

    // ---- Not read by Samsa's producer: the consumer's and Kafka Streams' keys ----

    /** The {@code default.list.key.serde.inner} configuration key. */
    public static final String DEFAULT_LIST_KEY_SERDE_INNER_CLASS = "default.list.key.serde.inner";
    /** The {@code default.list.value.serde.inner} configuration key. */
    public static final String DEFAULT_LIST_VALUE_SERDE_INNER_CLASS = "default.list.value.serde.inner";
    /** The {@code default.list.key.serde.type} configuration key. */
    public static final String DEFAULT_LIST_KEY_SERDE_TYPE_CLASS = "default.list.key.serde.type";
    /** The {@code default.list.value.serde.type} configuration key. */
    public static final String DEFAULT_LIST_VALUE_SERDE_TYPE_CLASS = "default.list.value.serde.type";
    /** The {@code group.id} configuration key. */
    public static final String GROUP_ID_CONFIG = "group.id";
    /** The {@code group.instance.id} configuration key. */
    public static final String GROUP_INSTANCE_ID_CONFIG = "group.instance.id";
    /** The {@code max.poll.interval.ms} configuration key. */
    public static final String MAX_POLL_INTERVAL_MS_CONFIG = "max.poll.interval.ms";
    /** The {@code rebalance.timeout.ms} configuration key. */
    public static final String REBALANCE_TIMEOUT_MS_CONFIG = "rebalance.timeout.ms";
    /** The {@code session.timeout.ms} configuration key. */
    public static final String SESSION_TIMEOUT_MS_CONFIG = "session.timeout.ms";
    /** The {@code heartbeat.interval.ms} configuration key. */
    public static final String HEARTBEAT_INTERVAL_MS_CONFIG = "heartbeat.interval.ms";
    /** The {@code default.api.timeout.ms} configuration key. */
    public static final String DEFAULT_API_TIMEOUT_MS_CONFIG = "default.api.timeout.ms";
}
