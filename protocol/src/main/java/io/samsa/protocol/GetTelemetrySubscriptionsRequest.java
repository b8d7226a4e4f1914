package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.util.UUID;

/**
 * GetTelemetrySubscriptions request (key 71), version 0 (KIP-714): asks the broker which of the client's metrics
 * it wants pushed, how often and how compressed. The first request carries the zero UUID and the broker assigns
 * the client instance id; later ones carry that id.
 *
 * <pre>
 *   +--------------------+------+
 *   | client_instance_id | tags |
 *   | uuid (16 bytes)    |      |
 *   +--------------------+------+
 * </pre>
 *
 * @param clientInstanceId the id the broker assigned, or the zero UUID before it did
 */
public record GetTelemetrySubscriptionsRequest(UUID clientInstanceId)
        implements Request<GetTelemetrySubscriptionsResponse> {

    public GetTelemetrySubscriptionsRequest {
        clientInstanceId = MessageCodec.orZero(clientInstanceId);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.GET_TELEMETRY_SUBSCRIPTIONS;
    }

    @Override
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.GET_TELEMETRY_SUBSCRIPTIONS, version);
        w.writeUuid(clientInstanceId);
        w.writeEmptyTaggedFields();
    }

    /** Reads a request body (for fakes and tests that play the broker). */
    public static GetTelemetrySubscriptionsRequest read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.GET_TELEMETRY_SUBSCRIPTIONS, version);
        UUID id = r.readUuid("client_instance_id");
        r.skipTaggedFields();
        return new GetTelemetrySubscriptionsRequest(id);
    }

    @Override
    public GetTelemetrySubscriptionsResponse readResponse(ProtocolReader r, short version) {
        return GetTelemetrySubscriptionsResponse.read(r, version);
    }
}
