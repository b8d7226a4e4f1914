package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Every decoder we have, with valid sample encodings for each version, for the malformed-input tests. */
final class Decoders {
    private Decoders() {
    }

    record Decoder(String name, ApiKey key, BiFunction<ProtocolReader, Short, Object> read,
                   Function<Short, List<byte[]>> samples) {
        Object decode(byte[] bytes, short version) {
            return read.apply(new ProtocolReader(ByteBuffer.wrap(bytes)), version);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A small produce request (no 5000-byte batch) so that per-byte mutation stays fast. */
    static ProduceRequest smallProduceRequest() {
        return ProduceRequest.builder((short) -1, 30_000).transactionalId("txn-ü")
                .add("orders", Samples.ORDERS_ID, 0, ByteBuffer.wrap(Samples.BATCH_69))
                .add("orders", Samples.ORDERS_ID, 1, null)
                .add("clicks", Samples.CLICKS_ID, 2, ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .build();
    }

    /** Each message written by {@code write}. */
    static <T> List<byte[]> encodeAll(List<T> messages, BiConsumer<T, ProtocolWriter> write) {
        List<byte[]> out = new ArrayList<>();
        for (T m : messages) {
            out.add(Bytes.ours(w -> write.accept(m, w)));
        }
        return out;
    }

    static List<Decoder> all(boolean includeLargeSamples) {
        List<Decoder> out = new ArrayList<>();
        out.add(new Decoder("ApiVersionsResponse.parse", ApiKey.API_VERSIONS, ApiVersionsResponse::parse,
                v -> List.of(Bytes.ours(w -> Samples.apiVersionsResponse(v).write(w, v)))));
        out.add(new Decoder("ApiVersionsResponse.read", ApiKey.API_VERSIONS, ApiVersionsResponse::read,
                v -> List.of(Bytes.ours(w -> Samples.apiVersionsResponse(v).write(w, v)))));
        out.add(new Decoder("MetadataResponse.read", ApiKey.METADATA, MetadataResponse::read,
                v -> List.of(Bytes.ours(w -> Samples.metadataResponse(v).write(w, v)))));
        out.add(new Decoder("ProduceResponse.read", ApiKey.PRODUCE, ProduceResponse::read,
                v -> List.of(Bytes.ours(w -> Samples.produceResponse(v).write(w, v)))));
        out.add(new Decoder("InitProducerIdResponse.read", ApiKey.INIT_PRODUCER_ID, InitProducerIdResponse::read,
                v -> List.of(Bytes.ours(w -> Samples.initProducerIdResponse(v).write(w, v)))));
        out.add(new Decoder("ApiVersionsRequest.read", ApiKey.API_VERSIONS, ApiVersionsRequest::read,
                v -> List.of(Bytes.ours(w -> new ApiVersionsRequest("samsa", "0.1.0").write(w, v)))));
        out.add(new Decoder("MetadataRequest.read", ApiKey.METADATA, MetadataRequest::read, v -> {
            List<byte[]> l = new ArrayList<>();
            for (MetadataRequest r : Samples.metadataRequests(v)) {
                l.add(Bytes.ours(w -> r.write(w, v)));
            }
            return l;
        }));
        out.add(new Decoder("ProduceRequest.read", ApiKey.PRODUCE, ProduceRequest::read, v -> {
            List<byte[]> l = new ArrayList<>();
            l.add(Bytes.ours(w -> smallProduceRequest().write(w, v)));
            if (includeLargeSamples) {
                l.add(Bytes.ours(w -> Samples.produceRequest(true).write(w, v)));
            }
            return l;
        }));
        out.add(new Decoder("InitProducerIdRequest.read", ApiKey.INIT_PRODUCER_ID, InitProducerIdRequest::read,
                v -> {
                    List<byte[]> l = new ArrayList<>();
                    for (InitProducerIdRequest r : Samples.initProducerIdRequests(v)) {
                        l.add(Bytes.ours(w -> r.write(w, v)));
                    }
                    return l;
                }));
        out.add(new Decoder("SaslHandshakeResponse.read", ApiKey.SASL_HANDSHAKE, SaslHandshakeResponse::read,
                v -> List.of(Bytes.ours(w -> new SaslHandshakeResponse((short) 33, List.of("PLAIN", "SCRAM-SHA-512"))
                        .write(w, v)))));
        out.add(new Decoder("SaslAuthenticateResponse.read", ApiKey.SASL_AUTHENTICATE,
                SaslAuthenticateResponse::read,
                v -> List.of(Bytes.ours(w -> new SaslAuthenticateResponse((short) 58, "Authentication failed",
                        new byte[] {1, 2, 3}, v >= 1 ? 3_600_000L : 0L).write(w, v)))));
        out.add(new Decoder("FindCoordinatorRequest.read", ApiKey.FIND_COORDINATOR, FindCoordinatorRequest::read,
                v -> encodeAll(Samples.findCoordinatorRequests(v), (r, w) -> r.write(w, v))));
        out.add(new Decoder("FindCoordinatorResponse.read", ApiKey.FIND_COORDINATOR, FindCoordinatorResponse::read,
                v -> List.of(Bytes.ours(w -> Samples.findCoordinatorResponse(v, null).write(w, v)),
                        Bytes.ours(w -> Samples.findCoordinatorErrorResponse(v, "t").write(w, v)))));
        out.add(new Decoder("AddPartitionsToTxnRequest.read", ApiKey.ADD_PARTITIONS_TO_TXN,
                AddPartitionsToTxnRequest::read,
                v -> encodeAll(Samples.addPartitionsToTxnRequests(), (r, w) -> r.write(w, v))));
        out.add(new Decoder("AddPartitionsToTxnResponse.read", ApiKey.ADD_PARTITIONS_TO_TXN,
                AddPartitionsToTxnResponse::read,
                v -> List.of(Bytes.ours(w -> Samples.addPartitionsToTxnResponse().write(w, v)))));
        out.add(new Decoder("AddOffsetsToTxnRequest.read", ApiKey.ADD_OFFSETS_TO_TXN, AddOffsetsToTxnRequest::read,
                v -> encodeAll(Samples.addOffsetsToTxnRequests(), (r, w) -> r.write(w, v))));
        out.add(new Decoder("AddOffsetsToTxnResponse.read", ApiKey.ADD_OFFSETS_TO_TXN, AddOffsetsToTxnResponse::read,
                v -> List.of(Bytes.ours(w -> Samples.addOffsetsToTxnResponse().write(w, v)))));
        out.add(new Decoder("GetTelemetrySubscriptionsRequest.read", ApiKey.GET_TELEMETRY_SUBSCRIPTIONS,
                GetTelemetrySubscriptionsRequest::read,
                v -> encodeAll(TelemetryGoldenTest.subscriptionRequests(), (r, w) -> r.write(w, v))));
        out.add(new Decoder("GetTelemetrySubscriptionsResponse.read", ApiKey.GET_TELEMETRY_SUBSCRIPTIONS,
                GetTelemetrySubscriptionsResponse::read,
                v -> List.of(Bytes.ours(w -> TelemetryGoldenTest.subscriptionResponse().write(w, v)))));
        out.add(new Decoder("PushTelemetryRequest.read", ApiKey.PUSH_TELEMETRY, PushTelemetryRequest::read,
                v -> encodeAll(TelemetryGoldenTest.pushRequests(), (r, w) -> r.write(w, v))));
        out.add(new Decoder("PushTelemetryResponse.read", ApiKey.PUSH_TELEMETRY, PushTelemetryResponse::read,
                v -> List.of(Bytes.ours(w -> new PushTelemetryResponse(5, (short) 72).write(w, v)))));
        out.add(new Decoder("EndTxnRequest.read", ApiKey.END_TXN, EndTxnRequest::read,
                v -> encodeAll(Samples.endTxnRequests(), (r, w) -> r.write(w, v))));
        out.add(new Decoder("EndTxnResponse.read", ApiKey.END_TXN, EndTxnResponse::read,
                v -> List.of(Bytes.ours(w -> Samples.endTxnResponse(v).write(w, v)))));
        out.add(new Decoder("TxnOffsetCommitRequest.read", ApiKey.TXN_OFFSET_COMMIT, TxnOffsetCommitRequest::read,
                v -> encodeAll(Samples.txnOffsetCommitRequests(v), (r, w) -> r.write(w, v))));
        out.add(new Decoder("TxnOffsetCommitResponse.read", ApiKey.TXN_OFFSET_COMMIT, TxnOffsetCommitResponse::read,
                v -> List.of(Bytes.ours(w -> Samples.txnOffsetCommitResponse(v).write(w, v)))));
        for (ApiKey key : ApiKey.implementedKeys()) {
            out.add(new Decoder("ResponseHeader.read " + key.title(), key,
                    (r, v) -> ResponseHeader.read(r, key, v),
                    v -> List.of(Bytes.ours(w -> ResponseHeader.write(w, key, v, 12345)))));
            out.add(new Decoder("RequestHeader.read " + key.title(), key, (r, v) -> RequestHeader.read(r),
                    v -> List.of(Bytes.ours(w -> RequestHeader.write(w, key, v, 12345, "client-ü")))));
        }
        return out;
    }
}
