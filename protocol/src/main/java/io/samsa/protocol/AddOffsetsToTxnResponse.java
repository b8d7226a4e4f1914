package io.samsa.protocol;

import io.samsa.common.errors.Errors;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

/**
 * AddOffsetsToTxn response (key 25), versions 0..4.
 *
 * <pre>
 *   +------------------+------------+------------+
 *   | throttle_time_ms | error_code | tags (v3+) |
 *   | int32            | int16      |            |
 *   +------------------+------------+------------+
 * </pre>
 */
public record AddOffsetsToTxnResponse(int throttleTimeMs, short errorCode) implements Response {

    public Errors error() {
        return Errors.forCode(errorCode);
    }

    public static AddOffsetsToTxnResponse read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.ADD_OFFSETS_TO_TXN, version);
        int throttle = r.readInt("throttle_time_ms");
        short errorCode = r.readShort("error_code");
        if (ApiKey.ADD_OFFSETS_TO_TXN.isFlexible(version)) {
            r.skipTaggedFields();
        }
        return new AddOffsetsToTxnResponse(throttle, errorCode);
    }

    /** Writes the body at {@code version} (for fakes and tests that play the broker). */
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.ADD_OFFSETS_TO_TXN, version);
        w.writeInt(throttleTimeMs).writeShort(errorCode);
        if (ApiKey.ADD_OFFSETS_TO_TXN.isFlexible(version)) {
            w.writeEmptyTaggedFields();
        }
    }

    @Override
    public String toString() {
        return "AddOffsetsToTxnResponse(error=" + Errors.describe(errorCode) + ", throttleTimeMs=" + throttleTimeMs
                + ")";
    }
}
