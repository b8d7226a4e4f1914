package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TxnOffsetCommit request (key 28), versions 0..5: consumer offsets committed as part of the producer's
 * transaction, sent to the group coordinator; they become visible only if the transaction commits.
 *
 * <pre>
 *   +------------------+----------+-------------+----------------+---------------+-----------+-------------------+
 *   | transactional_id | group_id | producer_id | producer_epoch | generation_id | member_id | group_instance_id |
 *   | string           | string   | int64       | int16          | int32 (v3+)   | string    | string? (v3+)     |
 *   |                  |          |             |                |               | (v3+)     |                   |
 *   +------------------+----------+-------------+----------------+---------------+-----------+-------------------+
 *   | topics: count, then per topic:                                                         | tags (v3+)        |
 *   |   name string | partitions: count, then per partition:                                 |                   |
 *   |     partition_index int32 | committed_offset int64 | committed_leader_epoch int32 (v2+)|                   |
 *   |     | committed_metadata string? | tags (v3+)                                          |                   |
 *   |   tags (v3+)                                                                           |                   |
 *   +----------------------------------------------------------------------------------------+-------------------+
 *   v0-2: int16-length strings, int32 counts. v3+: compact strings and counts, tagged fields.
 * </pre>
 *
 * <p><b>Group metadata (v3+, KIP-447).</b> generation_id, member_id and group_instance_id let the group
 * coordinator fence a producer whose consumer has left the group (a zombie). Written below v3 with any of them set
 * ({@link #hasGroupMetadata()}), the request fails with {@link io.samsa.common.errors.UnsupportedVersionException}
 * rather than dropping them: dropping them would commit offsets without the fencing the caller asked for. Apache
 * does the same (its builder refuses, and its generated class refuses these non-ignorable fields). A request
 * without group metadata (the defaults: -1, "", null) is written at any version.
 *
 * <p>committed_leader_epoch (v2+) only helps a later consumer detect log truncation; the schema marks it
 * ignorable, so below v2 it is dropped, as Apache's generated class does.
 *
 * <p><b>Transaction version.</b> Under {@code transaction.version} 2, v5 also adds the group to the transaction
 * (no AddOffsetsToTxn); below it a client must send at most {@link #LAST_VERSION_BEFORE_TRANSACTION_V2}, as
 * Apache's client does.
 */
public record TxnOffsetCommitRequest(String transactionalId, String groupId, long producerId, short producerEpoch,
                                     int generationId, String memberId, String groupInstanceId, List<Topic> topics)
        implements Request<TxnOffsetCommitResponse> {

    /** generation_id when the producer has no consumer group metadata. */
    public static final int UNKNOWN_GENERATION_ID = -1;
    /** member_id when the producer has no consumer group metadata. */
    public static final String UNKNOWN_MEMBER_ID = "";
    /** The first version that carries group metadata (KIP-447, Kafka 2.5). */
    public static final short MIN_GROUP_METADATA_VERSION = 3;
    /** The newest version a client may send while the cluster's {@code transaction.version} is below 2. */
    public static final short LAST_VERSION_BEFORE_TRANSACTION_V2 = 4;

    /** One topic's offsets. */
    public record Topic(String name, List<Partition> partitions) {
        public Topic {
            partitions = MessageCodec.copy(partitions);
        }

        @Override
        public String toString() {
            return name + partitions;
        }
    }

    /**
     * One partition's offset.
     *
     * @param committedLeaderEpoch leader epoch of the last consumed record (v2+), -1 if unknown
     * @param committedMetadata    the consumer's metadata string, may be null
     */
    public record Partition(int partitionIndex, long committedOffset, int committedLeaderEpoch,
                            String committedMetadata) {
        @Override
        public String toString() {
            return partitionIndex + "@" + committedOffset
                    + (committedLeaderEpoch == -1 ? "" : " epoch=" + committedLeaderEpoch)
                    + (committedMetadata == null ? "" : " metadata=\"" + committedMetadata + "\"");
        }
    }

    public TxnOffsetCommitRequest {
        topics = MessageCodec.copy(topics);
    }

    public static Builder builder(String transactionalId, String groupId, long producerId, short producerEpoch) {
        return new Builder(transactionalId, groupId, producerId, producerEpoch);
    }

    /** Whether any KIP-447 group metadata differs from its default, so the request needs v3+. */
    public boolean hasGroupMetadata() {
        return generationId != UNKNOWN_GENERATION_ID || !UNKNOWN_MEMBER_ID.equals(memberId) || groupInstanceId != null;
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.TXN_OFFSET_COMMIT;
    }

    @Override
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.TXN_OFFSET_COMMIT, version);
        boolean flexible = ApiKey.TXN_OFFSET_COMMIT.isFlexible(version);
        w.writeString(transactionalId, flexible);
        w.writeString(groupId, flexible);
        w.writeLong(producerId);
        w.writeShort(producerEpoch);
        if (version >= MIN_GROUP_METADATA_VERSION) {
            w.writeInt(generationId);
            w.writeString(memberId, true);
            w.writeNullableString(groupInstanceId, true);
        } else if (hasGroupMetadata()) {
            throw ApiKey.TXN_OFFSET_COMMIT.unsupportedVersion("TxnOffsetCommit v" + version
                    + " cannot carry the consumer's group metadata (generation_id " + generationId + ", member_id \""
                    + memberId + "\", group_instance_id " + groupInstanceId + "): that needs v"
                    + MIN_GROUP_METADATA_VERSION + "+ (KIP-447, Kafka 2.5+), and without it the group coordinator"
                    + " cannot fence a zombie producer");
        }
        MessageCodec.writeArray(w, topics, flexible, (out, t) -> {
            out.writeString(t.name(), flexible);
            MessageCodec.writeArray(out, t.partitions(), flexible, (o, p) -> {
                o.writeInt(p.partitionIndex()).writeLong(p.committedOffset());
                if (version >= 2) {
                    o.writeInt(p.committedLeaderEpoch());
                }
                o.writeNullableString(p.committedMetadata(), flexible);
                if (flexible) {
                    o.writeEmptyTaggedFields();
                }
            });
            if (flexible) {
                out.writeEmptyTaggedFields();
            }
        });
        if (flexible) {
            w.writeEmptyTaggedFields();
        }
    }

    /** Reads a request body (for fakes and tests that play the broker); absent fields take their defaults. */
    public static TxnOffsetCommitRequest read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.TXN_OFFSET_COMMIT, version);
        boolean flexible = ApiKey.TXN_OFFSET_COMMIT.isFlexible(version);
        String txnId = r.readString("transactional_id", flexible);
        String groupId = r.readString("group_id", flexible);
        long pid = r.readLong("producer_id");
        short epoch = r.readShort("producer_epoch");
        int generation = UNKNOWN_GENERATION_ID;
        String member = UNKNOWN_MEMBER_ID;
        String instance = null;
        if (version >= MIN_GROUP_METADATA_VERSION) {
            generation = r.readInt("generation_id");
            member = r.readString("member_id", true);
            instance = r.readNullableString("group_instance_id", true);
        }
        // partition: index (4) + offset (8) + leader epoch (4, v2+) + metadata and tags (1 + 1 compact, 2 + 0 classic)
        int minPartition = 12 + (version >= 2 ? 4 : 0) + 2;
        List<Topic> topics = MessageCodec.readArray(r, "topics", flexible, flexible ? 3 : 6, in -> {
            String name = in.readString("name", flexible);
            List<Partition> parts = MessageCodec.readArray(in, "partitions", flexible, minPartition, p -> {
                int index = p.readInt("partition_index");
                long offset = p.readLong("committed_offset");
                int leaderEpoch = version >= 2 ? p.readInt("committed_leader_epoch") : -1;
                String metadata = p.readNullableString("committed_metadata", flexible);
                if (flexible) {
                    p.skipTaggedFields();
                }
                return new Partition(index, offset, leaderEpoch, metadata);
            });
            if (flexible) {
                in.skipTaggedFields();
            }
            return new Topic(name, parts);
        });
        if (flexible) {
            r.skipTaggedFields();
        }
        return new TxnOffsetCommitRequest(txnId, groupId, pid, epoch, generation, member, instance, topics);
    }

    @Override
    public TxnOffsetCommitResponse readResponse(ProtocolReader r, short version) {
        return TxnOffsetCommitResponse.read(r, version);
    }

    @Override
    public String toString() {
        return "TxnOffsetCommitRequest(transactionalId=" + transactionalId + ", groupId=" + groupId
                + ", producerId=" + producerId + ", producerEpoch=" + producerEpoch
                + (hasGroupMetadata() ? ", generationId=" + generationId + ", memberId=" + memberId
                        + ", groupInstanceId=" + groupInstanceId : "")
                + ", topics=" + topics + ")";
    }

    /** Collects offsets into topics, keeping the order in which topics are first seen; no group metadata by default. */
    public static final class Builder {
        private final String transactionalId;
        private final String groupId;
        private final long producerId;
        private final short producerEpoch;
        private int generationId = UNKNOWN_GENERATION_ID;
        private String memberId = UNKNOWN_MEMBER_ID;
        private String groupInstanceId;
        private final Map<String, List<Partition>> topics = new LinkedHashMap<>();

        private Builder(String transactionalId, String groupId, long producerId, short producerEpoch) {
            this.transactionalId = transactionalId;
            this.groupId = groupId;
            this.producerId = producerId;
            this.producerEpoch = producerEpoch;
        }

        /** The consumer's group metadata (KIP-447), for fencing; needs v3+. */
        public Builder groupMetadata(int generationId, String memberId, String groupInstanceId) {
            this.generationId = generationId;
            this.memberId = memberId;
            this.groupInstanceId = groupInstanceId;
            return this;
        }

        /** Adds one partition's offset; {@code leaderEpoch} -1 if unknown, {@code metadata} may be null. */
        public Builder add(String topic, int partition, long offset, int leaderEpoch, String metadata) {
            topics.computeIfAbsent(topic, t -> new ArrayList<>()).add(new Partition(partition, offset, leaderEpoch,
                    metadata));
            return this;
        }

        public TxnOffsetCommitRequest build() {
            List<Topic> out = new ArrayList<>(topics.size());
            topics.forEach((name, parts) -> out.add(new Topic(name, parts)));
            return new TxnOffsetCommitRequest(transactionalId, groupId, producerId, producerEpoch, generationId,
                    memberId, groupInstanceId, out);
        }
    }
}
