package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based round trips: for random content valid at a random version, our write then our read gives
 * the same message back, the reader consumes exactly the bytes written, and Apache Kafka's generated classes
 * write the very same bytes.
 */
class MessageRoundTripProperties {

    record Versioned<T>(short version, T message) {
    }

    private static <T> void roundTrip(Versioned<T> vm, BiConsumer<T, ProtocolWriter> write,
                                      BiFunction<ProtocolReader, Short, T> read,
                                      org.apache.kafka.common.protocol.Message kafka) {
        short v = vm.version();
        byte[] bytes = Bytes.ours(w -> write.accept(vm.message(), w));
        ProtocolReader r = Bytes.reader(bytes);
        T back = read.apply(r, v);
        assertThat(back).as("v%d", v).isEqualTo(vm.message());
        assertThat(r.remaining()).as("v%d bytes left", v).isZero();
        assertThat(Bytes.ours(w -> write.accept(back, w))).isEqualTo(bytes);
        assertThat(Bytes.hex(bytes)).as("v%d same bytes as Kafka", v).isEqualTo(Bytes.hex(Bytes.kafka(kafka, v)));
    }

    // ---- properties ----------------------------------------------------------------------------------------

    @Property(tries = 300)
    void apiVersionsRequest(@ForAll("apiVersionsRequests") Versioned<ApiVersionsRequest> vm) {
        short v = vm.version();
        byte[] bytes = Bytes.ours(w -> vm.message().write(w, v));
        ApiVersionsRequest back = ApiVersionsRequest.read(Bytes.reader(bytes), v);
        if (v >= 3) {
            assertThat(back).isEqualTo(vm.message());
        }
        assertThat(bytes).isEqualTo(Bytes.kafka(Kafka.of(vm.message()), v));
    }

    @Property(tries = 300)
    void apiVersionsResponse(@ForAll("apiVersionsResponses") Versioned<ApiVersionsResponse> vm) {
        short v = vm.version();
        roundTrip(vm, (m, w) -> m.write(w, v), ApiVersionsResponse::read, Kafka.of(vm.message()));
        // parse (with the v0 fallback) agrees with the strict read on well-formed input
        byte[] bytes = Bytes.ours(w -> vm.message().write(w, v));
        assertThat(ApiVersionsResponse.parse(Bytes.reader(bytes), v)).isEqualTo(vm.message());
    }

    @Property(tries = 500)
    void metadataRequest(@ForAll("metadataRequests") Versioned<MetadataRequest> vm) {
        short v = vm.version();
        roundTrip(vm, (m, w) -> m.write(w, v), MetadataRequest::read, Kafka.of(vm.message()));
    }

    @Property(tries = 500)
    void metadataResponse(@ForAll("metadataResponses") Versioned<MetadataResponse> vm) {
        short v = vm.version();
        roundTrip(vm, (m, w) -> m.write(w, v), MetadataResponse::read, Kafka.of(vm.message()));
    }

    @Property(tries = 500)
    void produceRequest(@ForAll("produceRequests") Versioned<ProduceRequest> vm) {
        short v = vm.version();
        roundTrip(vm, (m, w) -> m.write(w, v), ProduceRequest::read, Kafka.of(vm.message()));
    }

    @Property(tries = 500)
    void produceResponse(@ForAll("produceResponses") Versioned<ProduceResponse> vm) {
        short v = vm.version();
        roundTrip(vm, (m, w) -> m.write(w, v), ProduceResponse::read, Kafka.of(vm.message()));
    }

    @Property(tries = 300)
    void initProducerIdRequest(@ForAll("initProducerIdRequests") Versioned<InitProducerIdRequest> vm) {
        short v = vm.version();
        roundTrip(vm, (m, w) -> m.write(w, v), InitProducerIdRequest::read, Kafka.of(vm.message()));
    }

    @Property(tries = 300)
    void initProducerIdResponse(@ForAll("initProducerIdResponses") Versioned<InitProducerIdResponse> vm) {
        short v = vm.version();
        roundTrip(vm, (m, w) -> m.write(w, v), InitProducerIdResponse::read, Kafka.of(vm.message()));
    }

    @Property(tries = 300)
    void findCoordinatorRequest(@ForAll("findCoordinatorRequests") Versioned<FindCoordinatorRequest> vm) {
        short v = vm.version();
        roundTrip(vm, (m, w) -> m.write(w, v), FindCoordinatorRequest::read, Kafka.of(vm.message(), v));
    }

    @Property(tries = 300)
    void findCoordinatorResponse(@ForAll("findCoordinatorResponses") Versioned<FindCoordinatorResponse> vm) {
        short v = vm.version();
        roundTrip(vm, (m, w) -> m.write(w, v), FindCoordinatorResponse::read, Kafka.of(vm.message(), v));
    }

    @Property(tries = 300)
    void addPartitionsToTxnRequest(@ForAll("addPartitionsToTxnRequests") Versioned<AddPartitionsToTxnRequest> vm) {
        short v = vm.version();
        roundTrip(vm, (m, w) -> m.write(w, v), AddPartitionsToTxnRequest::read, Kafka.of(vm.message()));
    }

    @Property(tries = 300)
    void addPartitionsToTxnResponse(
            @ForAll("addPartitionsToTxnResponses") Versioned<AddPartitionsToTxnResponse> vm) {
        short v = vm.version();
        roundTrip(vm, (m, w) -> m.write(w, v), AddPartitionsToTxnResponse::read, Kafka.of(vm.message()));
    }

    @Property(tries = 200)
    void addOffsetsToTxnRequest(@ForAll("addOffsetsToTxnRequests") Versioned<AddOffsetsToTxnRequest> vm) {
        short v = vm.version();
        roundTrip(vm, (m, w) -> m.write(w, v), AddOffsetsToTxnRequest::read, Kafka.of(vm.message()));
    }

    @Property(tries = 200)
    void addOffsetsToTxnResponse(@ForAll("addOffsetsToTxnResponses") Versioned<AddOffsetsToTxnResponse> vm) {
        short v = vm.version();
        roundTrip(vm, (m, w) -> m.write(w, v), AddOffsetsToTxnResponse::read, Kafka.of(vm.message()));
    }

    @Property(tries = 200)
    void endTxnRequest(@ForAll("endTxnRequests") Versioned<EndTxnRequest> vm) {
        short v = vm.version();
        roundTrip(vm, (m, w) -> m.write(w, v), EndTxnRequest::read, Kafka.of(vm.message()));
    }

    @Property(tries = 200)
    void endTxnResponse(@ForAll("endTxnResponses") Versioned<EndTxnResponse> vm) {
        short v = vm.version();
        roundTrip(vm, (m, w) -> m.write(w, v), EndTxnResponse::read, Kafka.of(vm.message()));
    }

    @Property(tries = 300)
    void txnOffsetCommitRequest(@ForAll("txnOffsetCommitRequests") Versioned<TxnOffsetCommitRequest> vm) {
        short v = vm.version();
        roundTrip(vm, (m, w) -> m.write(w, v), TxnOffsetCommitRequest::read, Kafka.of(vm.message()));
    }

    @Property(tries = 300)
    void txnOffsetCommitResponse(@ForAll("txnOffsetCommitResponses") Versioned<TxnOffsetCommitResponse> vm) {
        short v = vm.version();
        roundTrip(vm, (m, w) -> m.write(w, v), TxnOffsetCommitResponse::read, Kafka.of(vm.message()));
    }

    // ---- generators ----------------------------------------------------------------------------------------

    private static Arbitrary<Short> versions(ApiKey key) {
        return Arbitraries.shorts().between(key.oldestVersion(), key.latestVersion());
    }

    /** Letters, digits, some Latin-1, some CJK, punctuation; no lone surrogates (they do not survive UTF-8). */
    private static Arbitrary<String> strings() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withCharRange('\u00C0', '\u00FF').withCharRange('\u4E00', '\u4E20').withChars('-', '.', '_', ' ')
                .ofMaxLength(24);
    }

    private static Arbitrary<String> nullableStrings() {
        return strings().injectNull(0.25);
    }

    private static Arbitrary<UUID> uuids() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
    }

    private static Arbitrary<UUID> nonZeroUuids() {
        return uuids().filter(u -> !u.equals(MessageCodec.ZERO_UUID));
    }

    private static Arbitrary<List<Integer>> intLists() {
        return Arbitraries.integers().list().ofMaxSize(5);
    }

    private static Arbitrary<ByteBuffer> records() {
        Arbitrary<ByteBuffer> small = Arbitraries.bytes().array(byte[].class).ofMaxSize(80).map(ByteBuffer::wrap);
        Arbitrary<ByteBuffer> large = Arbitraries.integers().between(4096, 9000).map(n -> Bytes.pattern(n, n));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, small), net.jqwik.api.Tuple.of(1, large))
                .injectNull(0.15);
    }

    @Provide
    Arbitrary<Versioned<ApiVersionsRequest>> apiVersionsRequests() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').withChars('-', '.').ofMinLength(1).ofMaxLength(20)
                .filter(ApiVersionsRequest::isValidName);
        return versions(ApiKey.API_VERSIONS).flatMap(v -> Combinators.combine(names, names)
                .as((n, s) -> new Versioned<>(v, new ApiVersionsRequest(n, s))));
    }

    @Provide
    Arbitrary<Versioned<ApiVersionsResponse>> apiVersionsResponses() {
        return versions(ApiKey.API_VERSIONS).flatMap(v -> {
            Arbitrary<List<ApiVersionsResponse.ApiVersion>> keys = Combinators.combine(Arbitraries.shorts(),
                    Arbitraries.shorts(), Arbitraries.shorts()).as(ApiVersionsResponse.ApiVersion::new)
                    .list().ofMaxSize(6);
            Arbitrary<List<ApiVersionsResponse.SupportedFeature>> sup = Combinators.combine(strings(),
                    Arbitraries.shorts(), Arbitraries.shorts()).as(ApiVersionsResponse.SupportedFeature::new)
                    .list().ofMaxSize(3);
            Arbitrary<List<ApiVersionsResponse.FinalizedFeature>> fin = Combinators.combine(strings(),
                    Arbitraries.shorts(), Arbitraries.shorts()).as(ApiVersionsResponse.FinalizedFeature::new)
                    .list().ofMaxSize(3);
            return Combinators.combine(Arbitraries.shorts(), keys, Arbitraries.integers(), sup, Arbitraries.longs(),
                    fin, Arbitraries.of(true, false)).as((err, k, throttle, s, epoch, f, zk) -> {
                        ApiVersionsResponse.Builder b = ApiVersionsResponse.builder().errorCode(err).apiKeys(k);
                        if (v >= 1) {
                            b.throttleTimeMs(throttle);
                        }
                        if (v >= 3) {
                            b.supportedFeatures(s).finalizedFeaturesEpoch(epoch).finalizedFeatures(f)
                                    .zkMigrationReady(zk);
                        }
                        return new Versioned<>(v, b.build());
                    });
        });
    }

    @Provide
    Arbitrary<Versioned<MetadataRequest>> metadataRequests() {
        return versions(ApiKey.METADATA).flatMap(v -> {
            Arbitrary<MetadataRequest.Topic> topic = v >= 10
                    ? Combinators.combine(uuids().injectNull(0.3), nullableStrings()).as(MetadataRequest.Topic::new)
                    : strings().map(MetadataRequest.Topic::named);
            Arbitrary<List<MetadataRequest.Topic>> topics = topic.list().ofMaxSize(5).injectNull(0.2);
            Arbitrary<Boolean> bools = Arbitraries.of(true, false);
            return Combinators.combine(topics, bools, bools, bools).as((t, auto, cluster, topicOps) ->
                    new Versioned<>(v, new MetadataRequest(t, auto, cluster && v >= 8 && v <= 10, topicOps && v >= 8)));
        });
    }

    @Provide
    Arbitrary<Versioned<MetadataResponse>> metadataResponses() {
        return versions(ApiKey.METADATA).flatMap(v -> {
            Arbitrary<MetadataResponse.Broker> broker = Combinators.combine(Arbitraries.integers(), strings(),
                    Arbitraries.integers(), nullableStrings()).as(MetadataResponse.Broker::new);
            Arbitrary<MetadataResponse.Partition> partition = Combinators.combine(Arbitraries.shorts(),
                    Arbitraries.integers(), Arbitraries.integers(), Arbitraries.integers(), intLists(), intLists(),
                    intLists()).as((err, idx, leader, epoch, replicas, isr, offline) -> new MetadataResponse.Partition(
                            err, idx, leader, v >= 7 ? epoch : -1, replicas, isr, v >= 5 ? offline : List.of()));
            Arbitrary<MetadataResponse.Topic> topic = Combinators.combine(Arbitraries.shorts(),
                    v >= 12 ? nullableStrings() : strings(), uuids(), Arbitraries.of(true, false),
                    partition.list().ofMaxSize(4), Arbitraries.integers()).as((err, name, id, internal, parts, ops) ->
                            new MetadataResponse.Topic(err, name, v >= 10 ? id : null, internal, parts,
                                    v >= 8 ? ops : MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED));
            return Combinators.combine(Arbitraries.integers(), broker.list().ofMaxSize(4), nullableStrings(),
                    Arbitraries.integers(), topic.list().ofMaxSize(4), Arbitraries.integers(), Arbitraries.shorts())
                    .as((throttle, brokers, cluster, controller, topics, clusterOps, err) -> new Versioned<>(v,
                            new MetadataResponse(throttle, brokers, cluster, controller, topics,
                                    v >= 8 && v <= 10 ? clusterOps : MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED,
                                    v >= 13 ? err : 0)));
        });
    }

    @Provide
    Arbitrary<Versioned<ProduceRequest>> produceRequests() {
        return versions(ApiKey.PRODUCE).flatMap(v -> {
            Arbitrary<ProduceRequest.PartitionData> partition = Combinators.combine(Arbitraries.integers(),
                    records()).as(ProduceRequest.PartitionData::new);
            Arbitrary<ProduceRequest.TopicData> topic = Combinators.combine(strings(), nonZeroUuids(),
                    partition.list().ofMaxSize(4)).as((name, id, parts) -> v >= 13
                            ? new ProduceRequest.TopicData(null, id, parts)
                            : new ProduceRequest.TopicData(name, null, parts));
            return Combinators.combine(nullableStrings(), Arbitraries.shorts(), Arbitraries.integers(),
                    topic.list().ofMaxSize(4)).as((txn, acks, timeout, topics) ->
                            new Versioned<>(v, new ProduceRequest(txn, acks, timeout, topics)));
        });
    }

    @Provide
    Arbitrary<Versioned<ProduceResponse>> produceResponses() {
        return versions(ApiKey.PRODUCE).flatMap(v -> {
            Arbitrary<ProduceResponse.RecordError> recordError = Combinators.combine(Arbitraries.integers(),
                    nullableStrings()).as(ProduceResponse.RecordError::new);
            Arbitrary<ProduceResponse.LeaderIdAndEpoch> leader = Combinators.combine(
                    Arbitraries.integers().between(-1, 5), Arbitraries.integers().between(-1, 100))
                    .as(ProduceResponse.LeaderIdAndEpoch::new);
            Arbitrary<ProduceResponse.PartitionResponse> partition = Combinators.combine(Arbitraries.integers(),
                    Arbitraries.shorts(), Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs(),
                    recordError.list().ofMaxSize(3), nullableStrings(), leader)
                    .as((idx, err, base, append, start, errs, msg, lead) -> new ProduceResponse.PartitionResponse(
                            idx, err, base, append, v >= 5 ? start : -1L, v >= 8 ? errs : List.of(),
                            v >= 8 ? msg : null, v >= 10 ? lead : null));
            Arbitrary<ProduceResponse.TopicResponse> topic = Combinators.combine(strings(), uuids(),
                    partition.list().ofMaxSize(4)).as((name, id, parts) -> v >= 13
                            ? new ProduceResponse.TopicResponse(null, id, parts)
                            : new ProduceResponse.TopicResponse(name, null, parts));
            Arbitrary<ProduceResponse.NodeEndpoint> endpoint = Combinators.combine(Arbitraries.integers(),
                    strings(), Arbitraries.integers(), nullableStrings()).as(ProduceResponse.NodeEndpoint::new);
            return Combinators.combine(topic.list().ofMaxSize(3), Arbitraries.integers(),
                    endpoint.list().ofMaxSize(3)).as((topics, throttle, endpoints) -> new Versioned<>(v,
                            new ProduceResponse(topics, throttle, v >= 10 ? endpoints : List.of())));
        });
    }

    @Provide
    Arbitrary<Versioned<InitProducerIdRequest>> initProducerIdRequests() {
        return versions(ApiKey.INIT_PRODUCER_ID).flatMap(v -> Combinators.combine(nullableStrings(),
                Arbitraries.integers(), Arbitraries.longs(), Arbitraries.shorts()).as((txn, timeout, pid, epoch) ->
                        new Versioned<>(v, new InitProducerIdRequest(txn, timeout, v >= 3 ? pid : -1L,
                                v >= 3 ? epoch : (short) -1))));
    }

    @Provide
    Arbitrary<Versioned<InitProducerIdResponse>> initProducerIdResponses() {
        return versions(ApiKey.INIT_PRODUCER_ID).flatMap(v -> Combinators.combine(Arbitraries.integers(),
                Arbitraries.shorts(), Arbitraries.longs(), Arbitraries.shorts()).as((throttle, err, pid, epoch) ->
                        new Versioned<>(v, new InitProducerIdResponse(throttle, err, pid, epoch))));
    }

    @Provide
    Arbitrary<Versioned<FindCoordinatorRequest>> findCoordinatorRequests() {
        return versions(ApiKey.FIND_COORDINATOR).flatMap(v -> {
            Arbitrary<Byte> keyType = v >= 1 ? Arbitraries.bytes() : Arbitraries.just((byte) 0);
            Arbitrary<List<String>> keys = v >= FindCoordinatorRequest.MIN_BATCHED_VERSION
                    ? strings().list().ofMaxSize(5) : strings().map(List::of);
            return Combinators.combine(keyType, keys).as((type, k) ->
                    new Versioned<>(v, new FindCoordinatorRequest(type, k)));
        });
    }

    @Provide
    Arbitrary<Versioned<FindCoordinatorResponse>> findCoordinatorResponses() {
        return versions(ApiKey.FIND_COORDINATOR).flatMap(v -> {
            boolean batched = v >= FindCoordinatorRequest.MIN_BATCHED_VERSION;
            Arbitrary<FindCoordinatorResponse.Coordinator> coordinator = Combinators.combine(strings(),
                    Arbitraries.integers(), strings(), Arbitraries.integers(), Arbitraries.shorts(), nullableStrings())
                    .as((key, node, host, port, err, msg) -> new FindCoordinatorResponse.Coordinator(
                            batched ? key : null, node, host, port, err, v >= 1 ? msg : null));
            Arbitrary<List<FindCoordinatorResponse.Coordinator>> coordinators = batched
                    ? coordinator.list().ofMaxSize(4) : coordinator.map(List::of);
            return Combinators.combine(Arbitraries.integers(), coordinators).as((throttle, c) ->
                    new Versioned<>(v, new FindCoordinatorResponse(v >= 1 ? throttle : 0, c)));
        });
    }

    @Provide
    Arbitrary<Versioned<AddPartitionsToTxnRequest>> addPartitionsToTxnRequests() {
        Arbitrary<AddPartitionsToTxnRequest.Topic> topic = Combinators.combine(strings(), intLists())
                .as(AddPartitionsToTxnRequest.Topic::new);
        return versions(ApiKey.ADD_PARTITIONS_TO_TXN).flatMap(v -> Combinators.combine(strings(),
                Arbitraries.longs(), Arbitraries.shorts(), topic.list().ofMaxSize(4)).as((txn, pid, epoch, topics) ->
                        new Versioned<>(v, new AddPartitionsToTxnRequest(txn, pid, epoch, topics))));
    }

    @Provide
    Arbitrary<Versioned<AddPartitionsToTxnResponse>> addPartitionsToTxnResponses() {
        Arbitrary<AddPartitionsToTxnResponse.PartitionResult> partition = Combinators.combine(
                Arbitraries.integers(), Arbitraries.shorts()).as(AddPartitionsToTxnResponse.PartitionResult::new);
        Arbitrary<AddPartitionsToTxnResponse.TopicResult> topic = Combinators.combine(strings(),
                partition.list().ofMaxSize(4)).as(AddPartitionsToTxnResponse.TopicResult::new);
        return versions(ApiKey.ADD_PARTITIONS_TO_TXN).flatMap(v -> Combinators.combine(Arbitraries.integers(),
                topic.list().ofMaxSize(4)).as((throttle, topics) ->
                        new Versioned<>(v, new AddPartitionsToTxnResponse(throttle, topics))));
    }

    @Provide
    Arbitrary<Versioned<AddOffsetsToTxnRequest>> addOffsetsToTxnRequests() {
        return versions(ApiKey.ADD_OFFSETS_TO_TXN).flatMap(v -> Combinators.combine(strings(), Arbitraries.longs(),
                Arbitraries.shorts(), strings()).as((txn, pid, epoch, group) ->
                        new Versioned<>(v, new AddOffsetsToTxnRequest(txn, pid, epoch, group))));
    }

    @Provide
    Arbitrary<Versioned<AddOffsetsToTxnResponse>> addOffsetsToTxnResponses() {
        return versions(ApiKey.ADD_OFFSETS_TO_TXN).flatMap(v -> Combinators.combine(Arbitraries.integers(),
                Arbitraries.shorts()).as((throttle, err) -> new Versioned<>(v, new AddOffsetsToTxnResponse(throttle, err))));
    }

    @Provide
    Arbitrary<Versioned<EndTxnRequest>> endTxnRequests() {
        return versions(ApiKey.END_TXN).flatMap(v -> Combinators.combine(strings(), Arbitraries.longs(),
                Arbitraries.shorts(), Arbitraries.of(true, false)).as((txn, pid, epoch, commit) ->
                        new Versioned<>(v, new EndTxnRequest(txn, pid, epoch, commit))));
    }

    @Provide
    Arbitrary<Versioned<EndTxnResponse>> endTxnResponses() {
        return versions(ApiKey.END_TXN).flatMap(v -> Combinators.combine(Arbitraries.integers(), Arbitraries.shorts(),
                Arbitraries.longs(), Arbitraries.shorts()).as((throttle, err, pid, epoch) -> new Versioned<>(v,
                        v >= 5 ? new EndTxnResponse(throttle, err, pid, epoch) : EndTxnResponse.of(throttle, err))));
    }

    @Provide
    Arbitrary<Versioned<TxnOffsetCommitRequest>> txnOffsetCommitRequests() {
        return versions(ApiKey.TXN_OFFSET_COMMIT).flatMap(v -> {
            Arbitrary<TxnOffsetCommitRequest.Partition> partition = Combinators.combine(Arbitraries.integers(),
                    Arbitraries.longs(), Arbitraries.integers(), nullableStrings()).as((idx, offset, epoch, meta) ->
                            new TxnOffsetCommitRequest.Partition(idx, offset, v >= 2 ? epoch : -1, meta));
            Arbitrary<TxnOffsetCommitRequest.Topic> topic = Combinators.combine(strings(),
                    partition.list().ofMaxSize(4)).as(TxnOffsetCommitRequest.Topic::new);
            boolean metadata = v >= TxnOffsetCommitRequest.MIN_GROUP_METADATA_VERSION;
            return Combinators.combine(strings(), strings(), Arbitraries.longs(), Arbitraries.shorts(),
                    Arbitraries.integers(), strings(), nullableStrings(), topic.list().ofMaxSize(3))
                    .as((txn, group, pid, epoch, generation, member, instance, topics) -> new Versioned<>(v,
                            new TxnOffsetCommitRequest(txn, group, pid, epoch,
                                    metadata ? generation : TxnOffsetCommitRequest.UNKNOWN_GENERATION_ID,
                                    metadata ? member : TxnOffsetCommitRequest.UNKNOWN_MEMBER_ID,
                                    metadata ? instance : null, topics)));
        });
    }

    @Provide
    Arbitrary<Versioned<TxnOffsetCommitResponse>> txnOffsetCommitResponses() {
        Arbitrary<TxnOffsetCommitResponse.Partition> partition = Combinators.combine(Arbitraries.integers(),
                Arbitraries.shorts()).as(TxnOffsetCommitResponse.Partition::new);
        Arbitrary<TxnOffsetCommitResponse.Topic> topic = Combinators.combine(strings(),
                partition.list().ofMaxSize(4)).as(TxnOffsetCommitResponse.Topic::new);
        return versions(ApiKey.TXN_OFFSET_COMMIT).flatMap(v -> Combinators.combine(Arbitraries.integers(),
                topic.list().ofMaxSize(4)).as((throttle, topics) ->
                        new Versioned<>(v, new TxnOffsetCommitResponse(throttle, topics))));
    }
}
