package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

/**
 * AddOffsetsToTxn request (key 25), versions 0..4: tells the transaction coordinator that the transaction will
 * commit offsets of a consumer group, so that the offsets commit or abort with it. The offsets themselves then go
 * to the group coordinator in a TxnOffsetCommit request.
 *
 * <pre>
 *   +------------------+-------------+----------------+----------+------------+
 *   | transactional_id | producer_id | producer_epoch | group_id | tags (v3+) |
 *   | string           | int64       | int16          | string   |            |
 *   +------------------+-------------+----------------+----------+------------+
 *   v0-2: int16-length strings. v3+: compact strings, tagged fields.
 * </pre>
 *
 * <p>Under {@code transaction.version} 2 (KIP-890 part 2) the producer skips this request: TxnOffsetCommit v5
 * adds the group to the transaction itself.
 *
 * @param transactionalId the producer's transactional.id
 * @param producerId      the producer id from InitProducerId
 * @param producerEpoch   its epoch
 * @param groupId         the consumer group whose offsets the transaction commits
 */
public record AddOffsetsToTxnRequest(String transactionalId, long producerId, short producerEpoch, String groupId)
        implements Request<AddOffsetsToTxnResponse> {

    @Override
    public ApiKey apiKey() {
        return ApiKey.ADD_OFFSETS_TO_TXN;
    }

    @Override
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.ADD_OFFSETS_TO_TXN, version);
        boolean flexible = ApiKey.ADD_OFFSETS_TO_TXN.isFlexible(version);
        w.writeString(transactionalId, flexible);
        w.writeLong(producerId);
        w.writeShort(producerEpoch);
        w.writeString(groupId, flexible);
        if (flexible) {
            w.writeEmptyTaggedFields();
        }
    }

    /** Reads a request body (for fakes and tests that play the broker). */
    public static AddOffsetsToTxnRequest read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.ADD_OFFSETS_TO_TXN, version);
        boolean flexible = ApiKey.ADD_OFFSETS_TO_TXN.isFlexible(version);
        String txnId = r.readString("transactional_id", flexible);
        long pid = r.readLong("producer_id");
        short epoch = r.readShort("producer_epoch");
        String groupId = r.readString("group_id", flexible);
        if (flexible) {
            r.skipTaggedFields();
        }
        return new AddOffsetsToTxnRequest(txnId, pid, epoch, groupId);
    }

    @Override
    public AddOffsetsToTxnResponse readResponse(ProtocolReader r, short version) {
        return AddOffsetsToTxnResponse.read(r, version);
    }
}
