package io.samsa.protocol;

import io.samsa.common.errors.Errors;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

/**
 * PushTelemetry response (key 72), version 0 (KIP-714).
 *
 * <pre>
 *   +------------------+------------+------+
 *   | throttle_time_ms | error_code | tags |
 *   | int32            | int16      |      |
 *   +------------------+------------+------+
 * </pre>
 */
public record PushTelemetryResponse(int throttleTimeMs, short errorCode) implements Response {

    public Errors error() {
        return Errors.forCode(errorCode);
    }

    public static PushTelemetryResponse read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.PUSH_TELEMETRY, version);
        int throttle = r.readInt("throttle_time_ms");
        short errorCode = r.readShort("error_code");
        r.skipTaggedFields();
        return new PushTelemetryResponse(throttle, errorCode);
    }

    /** Writes the body at {@code version} (for fakes and tests that play the broker). */
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.PUSH_TELEMETRY, version);
        w.writeInt(throttleTimeMs).writeShort(errorCode).writeEmptyTaggedFields();
    }
}
