package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

/**
 * EndTxn request (key 26), versions 0..5: asks the transaction coordinator to commit or abort the producer's
 * current transaction.
 *
 * <pre>
 *   +------------------+-------------+----------------+-----------+------------+
 *   | transactional_id | producer_id | producer_epoch | committed | tags (v3+) |
 *   | string           | int64       | int16          | bool      |            |
 *   +------------------+-------------+----------------+-----------+------------+
 *   v0-2: int16-length string. v3+: compact string, tagged fields.
 * </pre>
 *
 * <p>The request is the same at every version; the version itself carries meaning. The coordinator takes v5+ as
 * the client speaking transaction version 2 (KIP-890 part 2: the epoch is bumped at the end of every transaction
 * and the response carries the new one) and v4 or lower as version 1. A client must therefore send at most
 * {@link #LAST_VERSION_BEFORE_TRANSACTION_V2} unless the cluster's finalized {@code transaction.version} is 2 or
 * more ({@link NodeApiVersions#finalizedFeatureLevel}), as Apache's client does.
 *
 * @param transactionalId the producer's transactional.id
 * @param producerId      the producer id from InitProducerId (or from the previous EndTxn v5+)
 * @param producerEpoch   its epoch
 * @param committed       true to commit, false to abort
 */
public record EndTxnRequest(String transactionalId, long producerId, short producerEpoch, boolean committed)
        implements Request<EndTxnResponse> {

    /** The newest version a client may send while the cluster's {@code transaction.version} is below 2. */
    public static final short LAST_VERSION_BEFORE_TRANSACTION_V2 = 4;

    @Override
    public ApiKey apiKey() {
        return ApiKey.END_TXN;
    }

    @Override
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.END_TXN, version);
        boolean flexible = ApiKey.END_TXN.isFlexible(version);
        w.writeString(transactionalId, flexible);
        w.writeLong(producerId);
        w.writeShort(producerEpoch);
        w.writeBoolean(committed);
        if (flexible) {
            w.writeEmptyTaggedFields();
        }
    }

    /** Reads a request body (for fakes and tests that play the broker). */
    public static EndTxnRequest read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.END_TXN, version);
        boolean flexible = ApiKey.END_TXN.isFlexible(version);
        String txnId = r.readString("transactional_id", flexible);
        long pid = r.readLong("producer_id");
        short epoch = r.readShort("producer_epoch");
        boolean committed = r.readBoolean("committed");
        if (flexible) {
            r.skipTaggedFields();
        }
        return new EndTxnRequest(txnId, pid, epoch, committed);
    }

    @Override
    public EndTxnResponse readResponse(ProtocolReader r, short version) {
        return EndTxnResponse.read(r, version);
    }

    @Override
    public String toString() {
        return "EndTxnRequest(" + (committed ? "commit" : "abort") + ", transactionalId=" + transactionalId
                + ", producerId=" + producerId + ", producerEpoch=" + producerEpoch + ")";
    }
}
