package io.samsa.protocol;

import io.samsa.common.errors.Errors;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

/**
 * EndTxn response (key 26), versions 0..5.
 *
 * <pre>
 *   +------------------+------------+-------------+----------------+------------+
 *   | throttle_time_ms | error_code | producer_id | producer_epoch | tags (v3+) |
 *   | int32            | int16      | int64 (v5+) | int16 (v5+)    |            |
 *   +------------------+------------+-------------+----------------+------------+
 * </pre>
 *
 * <p>producer_id/producer_epoch (v5+, KIP-890 part 2): under transaction version 2 the coordinator bumps the
 * epoch at the end of every transaction, and this is the id and epoch the producer must use from now on, its
 * sequences restarting at 0 (a new id with epoch 0 when the epoch ran out). They are -1 when absent: before v5,
 * and in a v5 answer that carries none (e.g. an error); {@link #hasProducerIdAndEpoch()} tells.
 */
public record EndTxnResponse(int throttleTimeMs, short errorCode, long producerId, short producerEpoch)
        implements Response {

    /** A response without a producer id and epoch (all versions before 5). */
    public static EndTxnResponse of(int throttleTimeMs, short errorCode) {
        return new EndTxnResponse(throttleTimeMs, errorCode, -1L, (short) -1);
    }

    public Errors error() {
        return Errors.forCode(errorCode);
    }

    /** Whether the coordinator named the id and epoch to adopt (producer id not -1), as Apache's client checks. */
    public boolean hasProducerIdAndEpoch() {
        return producerId != -1L;
    }

    public static EndTxnResponse read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.END_TXN, version);
        int throttle = r.readInt("throttle_time_ms");
        short errorCode = r.readShort("error_code");
        long pid = -1L;
        short epoch = -1;
        if (version >= 5) {
            pid = r.readLong("producer_id");
            epoch = r.readShort("producer_epoch");
        }
        if (ApiKey.END_TXN.isFlexible(version)) {
            r.skipTaggedFields();
        }
        return new EndTxnResponse(throttle, errorCode, pid, epoch);
    }

    /**
     * Writes the body at {@code version} (for fakes and tests that play the broker). Before v5 the producer id and
     * epoch are dropped, as Kafka's generated class drops these ignorable fields.
     */
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.END_TXN, version);
        w.writeInt(throttleTimeMs).writeShort(errorCode);
        if (version >= 5) {
            w.writeLong(producerId).writeShort(producerEpoch);
        }
        if (ApiKey.END_TXN.isFlexible(version)) {
            w.writeEmptyTaggedFields();
        }
    }

    @Override
    public String toString() {
        return "EndTxnResponse(" + (errorCode == 0 ? "" : "error=" + Errors.describe(errorCode) + ", ")
                + (hasProducerIdAndEpoch() ? "producerId=" + producerId + ", producerEpoch=" + producerEpoch + ", "
                        : "") + "throttleTimeMs=" + throttleTimeMs + ")";
    }
}
