package io.samsa.protocol;

import io.samsa.common.errors.Errors;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.util.List;
import java.util.UUID;

/**
 * GetTelemetrySubscriptions response (key 71), version 0 (KIP-714).
 *
 * <pre>
 *   +------------------+------------+--------------------+-----------------+----------------------------+
 *   | throttle_time_ms | error_code | client_instance_id | subscription_id | accepted_compression_types |
 *   | int32            | int16      | uuid               | int32           | compact [int8]             |
 *   +------------------+------------+--------------------+-----------------+----------------------------+
 *   +------------------+---------------------+-------------------+------------------------+------+
 *   | push_interval_ms | telemetry_max_bytes | delta_temporality | requested_metrics      | tags |
 *   | int32            | int32               | bool              | compact [compact str]  |      |
 *   +------------------+---------------------+-------------------+------------------------+------+
 * </pre>
 *
 * <p>{@code requested_metrics}: empty means no metric is wanted; a single empty string means all of them; else
 * each entry is a prefix of the metric names wanted (in the OpenTelemetry naming, e.g.
 * {@code org.apache.kafka.producer.}).
 *
 * @param acceptedCompressionTypes compression type ids the broker accepts for PushTelemetry, in its preference order
 */
public record GetTelemetrySubscriptionsResponse(int throttleTimeMs, short errorCode, UUID clientInstanceId,
                                                int subscriptionId, List<Byte> acceptedCompressionTypes,
                                                int pushIntervalMs, int telemetryMaxBytes, boolean deltaTemporality,
                                                List<String> requestedMetrics) implements Response {

    public GetTelemetrySubscriptionsResponse {
        clientInstanceId = MessageCodec.orZero(clientInstanceId);
        acceptedCompressionTypes = MessageCodec.copy(acceptedCompressionTypes);
        requestedMetrics = MessageCodec.copy(requestedMetrics);
    }

    public Errors error() {
        return Errors.forCode(errorCode);
    }

    public static GetTelemetrySubscriptionsResponse read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.GET_TELEMETRY_SUBSCRIPTIONS, version);
        int throttle = r.readInt("throttle_time_ms");
        short error = r.readShort("error_code");
        UUID id = r.readUuid("client_instance_id");
        int subscription = r.readInt("subscription_id");
        List<Byte> compression = MessageCodec.readArray(r, "accepted_compression_types", true, 1,
                in -> in.readByte("accepted_compression_types"));
        int pushInterval = r.readInt("push_interval_ms");
        int maxBytes = r.readInt("telemetry_max_bytes");
        boolean delta = r.readBoolean("delta_temporality");
        List<String> requested = MessageCodec.readArray(r, "requested_metrics", true, 1,
                in -> in.readString("requested_metrics", true));
        r.skipTaggedFields();
        return new GetTelemetrySubscriptionsResponse(throttle, error, id, subscription, compression, pushInterval,
                maxBytes, delta, requested);
    }

    /** Writes the body at {@code version} (for fakes and tests that play the broker). */
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.GET_TELEMETRY_SUBSCRIPTIONS, version);
        w.writeInt(throttleTimeMs).writeShort(errorCode).writeUuid(clientInstanceId).writeInt(subscriptionId);
        MessageCodec.writeArray(w, acceptedCompressionTypes, true, ProtocolWriter::writeByte);
        w.writeInt(pushIntervalMs).writeInt(telemetryMaxBytes).writeBoolean(deltaTemporality);
        MessageCodec.writeArray(w, requestedMetrics, true, (out, s) -> out.writeString(s, true));
        w.writeEmptyTaggedFields();
    }
}
