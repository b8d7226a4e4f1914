package io.samsa.protocol;

import io.samsa.common.errors.Errors;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

/**
 * InitProducerId response (key 22), versions 0..5.
 *
 * <pre>
 *   +------------------+------------+-------------+----------------+------------+
 *   | throttle_time_ms | error_code | producer_id | producer_epoch | tags (v2+) |
 *   | int32            | int16      | int64       | int16          |            |
 *   +------------------+------------+-------------+----------------+------------+
 * </pre>
 */
public record InitProducerIdResponse(int throttleTimeMs, short errorCode, long producerId, short producerEpoch)
        implements Response {

    public Errors error() {
        return Errors.forCode(errorCode);
    }

    public static InitProducerIdResponse read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.INIT_PRODUCER_ID, version);
        int throttle = r.readInt("throttle_time_ms");
        short errorCode = r.readShort("error_code");
        long pid = r.readLong("producer_id");
        short epoch = r.readShort("producer_epoch");
        if (ApiKey.INIT_PRODUCER_ID.isFlexible(version)) {
            r.skipTaggedFields();
        }
        return new InitProducerIdResponse(throttle, errorCode, pid, epoch);
    }

    /** Writes the body at {@code version} (for fakes and tests that play the broker). */
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.INIT_PRODUCER_ID, version);
        w.writeInt(throttleTimeMs).writeShort(errorCode).writeLong(producerId).writeShort(producerEpoch);
        if (ApiKey.INIT_PRODUCER_ID.isFlexible(version)) {
            w.writeEmptyTaggedFields();
        }
    }

    @Override
    public String toString() {
        return "InitProducerIdResponse(" + (errorCode == 0 ? "" : "error=" + Errors.describe(errorCode) + ", ")
                + "producerId=" + producerId + ", producerEpoch=" + producerEpoch + ", throttleTimeMs="
                + throttleTimeMs + ")";
    }
}
