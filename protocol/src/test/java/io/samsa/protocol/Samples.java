package io.samsa.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Rich sample messages for every version we encode: several topics and partitions, null and non-null
 * strings, non-ASCII text, record buffers large enough to be referenced rather than copied.
 *
 * <p>Responses are built already "as read" at the version (fields the version lacks hold their defaults).
 * Requests are built once, rich, and {@code ...AsRead} gives what a reader of that version sees.
 */
final class Samples {
    static final UUID ORDERS_ID = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    static final UUID CLICKS_ID = UUID.fromString("f47ac10b-58cc-4372-a567-0e02b2c3d479");
    static final UUID GHOST_ID = UUID.fromString("00000000-0000-0001-0000-000000000002");
    static final String UNICODE = "tx-ünïcødé-日本-😀";

    /** The 69-byte record batch of the protocol notes, section 5. */
    static final byte[] BATCH_69 = Bytes.unhex("0000000000000000 00000039 ffffffff 02 d3f2ac75 0000 00000000 "
            + "0000018bcfe56800 0000018bcfe56800 ffffffffffffffff ffff ffffffff 00000001 0e00000001027600");

    private Samples() {
    }

    static Stream<Short> versions(ApiKey key) {
        List<Short> out = new ArrayList<>();
        for (short v = key.oldestVersion(); v <= key.latestVersion(); v++) {
            out.add(v);
        }
        return out.stream();
    }

    // ---- ApiVersions ---------------------------------------------------------------------------------------

    static ApiVersionsResponse apiVersionsResponse(short v) {
        ApiVersionsResponse.Builder b = ApiVersionsResponse.builder()
                .addApiKey((short) 0, (short) 0, (short) 13)
                .addApiKey((short) 3, (short) 0, (short) 13)
                .addApiKey((short) 18, (short) 0, (short) 4)
                .addApiKey((short) 22, (short) 0, (short) 6)
                .addApiKey((short) 68, (short) 0, (short) 1);
        if (v >= 1) {
            b.throttleTimeMs(10);
        }
        if (v >= 3) {
            b.supportedFeatures(List.of(
                    new ApiVersionsResponse.SupportedFeature("transaction.version", (short) 0, (short) 2),
                    new ApiVersionsResponse.SupportedFeature("metadata.version", (short) 7, (short) 27)));
            b.finalizedFeaturesEpoch(42L);
            b.finalizedFeatures(List.of(
                    new ApiVersionsResponse.FinalizedFeature("transaction.version", (short) 2, (short) 2),
                    new ApiVersionsResponse.FinalizedFeature("metadata.version", (short) 27, (short) 27)));
            b.zkMigrationReady(true);
        }
        return b.build();
    }

    // ---- Metadata ------------------------------------------------------------------------------------------

    static List<MetadataRequest> metadataRequests(short v) {
        List<MetadataRequest> out = new ArrayList<>();
        out.add(MetadataRequest.allTopics(true));
        out.add(MetadataRequest.forTopics(List.of(), false));
        out.add(MetadataRequest.forTopics(List.of("orders", "clicks", "ünïcødé-topic"), true));
        out.add(new MetadataRequest(List.of(new MetadataRequest.Topic(ORDERS_ID, "orders"),
                new MetadataRequest.Topic(CLICKS_ID, "clicks")), false, false, false));
        if (v >= 8) {
            out.add(new MetadataRequest(List.of(MetadataRequest.Topic.named("orders")), true, v <= 10, true));
        }
        if (v >= 10) {
            out.add(new MetadataRequest(List.of(new MetadataRequest.Topic(ORDERS_ID, null),
                    new MetadataRequest.Topic(null, "clicks")), true, false, false));
        }
        return out;
    }

    static MetadataRequest metadataRequestAsRead(MetadataRequest r, short v) {
        if (r.topics() == null || v >= 10) {
            return r;
        }
        List<MetadataRequest.Topic> topics = new ArrayList<>();
        for (MetadataRequest.Topic t : r.topics()) {
            topics.add(MetadataRequest.Topic.named(t.name()));
        }
        return new MetadataRequest(topics, r.allowAutoTopicCreation(), r.includeClusterAuthorizedOperations(),
                r.includeTopicAuthorizedOperations());
    }

    static MetadataResponse metadataResponse(short v) {
        int none = MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED;
        List<MetadataResponse.Topic> topics = new ArrayList<>();
        topics.add(new MetadataResponse.Topic((short) 0, "orders", v >= 10 ? ORDERS_ID : null, false, List.of(
                new MetadataResponse.Partition((short) 0, 0, 1, v >= 7 ? 5 : -1, List.of(1, 2, 3), List.of(1, 2),
                        v >= 5 ? List.of(3) : List.of()),
                new MetadataResponse.Partition((short) 5, 1, -1, v >= 7 ? 0 : -1, List.of(2), List.of(),
                        List.of()),
                new MetadataResponse.Partition((short) 0, 2, 3, v >= 7 ? Integer.MAX_VALUE : -1,
                        List.of(3, 1, 2), List.of(3, 1, 2), List.of())),
                v >= 8 ? 0x0F0F : none));
        topics.add(new MetadataResponse.Topic((short) 0, "__consumer_offsets", v >= 10 ? CLICKS_ID : null, true,
                List.of(), v >= 8 ? 0 : none));
        topics.add(new MetadataResponse.Topic((short) 3, "missing-ü", null, false, List.of(), v >= 8 ? -1 : none));
        if (v >= 12) {
            topics.add(new MetadataResponse.Topic((short) 100, null, GHOST_ID, false, List.of(), none));
        }
        return new MetadataResponse(100,
                List.of(new MetadataResponse.Broker(1, "broker-1.example", 9092, "rack-ü"),
                        new MetadataResponse.Broker(2, "hôst-2", 9093, null),
                        new MetadataResponse.Broker(3, "10.0.0.3", 19092, "r3")),
                "cluster-ü-" + v, 2, topics, v >= 8 && v <= 10 ? 0x7F : none, v >= 13 ? (short) 129 : (short) 0);
    }

    // ---- Produce -------------------------------------------------------------------------------------------

    /** Fresh each call: positions of the record buffers are part of what the tests check. */
    static ProduceRequest produceRequest(boolean transactional) {
        ByteBuffer big = Bytes.pattern(5100, 7);
        big.position(50).limit(5050); // 5000 bytes: above the zero-copy threshold, not at position 0
        return ProduceRequest.builder((short) -1, 30_000)
                .transactionalId(transactional ? UNICODE : null)
                .add("orders", ORDERS_ID, 0, ByteBuffer.wrap(BATCH_69))
                .add("clicks", CLICKS_ID, 1, ByteBuffer.allocate(0))
                .add("orders", ORDERS_ID, 3, big)
                .add("orders", ORDERS_ID, 7, null)
                .add("ünïcødé-topic", GHOST_ID, 2, ByteBuffer.wrap(BATCH_69))
                .build();
    }

    static ProduceRequest produceRequestAsRead(ProduceRequest r, short v) {
        List<ProduceRequest.TopicData> topics = new ArrayList<>();
        for (ProduceRequest.TopicData t : r.topicData()) {
            topics.add(v >= 13 ? new ProduceRequest.TopicData(null, t.topicId(), t.partitions())
                    : new ProduceRequest.TopicData(t.name(), null, t.partitions()));
        }
        return new ProduceRequest(r.transactionalId(), r.acks(), r.timeoutMs(), topics);
    }

    static ProduceResponse produceResponse(short v) {
        boolean byId = v >= 13;
        List<ProduceResponse.PartitionResponse> orders = List.of(
                new ProduceResponse.PartitionResponse(0, (short) 0, 1_234_567_890_123L, -1L, v >= 5 ? 17L : -1L,
                        List.of(), null, null),
                new ProduceResponse.PartitionResponse(3, (short) 6, -1L, -1L, -1L, List.of(),
                        v >= 8 ? "not the leader ü" : null,
                        v >= 10 ? new ProduceResponse.LeaderIdAndEpoch(2, 17) : null),
                new ProduceResponse.PartitionResponse(7, (short) 87, -1L, 1_700_000_000_000L, v >= 5 ? 0L : -1L,
                        v >= 8 ? List.of(new ProduceResponse.RecordError(0, "bad key ☃"),
                                new ProduceResponse.RecordError(5, null)) : List.of(),
                        v >= 8 ? "batch dropped" : null, null));
        List<ProduceResponse.PartitionResponse> clicks = List.of(ProduceResponse.PartitionResponse.of(1, (short) 0, 0L));
        return new ProduceResponse(List.of(
                new ProduceResponse.TopicResponse(byId ? null : "orders", byId ? ORDERS_ID : null, orders),
                new ProduceResponse.TopicResponse(byId ? null : "clicks", byId ? CLICKS_ID : null, clicks)),
                250,
                v >= 10 ? List.of(new ProduceResponse.NodeEndpoint(2, "broker-2.example", 9092, "rack-ü"),
                        new ProduceResponse.NodeEndpoint(3, "b3", 9093, null)) : List.of());
    }

    // ---- InitProducerId ------------------------------------------------------------------------------------

    static List<InitProducerIdRequest> initProducerIdRequests(short v) {
        return List.of(InitProducerIdRequest.idempotent(),
                new InitProducerIdRequest(UNICODE, 60_000, v >= 3 ? 123_456_789_012L : -1L,
                        v >= 3 ? (short) 7 : (short) -1));
    }

    static InitProducerIdResponse initProducerIdResponse(short v) {
        return new InitProducerIdResponse(5, (short) 0, 4242L, (short) 3);
    }

    // ---- FindCoordinator -----------------------------------------------------------------------------------

    static List<FindCoordinatorRequest> findCoordinatorRequests(short v) {
        List<FindCoordinatorRequest> out = new ArrayList<>();
        out.add(FindCoordinatorRequest.group("group-1"));
        out.add(FindCoordinatorRequest.group(""));
        if (v >= 1) {
            out.add(FindCoordinatorRequest.transaction(UNICODE));
        }
        if (v >= FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            out.add(new FindCoordinatorRequest(FindCoordinatorRequest.KEY_TYPE_TRANSACTION,
                    List.of("txn-a", UNICODE, "", "txn-b")));
            out.add(new FindCoordinatorRequest(FindCoordinatorRequest.KEY_TYPE_GROUP, List.of()));
        }
        if (v >= 6) {
            out.add(new FindCoordinatorRequest(FindCoordinatorRequest.KEY_TYPE_SHARE,
                    List.of("share-group:" + ORDERS_ID + ":3")));
        }
        return out;
    }

    /**
     * A response as read at {@code v}: v0-3 answer {@code key} alone (null when read without the request), v4+
     * carry three results, one per kind (found, not the coordinator, not available yet).
     */
    static FindCoordinatorResponse findCoordinatorResponse(short v, String key) {
        int throttle = v >= 1 ? 25 : 0;
        if (v < FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            return new FindCoordinatorResponse(throttle, List.of(
                    new FindCoordinatorResponse.Coordinator(key, 2, "broker-2.example", 9092, (short) 0,
                            v >= 1 ? "" : null)));
        }
        return new FindCoordinatorResponse(throttle, List.of(
                new FindCoordinatorResponse.Coordinator("txn-a", 2, "broker-2.example", 9092, (short) 0, null),
                new FindCoordinatorResponse.Coordinator(UNICODE, -1, "", -1, (short) 16,
                        "This is not the correct coordinator ü"),
                new FindCoordinatorResponse.Coordinator("", -1, "", -1, (short) 15, "")));
    }

    /** An error answer at {@code v} (v0-3: top-level fields). */
    static FindCoordinatorResponse findCoordinatorErrorResponse(short v, String key) {
        return new FindCoordinatorResponse(0, List.of(new FindCoordinatorResponse.Coordinator(key, -1, "", -1,
                (short) 15, v >= 1 ? "The coordinator is not available." : null)));
    }

    // ---- AddPartitionsToTxn --------------------------------------------------------------------------------

    static List<AddPartitionsToTxnRequest> addPartitionsToTxnRequests() {
        return List.of(
                new AddPartitionsToTxnRequest(UNICODE, 123_456_789_012L, (short) 7, List.of(
                        new AddPartitionsToTxnRequest.Topic("orders", List.of(0, 3, 7)),
                        new AddPartitionsToTxnRequest.Topic("clicks", List.of(1)),
                        new AddPartitionsToTxnRequest.Topic("ünïcødé-topic", List.of(Integer.MAX_VALUE, 0)))),
                new AddPartitionsToTxnRequest("", 0L, (short) 0, List.of(
                        new AddPartitionsToTxnRequest.Topic("", List.of()))),
                new AddPartitionsToTxnRequest("t", -1L, (short) -1, List.of()));
    }

    static AddPartitionsToTxnResponse addPartitionsToTxnResponse() {
        return new AddPartitionsToTxnResponse(30, List.of(
                new AddPartitionsToTxnResponse.TopicResult("orders", List.of(
                        new AddPartitionsToTxnResponse.PartitionResult(0, (short) 0),
                        new AddPartitionsToTxnResponse.PartitionResult(3, (short) 29),
                        new AddPartitionsToTxnResponse.PartitionResult(7, (short) 55))),
                new AddPartitionsToTxnResponse.TopicResult("ünïcødé-topic", List.of(
                        new AddPartitionsToTxnResponse.PartitionResult(2, (short) 51))),
                new AddPartitionsToTxnResponse.TopicResult("empty", List.of())));
    }

    // ---- AddOffsetsToTxn -----------------------------------------------------------------------------------

    static List<AddOffsetsToTxnRequest> addOffsetsToTxnRequests() {
        return List.of(new AddOffsetsToTxnRequest(UNICODE, 123_456_789_012L, (short) 7, "group-ü"),
                new AddOffsetsToTxnRequest("", -1L, (short) -1, ""));
    }

    static AddOffsetsToTxnResponse addOffsetsToTxnResponse() {
        return new AddOffsetsToTxnResponse(40, (short) 30);
    }

    // ---- EndTxn --------------------------------------------------------------------------------------------

    static List<EndTxnRequest> endTxnRequests() {
        return List.of(new EndTxnRequest(UNICODE, 123_456_789_012L, (short) 7, true),
                new EndTxnRequest("", 0L, Short.MAX_VALUE, false));
    }

    /** v5+ carry the id and epoch to adopt (here a new id after the epoch ran out); before v5 they are -1. */
    static EndTxnResponse endTxnResponse(short v) {
        return v >= 5 ? new EndTxnResponse(50, (short) 0, 4243L, (short) 0) : EndTxnResponse.of(50, (short) 0);
    }

    // ---- TxnOffsetCommit -----------------------------------------------------------------------------------

    /** Rich requests valid at {@code v}; see {@link #txnOffsetCommitRequestAsRead} for what a reader sees. */
    static List<TxnOffsetCommitRequest> txnOffsetCommitRequests(short v) {
        List<TxnOffsetCommitRequest> out = new ArrayList<>();
        out.add(TxnOffsetCommitRequest.builder(UNICODE, "group-ü", 123_456_789_012L, (short) 7)
                .add("orders", 0, 100L, 5, "m-ü")
                .add("clicks", 1, 42L, 2, null)
                .add("orders", 3, 0L, -1, null)
                .add("orders", 7, Long.MAX_VALUE, Integer.MAX_VALUE, "")
                .build());
        out.add(TxnOffsetCommitRequest.builder("", "", -1L, (short) -1).build());
        if (v >= TxnOffsetCommitRequest.MIN_GROUP_METADATA_VERSION) {
            out.add(TxnOffsetCommitRequest.builder("txn", "group", 1L, (short) 0)
                    .groupMetadata(17, "member-1-ü", "instance-ü").add("orders", 2, 9L, 1, "x").build());
            out.add(TxnOffsetCommitRequest.builder("txn", "group", 1L, (short) 0)
                    .groupMetadata(TxnOffsetCommitRequest.UNKNOWN_GENERATION_ID,
                            TxnOffsetCommitRequest.UNKNOWN_MEMBER_ID, "").build());
        }
        return out;
    }

    /** Below v2 a reader sees no leader epochs (-1). */
    static TxnOffsetCommitRequest txnOffsetCommitRequestAsRead(TxnOffsetCommitRequest r, short v) {
        if (v >= 2) {
            return r;
        }
        List<TxnOffsetCommitRequest.Topic> topics = new ArrayList<>();
        for (TxnOffsetCommitRequest.Topic t : r.topics()) {
            List<TxnOffsetCommitRequest.Partition> parts = new ArrayList<>();
            for (TxnOffsetCommitRequest.Partition p : t.partitions()) {
                parts.add(new TxnOffsetCommitRequest.Partition(p.partitionIndex(), p.committedOffset(), -1,
                        p.committedMetadata()));
            }
            topics.add(new TxnOffsetCommitRequest.Topic(t.name(), parts));
        }
        return new TxnOffsetCommitRequest(r.transactionalId(), r.groupId(), r.producerId(), r.producerEpoch(),
                r.generationId(), r.memberId(), r.groupInstanceId(), topics);
    }

    static TxnOffsetCommitResponse txnOffsetCommitResponse(short v) {
        return new TxnOffsetCommitResponse(60, List.of(
                new TxnOffsetCommitResponse.Topic("orders", List.of(
                        new TxnOffsetCommitResponse.Partition(0, (short) 0),
                        new TxnOffsetCommitResponse.Partition(3, (short) (v >= 3 ? 22 : 16)),
                        new TxnOffsetCommitResponse.Partition(7, (short) (v >= 3 ? 82 : 51)))),
                new TxnOffsetCommitResponse.Topic("ünïcødé-topic", List.of(
                        new TxnOffsetCommitResponse.Partition(1, (short) 30))),
                new TxnOffsetCommitResponse.Topic("", List.of())));
    }
}
