package io.samsa.common.errors;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The broker error codes a producer meets, with Kafka's names and how to react to them.
 *
 * <p>{@code retriable} matches the Java client (the exception extends {@code RetriableException}):
 * the same request may succeed later. {@code invalidMetadata} marks errors that mean our view of the cluster
 * is stale (the exception extends {@code InvalidMetadataException}): refresh metadata before retrying.
 * Errors with special handling in the idempotent/transactional producer (sequence and epoch errors) are
 * <em>not</em> flagged retriable here; that logic lives with the sequence bookkeeping, not in this table.
 *
 * <p>Codes Samsa does not list decode to {@link #UNKNOWN}, never silently to another error: the raw code is
 * kept by whoever holds it (see {@link ApiException#code()} and {@link #describe(short)}).
 */
public enum Errors {
    /** Not a broker code: stands for any code this table does not list. See {@link #describe(short)}. */
    UNKNOWN(Short.MIN_VALUE, false, false, "An error code Samsa does not know."),

    UNKNOWN_SERVER_ERROR(-1, false, false,
            "The server experienced an unexpected error when processing the request."),
    NONE(0, false, false, "No error."),
    CORRUPT_MESSAGE(2, true, false,
            "The message failed its CRC check, exceeded the valid size, had a null key on a compacted topic, "
                    + "or is otherwise corrupt."),
    UNKNOWN_TOPIC_OR_PARTITION(3, true, true, "This server does not host this topic-partition."),
    LEADER_NOT_AVAILABLE(5, true, true,
            "There is no leader for this topic-partition as we are in the middle of a leadership election."),
    NOT_LEADER_OR_FOLLOWER(6, true, true,
            "This server is not the leader (or a follower) for this partition; the response may name the new "
                    + "leader (KIP-951)."),
    REQUEST_TIMED_OUT(7, true, false,
            "The request timed out (e.g. the in-sync replicas did not acknowledge within timeout_ms)."),
    BROKER_NOT_AVAILABLE(8, false, false, "The broker is not available."),
    MESSAGE_TOO_LARGE(10, false, false,
            "The request included a message larger than the max message size the server will accept; "
                    + "a batch of several records may be split and resent."),
    NETWORK_EXCEPTION(13, true, true, "The server disconnected before a response was received."),
    COORDINATOR_LOAD_IN_PROGRESS(14, true, false, "The coordinator is loading and hence can't process requests."),
    COORDINATOR_NOT_AVAILABLE(15, true, false, "The coordinator is not available."),
    NOT_COORDINATOR(16, true, false, "This is not the correct coordinator; find the coordinator again."),
    INVALID_TOPIC_EXCEPTION(17, false, false, "The request attempted to perform an operation on an invalid topic."),
    RECORD_LIST_TOO_LARGE(18, false, false,
            "The request included a message batch larger than the configured segment size on the server."),
    NOT_ENOUGH_REPLICAS(19, true, false,
            "Messages are rejected since there are fewer in-sync replicas than required (nothing was written)."),
    NOT_ENOUGH_REPLICAS_AFTER_APPEND(20, true, false,
            "Messages are written to the log, but to fewer in-sync replicas than required (a retry may duplicate "
                    + "without idempotence)."),
    INVALID_REQUIRED_ACKS(21, false, false, "Produce request specified an invalid value for required acks."),
    TOPIC_AUTHORIZATION_FAILED(29, false, false, "Topic authorization failed."),
    CLUSTER_AUTHORIZATION_FAILED(31, false, false,
            "Cluster authorization failed (fatal for an idempotent producer)."),
    INVALID_TIMESTAMP(32, false, false, "The timestamp of the message is out of acceptable range."),
    UNSUPPORTED_SASL_MECHANISM(33, false, false, "The broker does not support the requested SASL mechanism."),
    ILLEGAL_SASL_STATE(34, false, false, "Request is not valid given the current SASL state."),
    UNSUPPORTED_VERSION(35, false, false, "The version of API is not supported."),
    INVALID_REQUEST(42, false, false,
            "This most likely occurs because of a request being malformed by the client library or the message "
                    + "was sent to an incompatible broker."),
    UNSUPPORTED_FOR_MESSAGE_FORMAT(43, false, false,
            "The message format version on the broker does not support the request."),
    OUT_OF_ORDER_SEQUENCE_NUMBER(45, false, false,
            "The broker received an out of order sequence number (handled by the idempotence logic)."),
    DUPLICATE_SEQUENCE_NUMBER(46, false, false,
            "The broker received a duplicate sequence number (the batch was already written; offset unknown)."),
    INVALID_PRODUCER_EPOCH(47, false, false,
            "Producer attempted to produce with an old epoch."),
    INVALID_TXN_STATE(48, false, false,
            "The producer attempted a transactional operation in an invalid state."),
    INVALID_TRANSACTION_TIMEOUT(50, false, false,
            "The transaction timeout is larger than the maximum value allowed by the broker "
                    + "(transaction.max.timeout.ms)."),
    CONCURRENT_TRANSACTIONS(51, true, false,
            "The producer attempted to update a transaction while another concurrent operation on the same "
                    + "transaction was ongoing."),
    TRANSACTIONAL_ID_AUTHORIZATION_FAILED(53, false, false, "Transactional Id authorization failed."),
    OPERATION_NOT_ATTEMPTED(55, false, false,
            "The broker did not attempt to execute this operation because another part of the batch failed."),
    KAFKA_STORAGE_ERROR(56, true, true, "Disk error when trying to access log file on the disk."),
    SASL_AUTHENTICATION_FAILED(58, false, false, "SASL Authentication failed."),
    UNKNOWN_PRODUCER_ID(59, false, false,
            "The broker could not locate the producer metadata associated with the producer id "
                    + "(handled by the idempotence logic)."),
    LISTENER_NOT_FOUND(72, true, true,
            "There is no listener on the leader broker that matches the listener on which the request was sent."),
    FENCED_LEADER_EPOCH(74, true, true, "The leader epoch in the request is older than the epoch on the broker."),
    UNKNOWN_LEADER_EPOCH(75, true, false, "The leader epoch in the request is newer than the epoch on the broker."),
    UNSUPPORTED_COMPRESSION_TYPE(76, false, false,
            "The requesting client does not support the compression type of given partition "
                    + "(zstd needs Produce v7+)."),
    INVALID_RECORD(87, false, false,
            "This record has failed the validation on broker and hence will be rejected (see record_errors)."),
    THROTTLING_QUOTA_EXCEEDED(89, true, false, "The throttling quota has been exceeded."),
    PRODUCER_FENCED(90, false, false,
            "There is a newer producer with the same transactionalId which fences the current one."),
    UNKNOWN_TOPIC_ID(100, true, true, "This server does not host this topic ID."),
    TRANSACTION_ABORTABLE(120, false, false,
            "The server encountered an error with the transaction; the client can abort the transaction to "
                    + "continue using this transactional ID."),
    REBOOTSTRAP_REQUIRED(129, false, false,
            "Client metadata is stale; the client should rebootstrap to obtain new metadata.");

    private static final Map<Short, Errors> BY_CODE = new HashMap<>();

    static {
        for (Errors e : values()) {
            if (e != UNKNOWN && BY_CODE.put(e.code, e) != null) {
                throw new ExceptionInInitializerError("duplicate error code " + e.code);
            }
        }
    }

    private final short code;
    private final boolean retriable;
    private final boolean invalidMetadata;
    private final String description;

    Errors(int code, boolean retriable, boolean invalidMetadata, String description) {
        this.code = (short) code;
        this.retriable = retriable;
        this.invalidMetadata = invalidMetadata;
        this.description = description;
    }

    /**
     * The wire code. For {@link #UNKNOWN} this is {@link Short#MIN_VALUE}, a placeholder that never appears
     * on the wire: keep the raw code you decoded.
     */
    public short code() {
        return code;
    }

    /** Kafka's name for the error, e.g. {@code "NOT_LEADER_OR_FOLLOWER"} (the same as {@link #name()}). */
    public String kafkaName() {
        return name();
    }

    /** One line on what the error means. */
    public String description() {
        return description;
    }

    /** The same request may succeed if sent again later. */
    public boolean retriable() {
        return retriable;
    }

    /** Our metadata (leader, topic, partition count) is stale: refresh it before retrying. */
    public boolean invalidMetadata() {
        return invalidMetadata;
    }

    /** The error for {@code code}; {@link #UNKNOWN} (never a different known error) if Samsa does not list it. */
    public static Errors forCode(short code) {
        Errors e = BY_CODE.get(code);
        return e == null ? UNKNOWN : e;
    }

    /** For logs: {@code "NOT_LEADER_OR_FOLLOWER (6)"}, or {@code "UNKNOWN (1234)"} keeping the raw code. */
    public static String describe(short code) {
        return forCode(code).name() + " (" + code + ")";
    }

    /**
     * An exception for this error carrying the broker's message (may be null). When the code came off the
     * wire, prefer {@link #exceptionFor(short, String)}, which keeps an unknown code.
     */
    public ApiException exception(String message) {
        return exception(null, this, code, message);
    }

    /** An exception for a raw wire code, which is kept even when it maps to {@link #UNKNOWN}. */
    public static ApiException exceptionFor(short code, String message) {
        return exception(null, forCode(code), code, message);
    }

    /**
     * The exception for an error with a context ({@code "Produce to orders-3 failed"}): authorization errors get
     * their own types ({@link TopicAuthorizationException} with the topic when {@code topic} is given,
     * {@link ClusterAuthorizationException}), so that callers can catch them as Apache Kafka's users do.
     *
     * @param topic the topic the error is about, or null
     */
    public static ApiException exception(String context, String topic, Errors error, short code, String message) {
        if (error == TOPIC_AUTHORIZATION_FAILED && topic != null) {
            return new TopicAuthorizationException(context, Set.of(topic), message);
        }
        return exception(context, error, code, message);
    }

    private static ApiException exception(String context, Errors error, short code, String message) {
        return switch (error) {
            case CLUSTER_AUTHORIZATION_FAILED, TRANSACTIONAL_ID_AUTHORIZATION_FAILED ->
                    new ClusterAuthorizationException(context, error, code, message);
            case TOPIC_AUTHORIZATION_FAILED -> new AuthorizationException(context, error, code, message);
            default -> new ApiException(context, error, code, message);
        };
    }
}
