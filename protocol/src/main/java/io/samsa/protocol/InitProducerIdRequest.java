package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

/**
 * InitProducerId request (key 22), versions 0..5: obtain a producer id and epoch for idempotence, or
 * (with a transactional id) for transactions, fencing older instances.
 *
 * <pre>
 *   +--------------------------+------------------------+-------------------+-----------------+------+
 *   | transactional_id         | transaction_timeout_ms | producer_id       | producer_epoch  | tags |
 *   | string? (int16 len / -1  | int32                  | int64 (v3+)       | int16 (v3+)     | v2+  |
 *   |  v0-1; compact, 0 = null |                        | -1 = none         | -1 = none       |      |
 *   |  v2+)                    |                        |                   |                 |      |
 *   +--------------------------+------------------------+-------------------+-----------------+------+
 * </pre>
 *
 * <p>producer_id/epoch (KIP-360, v3+) let a producer that already has an id ask for an epoch bump rather
 * than a new id; they stay -1 for a first request. An idempotent-only producer sends a null transactional
 * id and {@link Integer#MAX_VALUE} as the timeout, like the Java client.
 *
 * @param transactionalId      null for an idempotent-only producer
 * @param transactionTimeoutMs transaction.timeout.ms
 * @param producerId           current producer id (v3+), -1 if none
 * @param producerEpoch        current epoch (v3+), -1 if none
 */
public record InitProducerIdRequest(String transactionalId, int transactionTimeoutMs, long producerId,
                                    short producerEpoch) implements Request<InitProducerIdResponse> {

    /** For an idempotent-only producer's first request. */
    public static InitProducerIdRequest idempotent() {
        return new InitProducerIdRequest(null, Integer.MAX_VALUE, -1L, (short) -1);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.INIT_PRODUCER_ID;
    }

    @Override
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.INIT_PRODUCER_ID, version);
        boolean flexible = ApiKey.INIT_PRODUCER_ID.isFlexible(version);
        w.writeNullableString(transactionalId, flexible);
        w.writeInt(transactionTimeoutMs);
        if (version >= 3) {
            w.writeLong(producerId);
            w.writeShort(producerEpoch);
        } else if (producerId != -1L || producerEpoch != -1) {
            // Dropping them would silently turn "bump my epoch" into "give me a new id".
            throw ApiKey.INIT_PRODUCER_ID.unsupportedVersion("InitProducerId v" + version
                    + " cannot carry producer_id/producer_epoch (v3+ only, KIP-360)");
        }
        if (flexible) {
            w.writeEmptyTaggedFields();
        }
    }

    /** Reads a request body (for fakes and tests that play the broker). */
    public static InitProducerIdRequest read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.INIT_PRODUCER_ID, version);
        boolean flexible = ApiKey.INIT_PRODUCER_ID.isFlexible(version);
        String txnId = r.readNullableString("transactional_id", flexible);
        int timeout = r.readInt("transaction_timeout_ms");
        long pid = -1L;
        short epoch = -1;
        if (version >= 3) {
            pid = r.readLong("producer_id");
            epoch = r.readShort("producer_epoch");
        }
        if (flexible) {
            r.skipTaggedFields();
        }
        return new InitProducerIdRequest(txnId, timeout, pid, epoch);
    }

    @Override
    public InitProducerIdResponse readResponse(ProtocolReader r, short version) {
        return InitProducerIdResponse.read(r, version);
    }
}
