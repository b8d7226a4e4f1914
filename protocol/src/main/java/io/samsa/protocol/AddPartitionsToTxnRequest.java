package io.samsa.protocol;

import io.samsa.common.TopicPartition;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AddPartitionsToTxn request (key 24), client versions 0..3: tells the transaction coordinator which partitions
 * the producer is about to write in its current transaction, before the first Produce to each of them.
 *
 * <pre>
 *   +------------------+-------------+----------------+-------------------------------------------+------+
 *   | transactional_id | producer_id | producer_epoch | topics: count, then per topic:            | tags |
 *   | string           | int64       | int16          |   name string | partitions [int32]        | (v3) |
 *   |                  |             |                |   | tags (v3)                             |      |
 *   +------------------+-------------+----------------+-------------------------------------------+------+
 *   v0-2: int16-length strings, int32 counts. v3: compact strings and counts, tagged fields.
 * </pre>
 *
 * <p>Versions 4+ are a different message (a batch of transactions with {@code verify_only}) that brokers send to
 * each other to verify transactional produces (KIP-890 part 1); clients stop at v3, which is why
 * {@link ApiKey#ADD_PARTITIONS_TO_TXN} ends there. The fields above are Apache's {@code v3_and_below_*} fields.
 * Under {@code transaction.version} 2 (KIP-890 part 2) the producer does not send this at all: Produce v12+ adds
 * the partition to the transaction implicitly.
 *
 * @param transactionalId the producer's transactional.id
 * @param producerId      the producer id from InitProducerId
 * @param producerEpoch   its epoch
 * @param topics          the partitions to add, per topic
 */
public record AddPartitionsToTxnRequest(String transactionalId, long producerId, short producerEpoch,
                                        List<Topic> topics) implements Request<AddPartitionsToTxnResponse> {

    /** One topic's partitions to add. */
    public record Topic(String name, List<Integer> partitions) {
        public Topic {
            partitions = MessageCodec.copy(partitions);
        }

        @Override
        public String toString() {
            return name + partitions;
        }
    }

    public AddPartitionsToTxnRequest {
        topics = MessageCodec.copy(topics);
    }

    /** A request for {@code partitions}, grouped by topic in the order topics are first seen. */
    public static AddPartitionsToTxnRequest of(String transactionalId, long producerId, short producerEpoch,
                                               Collection<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        List<Topic> topics = new ArrayList<>(byTopic.size());
        byTopic.forEach((name, parts) -> topics.add(new Topic(name, parts)));
        return new AddPartitionsToTxnRequest(transactionalId, producerId, producerEpoch, topics);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.ADD_PARTITIONS_TO_TXN;
    }

    @Override
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.ADD_PARTITIONS_TO_TXN, version);
        boolean flexible = ApiKey.ADD_PARTITIONS_TO_TXN.isFlexible(version);
        w.writeString(transactionalId, flexible);
        w.writeLong(producerId);
        w.writeShort(producerEpoch);
        MessageCodec.writeArray(w, topics, flexible, (out, t) -> {
            out.writeString(t.name(), flexible);
            MessageCodec.writeIntArray(out, t.partitions(), flexible);
            if (flexible) {
                out.writeEmptyTaggedFields();
            }
        });
        if (flexible) {
            w.writeEmptyTaggedFields();
        }
    }

    /** Reads a request body (for fakes and tests that play the broker). */
    public static AddPartitionsToTxnRequest read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.ADD_PARTITIONS_TO_TXN, version);
        boolean flexible = ApiKey.ADD_PARTITIONS_TO_TXN.isFlexible(version);
        String txnId = r.readString("transactional_id", flexible);
        long pid = r.readLong("producer_id");
        short epoch = r.readShort("producer_epoch");
        // name (1 compact / 2 classic) + partitions count (1 / 4) + tags (1 / 0)
        List<Topic> topics = MessageCodec.readArray(r, "topics", flexible, flexible ? 3 : 6, in -> {
            Topic t = new Topic(in.readString("name", flexible), MessageCodec.readIntArray(in, "partitions", flexible));
            if (flexible) {
                in.skipTaggedFields();
            }
            return t;
        });
        if (flexible) {
            r.skipTaggedFields();
        }
        return new AddPartitionsToTxnRequest(txnId, pid, epoch, topics);
    }

    @Override
    public AddPartitionsToTxnResponse readResponse(ProtocolReader r, short version) {
        return AddPartitionsToTxnResponse.read(r, version);
    }

    @Override
    public String toString() {
        return "AddPartitionsToTxnRequest(transactionalId=" + transactionalId + ", producerId=" + producerId
                + ", producerEpoch=" + producerEpoch + ", topics=" + topics + ")";
    }
}
