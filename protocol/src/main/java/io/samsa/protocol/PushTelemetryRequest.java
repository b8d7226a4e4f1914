package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * PushTelemetry request (key 72), version 0 (KIP-714): the client's metrics, as the subscription asked, encoded as
 * an OpenTelemetry {@code MetricsData} protobuf message and possibly compressed.
 *
 * <pre>
 *   +--------------------+-----------------+-------------+------------------+---------------------+------+
 *   | client_instance_id | subscription_id | terminating | compression_type | metrics             | tags |
 *   | uuid               | int32           | bool        | int8             | compact bytes       |      |
 *   +--------------------+-----------------+-------------+------------------+---------------------+------+
 * </pre>
 *
 * @param terminating     true for the last push, as the client closes
 * @param compressionType a record-batch compression id (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd)
 * @param metrics         the encoded (and compressed) payload; its bytes are referenced, not copied
 */
public record PushTelemetryRequest(UUID clientInstanceId, int subscriptionId, boolean terminating,
                                   byte compressionType, ByteBuffer metrics) implements Request<PushTelemetryResponse> {

    public PushTelemetryRequest {
        clientInstanceId = MessageCodec.orZero(clientInstanceId);
        metrics = metrics == null ? ByteBuffer.allocate(0) : metrics.asReadOnlyBuffer();
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.PUSH_TELEMETRY;
    }

    @Override
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.PUSH_TELEMETRY, version);
        w.writeUuid(clientInstanceId).writeInt(subscriptionId).writeBoolean(terminating).writeByte(compressionType);
        w.writeNullableBuffer(metrics, true); // never null here: non-null bytes, zero copy when large
        w.writeEmptyTaggedFields();
    }

    /** Reads a request body (for fakes and tests that play the broker). */
    public static PushTelemetryRequest read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.PUSH_TELEMETRY, version);
        UUID id = r.readUuid("client_instance_id");
        int subscription = r.readInt("subscription_id");
        boolean terminating = r.readBoolean("terminating");
        byte compression = r.readByte("compression_type");
        ByteBuffer metrics = r.readBytes("metrics", true);
        r.skipTaggedFields();
        return new PushTelemetryRequest(id, subscription, terminating, compression, metrics);
    }

    @Override
    public PushTelemetryResponse readResponse(ProtocolReader r, short version) {
        return PushTelemetryResponse.read(r, version);
    }
}
