package io.samsa.common.errors;

import io.samsa.common.InvalidRecordException;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The broker error codes a producer meets, with Kafka's names and the exception each maps to.
 *
 * <p>Each code maps to the exception class Apache Kafka's client maps it to, by the same name, so that code
 * written against Apache's client catches the same types ({@code ErrorsTest} checks the table against Apache's).
 * How to react follows from that type: {@link #retriable()} when it extends {@link RetriableException} (the same
 * request may succeed later), {@link #invalidMetadata()} when it extends {@link InvalidMetadataException} (our
 * view of the cluster is stale: refresh metadata before retrying). Errors with special handling in the idempotent
 * producer (sequence and epoch errors) are not retriable by type; that logic lives with the sequence bookkeeping.
 *
 * <p>Codes Samsa does not list decode to {@link #UNKNOWN} (an {@link UnknownServerException}, as in Apache's
 * client), never silently to another error; the raw code stays in the exception's message and in
 * {@link #describe(short)}.
 */
public enum Errors {
    /** Not a broker code: stands for any code this table does not list. See {@link #describe(short)}. */
    UNKNOWN(Short.MIN_VALUE, UnknownServerException::new, "An error code Samsa does not know."),
    /** Error code -1, delivered as {@link UnknownServerException}. */
    UNKNOWN_SERVER_ERROR(-1, UnknownServerException::new,
            "The server experienced an unexpected error when processing the request."),
    /** Error code 0: no error. */
    NONE(0, null,
            "No error."),
    /** Error code 2, delivered as {@link CorruptRecordException}. */
    CORRUPT_MESSAGE(2, CorruptRecordException::new,
            "The message failed its CRC check, exceeded the valid size, had a null key on a compacted "
                + "topic, or is otherwise corrupt."),
    /** Error code 3, delivered as {@link UnknownTopicOrPartitionException}. */
    UNKNOWN_TOPIC_OR_PARTITION(3, UnknownTopicOrPartitionException::new,
            "This server does not host this topic-partition."),
    /** Error code 5, delivered as {@link LeaderNotAvailableException}. */
    LEADER_NOT_AVAILABLE(5, LeaderNotAvailableException::new,
            "There is no leader for this topic-partition as we are in the middle of a leadership "
                + "election."),
    /** Error code 6, delivered as {@link NotLeaderOrFollowerException}. */
    NOT_LEADER_OR_FOLLOWER(6, NotLeaderOrFollowerException::new,
            "This server is not the leader (or a follower) for this partition; the response may name "
                + "the new leader (KIP-951)."),
    /** Error code 7, delivered as {@link TimeoutException}. */
    REQUEST_TIMED_OUT(7, TimeoutException::new,
            "The request timed out (e.g. the in-sync replicas did not acknowledge within timeout_ms)."),
    /** Error code 8, delivered as {@link BrokerNotAvailableException}. */
    BROKER_NOT_AVAILABLE(8, BrokerNotAvailableException::new,
            "The broker is not available."),
    /** Error code 9, delivered as {@link ReplicaNotAvailableException}. */
    REPLICA_NOT_AVAILABLE(9, ReplicaNotAvailableException::new,
            "The replica is not available for the requested topic-partition."),
    /** Error code 10, delivered as {@link RecordTooLargeException}. */
    MESSAGE_TOO_LARGE(10, RecordTooLargeException::new,
            "The request included a message larger than the max message size the server will accept; "
                + "a batch of several records may be split and resent."),
    /** Error code 12, delivered as {@link OffsetMetadataTooLarge}. */
    OFFSET_METADATA_TOO_LARGE(12, OffsetMetadataTooLarge::new,
            "The metadata field of the offset request was too large."),
    /** Error code 13, delivered as {@link NetworkException}. */
    NETWORK_EXCEPTION(13, NetworkException::new,
            "The server disconnected before a response was received."),
    /** Error code 14, delivered as {@link CoordinatorLoadInProgressException}. */
    COORDINATOR_LOAD_IN_PROGRESS(14, CoordinatorLoadInProgressException::new,
            "The coordinator is loading and hence can't process requests."),
    /** Error code 15, delivered as {@link CoordinatorNotAvailableException}. */
    COORDINATOR_NOT_AVAILABLE(15, CoordinatorNotAvailableException::new,
            "The coordinator is not available."),
    /** Error code 16, delivered as {@link NotCoordinatorException}. */
    NOT_COORDINATOR(16, NotCoordinatorException::new,
            "This is not the correct coordinator; find the coordinator again."),
    /** Error code 17, delivered as {@link InvalidTopicException}. */
    INVALID_TOPIC_EXCEPTION(17, InvalidTopicException::new,
            "The request attempted to perform an operation on an invalid topic."),
    /** Error code 18, delivered as {@link RecordBatchTooLargeException}. */
    RECORD_LIST_TOO_LARGE(18, RecordBatchTooLargeException::new,
            "The request included a message batch larger than the configured segment size on the "
                + "server."),
    /** Error code 19, delivered as {@link NotEnoughReplicasException}. */
    NOT_ENOUGH_REPLICAS(19, NotEnoughReplicasException::new,
            "Messages are rejected since there are fewer in-sync replicas than required (nothing was "
                + "written)."),
    /** Error code 20, delivered as {@link NotEnoughReplicasAfterAppendException}. */
    NOT_ENOUGH_REPLICAS_AFTER_APPEND(20, NotEnoughReplicasAfterAppendException::new,
            "Messages are written to the log, but to fewer in-sync replicas than required (a retry "
                + "may duplicate without idempotence)."),
    /** Error code 21, delivered as {@link InvalidRequiredAcksException}. */
    INVALID_REQUIRED_ACKS(21, InvalidRequiredAcksException::new,
            "Produce request specified an invalid value for required acks."),
    /** Error code 22, delivered as {@link IllegalGenerationException}. */
    ILLEGAL_GENERATION(22, IllegalGenerationException::new,
            "Specified group generation id is not valid."),
    /** Error code 24, delivered as {@link InvalidGroupIdException}. */
    INVALID_GROUP_ID(24, InvalidGroupIdException::new,
            "The configured groupId is invalid."),
    /** Error code 25, delivered as {@link UnknownMemberIdException}. */
    UNKNOWN_MEMBER_ID(25, UnknownMemberIdException::new,
            "The coordinator is not aware of this member."),
    /** Error code 27, delivered as {@link RebalanceInProgressException}. */
    REBALANCE_IN_PROGRESS(27, RebalanceInProgressException::new,
            "The group is rebalancing, so a rejoin is needed."),
    /** Error code 28, delivered as {@link InvalidCommitOffsetSizeException}. */
    INVALID_COMMIT_OFFSET_SIZE(28, InvalidCommitOffsetSizeException::new,
            "The committing offset data size is not valid."),
    /** Error code 29, delivered as {@link TopicAuthorizationException}. */
    TOPIC_AUTHORIZATION_FAILED(29, TopicAuthorizationException::new,
            "Topic authorization failed."),
    /** Error code 30, delivered as {@link GroupAuthorizationException}. */
    GROUP_AUTHORIZATION_FAILED(30, GroupAuthorizationException::new,
            "Group authorization failed."),
    /** Error code 31, delivered as {@link ClusterAuthorizationException}. */
    CLUSTER_AUTHORIZATION_FAILED(31, ClusterAuthorizationException::new,
            "Cluster authorization failed (fatal for an idempotent producer)."),
    /** Error code 32, delivered as {@link InvalidTimestampException}. */
    INVALID_TIMESTAMP(32, InvalidTimestampException::new,
            "The timestamp of the message is out of acceptable range."),
    /** Error code 33, delivered as {@link UnsupportedSaslMechanismException}. */
    UNSUPPORTED_SASL_MECHANISM(33, UnsupportedSaslMechanismException::new,
            "The broker does not support the requested SASL mechanism."),
    /** Error code 34, delivered as {@link IllegalSaslStateException}. */
    ILLEGAL_SASL_STATE(34, IllegalSaslStateException::new,
            "Request is not valid given the current SASL state."),
    /** Error code 35, delivered as {@link UnsupportedVersionException}. */
    UNSUPPORTED_VERSION(35, UnsupportedVersionException::new,
            "The version of API is not supported."),
    /** Error code 40, delivered as {@link InvalidConfigurationException}. */
    INVALID_CONFIG(40, InvalidConfigurationException::new,
            "Configuration is invalid."),
    /** Error code 42, delivered as {@link InvalidRequestException}. */
    INVALID_REQUEST(42, InvalidRequestException::new,
            "This most likely occurs because of a request being malformed by the client library or "
                + "the message was sent to an incompatible broker."),
    /** Error code 43, delivered as {@link UnsupportedForMessageFormatException}. */
    UNSUPPORTED_FOR_MESSAGE_FORMAT(43, UnsupportedForMessageFormatException::new,
            "The message format version on the broker does not support the request."),
    /** Error code 45, delivered as {@link OutOfOrderSequenceException}. */
    OUT_OF_ORDER_SEQUENCE_NUMBER(45, OutOfOrderSequenceException::new,
            "The broker received an out of order sequence number (handled by the idempotence logic)."),
    /** Error code 46, delivered as {@link DuplicateSequenceException}. */
    DUPLICATE_SEQUENCE_NUMBER(46, DuplicateSequenceException::new,
            "The broker received a duplicate sequence number (the batch was already written; offset "
                + "unknown)."),
    /** Error code 47, delivered as {@link InvalidProducerEpochException}. */
    INVALID_PRODUCER_EPOCH(47, InvalidProducerEpochException::new,
            "Producer attempted to produce with an old epoch."),
    /** Error code 48, delivered as {@link InvalidTxnStateException}. */
    INVALID_TXN_STATE(48, InvalidTxnStateException::new,
            "The producer attempted a transactional operation in an invalid state."),
    /** Error code 49, delivered as {@link InvalidPidMappingException}. */
    INVALID_PRODUCER_ID_MAPPING(49, InvalidPidMappingException::new,
            "The producer attempted to use a producer id which is not currently assigned to its "
                + "transactional id."),
    /** Error code 50, delivered as {@link InvalidTxnTimeoutException}. */
    INVALID_TRANSACTION_TIMEOUT(50, InvalidTxnTimeoutException::new,
            "The transaction timeout is larger than the maximum value allowed by the broker "
                + "(transaction.max.timeout.ms)."),
    /** Error code 51, delivered as {@link ConcurrentTransactionsException}. */
    CONCURRENT_TRANSACTIONS(51, ConcurrentTransactionsException::new,
            "The producer attempted to update a transaction while another concurrent operation on the "
                + "same transaction was ongoing."),
    /** Error code 52, delivered as {@link TransactionCoordinatorFencedException}. */
    TRANSACTION_COORDINATOR_FENCED(52, TransactionCoordinatorFencedException::new,
            "The transaction coordinator sending the request is no longer the current coordinator for "
                + "the producer."),
    /** Error code 53, delivered as {@link TransactionalIdAuthorizationException}. */
    TRANSACTIONAL_ID_AUTHORIZATION_FAILED(53, TransactionalIdAuthorizationException::new,
            "Transactional Id authorization failed."),
    /** Error code 55, delivered as {@link OperationNotAttemptedException}. */
    OPERATION_NOT_ATTEMPTED(55, OperationNotAttemptedException::new,
            "The broker did not attempt to execute this operation because another part of the batch "
                + "failed."),
    /** Error code 56, delivered as {@link KafkaStorageException}. */
    KAFKA_STORAGE_ERROR(56, KafkaStorageException::new,
            "Disk error when trying to access log file on the disk."),
    /** Error code 58, delivered as {@link SaslAuthenticationException}. */
    SASL_AUTHENTICATION_FAILED(58, SaslAuthenticationException::new,
            "SASL Authentication failed."),
    /** Error code 59, delivered as {@link UnknownProducerIdException}. */
    UNKNOWN_PRODUCER_ID(59, UnknownProducerIdException::new,
            "The broker could not locate the producer metadata associated with the producer id "
                + "(handled by the idempotence logic)."),
    /** Error code 72, delivered as {@link ListenerNotFoundException}. */
    LISTENER_NOT_FOUND(72, ListenerNotFoundException::new,
            "There is no listener on the leader broker that matches the listener on which the request "
                + "was sent."),
    /** Error code 74, delivered as {@link FencedLeaderEpochException}. */
    FENCED_LEADER_EPOCH(74, FencedLeaderEpochException::new,
            "The leader epoch in the request is older than the epoch on the broker."),
    /** Error code 75, delivered as {@link UnknownLeaderEpochException}. */
    UNKNOWN_LEADER_EPOCH(75, UnknownLeaderEpochException::new,
            "The leader epoch in the request is newer than the epoch on the broker."),
    /** Error code 76, delivered as {@link UnsupportedCompressionTypeException}. */
    UNSUPPORTED_COMPRESSION_TYPE(76, UnsupportedCompressionTypeException::new,
            "The requesting client does not support the compression type of given partition (zstd "
                + "needs Produce v7+)."),
    /** Error code 82, delivered as {@link FencedInstanceIdException}. */
    FENCED_INSTANCE_ID(82, FencedInstanceIdException::new,
            "Another member with the same group.instance.id has registered with a different "
                + "member.id."),
    /** Error code 87, delivered as {@link InvalidRecordException}. */
    INVALID_RECORD(87, InvalidRecordException::new,
            "This record has failed the validation on broker and hence will be rejected (see "
                + "record_errors)."),
    /** Error code 89, delivered as {@link ThrottlingQuotaExceededException}. */
    THROTTLING_QUOTA_EXCEEDED(89, ThrottlingQuotaExceededException::new,
            "The throttling quota has been exceeded."),
    /** Error code 90, delivered as {@link ProducerFencedException}. */
    PRODUCER_FENCED(90, ProducerFencedException::new,
            "There is a newer producer with the same transactionalId which fences the current one."),
    /** Error code 100, delivered as {@link UnknownTopicIdException}. */
    UNKNOWN_TOPIC_ID(100, UnknownTopicIdException::new,
            "This server does not host this topic ID."),
    /** Error code 103, delivered as {@link InconsistentTopicIdException}. */
    INCONSISTENT_TOPIC_ID(103, InconsistentTopicIdException::new,
            "The log's topic ID did not match the topic ID in the request."),
    /** Error code 117, delivered as {@link UnknownSubscriptionIdException}. */
    UNKNOWN_SUBSCRIPTION_ID(117, UnknownSubscriptionIdException::new,
            "Client sent a push telemetry request with an invalid or outdated subscription ID."),
    /** Error code 118, delivered as {@link TelemetryTooLargeException}. */
    TELEMETRY_TOO_LARGE(118, TelemetryTooLargeException::new,
            "Client sent a push telemetry request larger than the maximum size the broker will accept."),
    /** Error code 120, delivered as {@link TransactionAbortableException}. */
    TRANSACTION_ABORTABLE(120, TransactionAbortableException::new,
            "The server encountered an error with the transaction; the client can abort the "
                + "transaction to continue using this transactional ID."),
    /** Error code 129, delivered as {@link RebootstrapRequiredException}. */
    REBOOTSTRAP_REQUIRED(129, RebootstrapRequiredException::new,
            "Client metadata is stale; the client should rebootstrap to obtain new metadata.");

    private static final Map<Short, Errors> BY_CODE = new HashMap<>();
    private static final Map<Class<?>, Errors> BY_TYPE = new HashMap<>();

    static {
        for (Errors e : values()) {
            if (e != UNKNOWN && BY_CODE.put(e.code, e) != null) {
                throw new ExceptionInInitializerError("duplicate error code " + e.code);
            }
            if (e.type != null && e != UNKNOWN) {
                BY_TYPE.putIfAbsent(e.type, e);
            }
        }
    }

    private final short code;
    private final Function<String, ApiException> builder;
    private final Class<?> type;
    private final boolean retriable;
    private final boolean invalidMetadata;
    private final String description;

    Errors(int code, Function<String, ApiException> builder, String description) {
        this.code = (short) code;
        this.builder = builder;
        this.description = description;
        // The type decides retriability, as in Apache's client; one sample instance (no stack trace) finds it.
        this.type = builder == null ? null : builder.apply(description).getClass();
        this.retriable = type != null && RetriableException.class.isAssignableFrom(type);
        this.invalidMetadata = type != null && InvalidMetadataException.class.isAssignableFrom(type);
    }

    /**
     * The wire code. For {@link #UNKNOWN} this is {@link Short#MIN_VALUE}, a placeholder that never appears
     * on the wire: keep the raw code you decoded.
     *
     * @return the error code of Kafka's protocol
     */
    public short code() {
        return code;
    }

    /** {@return Kafka's name for the error, e.g. {@code "NOT_LEADER_OR_FOLLOWER"} (the same as {@link #name()})} */
    public String kafkaName() {
        return name();
    }

    /** {@return one line on what the error means} */
    public String description() {
        return description;
    }

    /**
     * {@return whether the same request may succeed if sent again later (the exception is a
     * {@link RetriableException})}
     */
    public boolean retriable() {
        return retriable;
    }

    /**
     * Whether the error means our metadata (leader, topic, partition count) is stale: refresh it before retrying
     * (the exception is an {@link InvalidMetadataException}).
     *
     * @return true when the metadata is to be refreshed before a retry
     */
    public boolean invalidMetadata() {
        return invalidMetadata;
    }

    /** {@return the exception class this error maps to; null for {@link #NONE}} */
    public Class<?> exceptionType() {
        return type;
    }

    /**
     * {@return the error for {@code code}; {@link #UNKNOWN} (never a different known error) if Samsa does not list it}
     *
     * @param code the error code as received
     */
    public static Errors forCode(short code) {
        Errors e = BY_CODE.get(code);
        return e == null ? UNKNOWN : e;
    }

    /**
     * The error an exception stands for: the first in this table whose exception class is {@code t}'s class,
     * else {@link #UNKNOWN} (also for exceptions that are not broker errors).
     *
     * @param t the exception; may be null
     * @return the error, never null
     */
    public static Errors forException(Throwable t) {
        Errors e = t == null ? null : BY_TYPE.get(t.getClass());
        return e == null ? UNKNOWN : e;
    }

    /**
     * {@return the code's name and number for logs: {@code "NOT_LEADER_OR_FOLLOWER (6)"}, or
     * {@code "UNKNOWN (1234)"} keeping the raw code}
     *
     * @param code the error code as received
     */
    public static String describe(short code) {
        return forCode(code).name() + " (" + code + ")";
    }

    /**
     * An exception for this error carrying the broker's message (may be null). When the code came off the
     * wire, prefer {@link #exceptionFor(short, String)}, which keeps an unknown code.
     *
     * @param message the broker's message, or null
     * @return the exception, of the class {@link #exceptionType()} names
     */
    public ApiException exception(String message) {
        return exception(null, null, this, code, message);
    }

    /**
     * {@return an exception for a raw wire code, which is kept (in the message) even when it maps to {@link #UNKNOWN}}
     *
     * @param code    the error code as received
     * @param message the broker's message, or null
     */
    public static ApiException exceptionFor(short code, String message) {
        return exception(null, null, forCode(code), code, message);
    }

    /**
     * The exception for an error, with a message that says what failed, the error's name, raw code and meaning,
     * and the broker's own words: {@code "Produce to orders-3: NOT_LEADER_OR_FOLLOWER (6): This server is not
     * the leader ... Broker says: ..."}. Topic errors name their topic in the exception
     * ({@link TopicAuthorizationException#unauthorizedTopics()}, {@link InvalidTopicException#invalidTopics()}).
     *
     * @param context what failed, e.g. {@code "Produce to orders-3"}; may be null
     * @param topic   the topic the error is about, or null
     * @param error   the error; not {@link #NONE}
     * @param code    the raw code as received (kept when {@code error} is {@link #UNKNOWN})
     * @param message the broker's message, or null
     * @return the exception, of the class {@code error} maps to
     * @throws IllegalArgumentException if {@code error} is {@link #NONE}
     */
    public static ApiException exception(String context, String topic, Errors error, short code, String message) {
        if (error == NONE) {
            throw new IllegalArgumentException("NONE is not an error");
        }
        String text = message(context, error, code, message);
        if (topic != null && error == TOPIC_AUTHORIZATION_FAILED) {
            return new TopicAuthorizationException(text, Set.of(topic));
        }
        if (topic != null && error == INVALID_TOPIC_EXCEPTION) {
            return new InvalidTopicException(text, Set.of(topic));
        }
        return error.builder.apply(text);
    }

    private static String message(String context, Errors error, short code, String brokerMessage) {
        StringBuilder sb = new StringBuilder();
        if (context != null && !context.isEmpty()) {
            sb.append(context).append(": ");
        }
        sb.append(error.name()).append(" (").append(code).append("): ").append(error.description());
        if (brokerMessage != null && !brokerMessage.isEmpty()) {
            sb.append(" Broker says: ").append(brokerMessage);
        }
        return sb.toString();
    }
}
