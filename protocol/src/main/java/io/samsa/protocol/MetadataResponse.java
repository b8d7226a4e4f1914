package io.samsa.protocol;

import io.samsa.common.errors.Errors;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.util.List;
import java.util.UUID;

/**
 * Metadata response (key 3), versions 4..13.
 *
 * <pre>
 *   +------------------+---------+------------+---------------+--------+------------------+------------+------+
 *   | throttle_time_ms | brokers | cluster_id | controller_id | topics | cluster_auth_ops | error_code | tags |
 *   | int32            | [Broker]| string?    | int32         | [Topic]| int32 (v8-10)    | int16(v13+)| v9+  |
 *   +------------------+---------+------------+---------------+--------+------------------+------------+------+
 *   Broker:    node_id int32 | host string | port int32 | rack string? | tags (v9+)
 *   Topic:     error_code int16 | name string (null allowed v12+) | topic_id uuid (v10+) | is_internal bool
 *              | partitions [Partition] | topic_authorized_operations int32 (v8+) | tags (v9+)
 *   Partition: error_code int16 | partition_index int32 | leader_id int32 | leader_epoch int32 (v7+)
 *              | replica_nodes [int32] | isr_nodes [int32] | offline_replicas [int32] (v5+) | tags (v9+)
 *   Arrays: int32 count before v9, uvarint N+1 from v9; strings: int16 length before v9, compact from v9.
 * </pre>
 *
 * <p>Fields a version lacks take Kafka's defaults: leader_epoch -1, offline_replicas empty, topic_id zero,
 * authorized operations {@link Integer#MIN_VALUE}, error_code 0.
 */
public record MetadataResponse(int throttleTimeMs, List<Broker> brokers, String clusterId, int controllerId,
                               List<Topic> topics, int clusterAuthorizedOperations, short errorCode)
        implements Response {

    /** Kafka's "authorized operations not requested/unknown" bitfield value. */
    public static final int AUTHORIZED_OPERATIONS_OMITTED = Integer.MIN_VALUE;

    public MetadataResponse {
        brokers = MessageCodec.copy(brokers);
        topics = MessageCodec.copy(topics);
    }

    /** A broker of the cluster; {@code rack} may be null. */
    public record Broker(int nodeId, String host, int port, String rack) {
        @Override
        public String toString() {
            return nodeId + "@" + host + ":" + port + (rack == null ? "" : " rack=" + rack);
        }
    }

    /** A topic's metadata; {@code name} may be null (v12+, topic asked by an unknown id). */
    public record Topic(short errorCode, String name, UUID topicId, boolean isInternal, List<Partition> partitions,
                        int topicAuthorizedOperations) {
        public Topic {
            topicId = MessageCodec.orZero(topicId);
            partitions = MessageCodec.copy(partitions);
        }

        public Errors error() {
            return Errors.forCode(errorCode);
        }

        @Override
        public String toString() {
            return "Topic(" + name + (topicId.equals(MessageCodec.ZERO_UUID) ? "" : " id=" + topicId)
                    + (errorCode == 0 ? "" : " error=" + Errors.describe(errorCode))
                    + (isInternal ? " internal" : "") + ", partitions=" + partitions
                    + (topicAuthorizedOperations == AUTHORIZED_OPERATIONS_OMITTED ? ""
                            : ", authorizedOperations=0x" + Integer.toHexString(topicAuthorizedOperations))
                    + ")";
        }
    }

    /** A partition's leader and replicas; {@code leaderId} -1 means no leader (unavailable). */
    public record Partition(short errorCode, int partitionIndex, int leaderId, int leaderEpoch,
                            List<Integer> replicaNodes, List<Integer> isrNodes, List<Integer> offlineReplicas) {
        public Partition {
            replicaNodes = MessageCodec.copy(replicaNodes);
            isrNodes = MessageCodec.copy(isrNodes);
            offlineReplicas = MessageCodec.copy(offlineReplicas);
        }

        public Errors error() {
            return Errors.forCode(errorCode);
        }

        @Override
        public String toString() {
            return partitionIndex + "(leader=" + leaderId + " epoch=" + leaderEpoch
                    + (errorCode == 0 ? "" : " error=" + Errors.describe(errorCode))
                    + " replicas=" + replicaNodes + " isr=" + isrNodes
                    + (offlineReplicas.isEmpty() ? "" : " offline=" + offlineReplicas) + ")";
        }
    }

    /** The top-level error (v13+, e.g. REBOOTSTRAP_REQUIRED); NONE before v13. */
    public Errors error() {
        return Errors.forCode(errorCode);
    }

    /** The topic with this name, or null. */
    public Topic topic(String name) {
        for (Topic t : topics) {
            if (name.equals(t.name())) {
                return t;
            }
        }
        return null;
    }

    // ---- encoding ----------------------------------------------------------------------------------------

    public static MetadataResponse read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.METADATA, version);
        boolean flexible = ApiKey.METADATA.isFlexible(version);
        int throttle = r.readInt("throttle_time_ms");
        List<Broker> brokers = MessageCodec.readArray(r, "brokers", flexible, 10, in -> {
            Broker b = new Broker(in.readInt("node_id"), in.readString("host", flexible), in.readInt("port"),
                    in.readNullableString("rack", flexible));
            if (flexible) {
                in.skipTaggedFields();
            }
            return b;
        });
        String clusterId = r.readNullableString("cluster_id", flexible);
        int controllerId = r.readInt("controller_id");
        List<Topic> topics = MessageCodec.readArray(r, "topics", flexible, 4, in -> readTopic(in, version, flexible));
        int clusterOps = AUTHORIZED_OPERATIONS_OMITTED;
        if (version >= 8 && version <= 10) {
            clusterOps = r.readInt("cluster_authorized_operations");
        }
        short errorCode = 0;
        if (version >= 13) {
            errorCode = r.readShort("error_code");
        }
        if (flexible) {
            r.skipTaggedFields();
        }
        return new MetadataResponse(throttle, brokers, clusterId, controllerId, topics, clusterOps, errorCode);
    }

    private static Topic readTopic(ProtocolReader in, short version, boolean flexible) {
        short errorCode = in.readShort("topic error_code");
        String name = version >= 12 ? in.readNullableString("topic name", true) : in.readString("topic name", flexible);
        UUID topicId = version >= 10 ? in.readUuid("topic_id") : MessageCodec.ZERO_UUID;
        boolean internal = in.readBoolean("is_internal");
        List<Partition> partitions = MessageCodec.readArray(in, "partitions", flexible, 13,
                p -> readPartition(p, version, flexible));
        int ops = version >= 8 ? in.readInt("topic_authorized_operations") : AUTHORIZED_OPERATIONS_OMITTED;
        if (flexible) {
            in.skipTaggedFields();
        }
        return new Topic(errorCode, name, topicId, internal, partitions, ops);
    }

    private static Partition readPartition(ProtocolReader in, short version, boolean flexible) {
        short errorCode = in.readShort("partition error_code");
        int index = in.readInt("partition_index");
        int leader = in.readInt("leader_id");
        int epoch = version >= 7 ? in.readInt("leader_epoch") : -1;
        List<Integer> replicas = MessageCodec.readIntArray(in, "replica_nodes", flexible);
        List<Integer> isr = MessageCodec.readIntArray(in, "isr_nodes", flexible);
        List<Integer> offline = version >= 5 ? MessageCodec.readIntArray(in, "offline_replicas", flexible) : List.of();
        if (flexible) {
            in.skipTaggedFields();
        }
        return new Partition(errorCode, index, leader, epoch, replicas, isr, offline);
    }

    /** Writes the body at {@code version} (for fakes and tests that play the broker). */
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.METADATA, version);
        boolean flexible = ApiKey.METADATA.isFlexible(version);
        w.writeInt(throttleTimeMs);
        MessageCodec.writeArray(w, brokers, flexible, (out, b) -> {
            out.writeInt(b.nodeId()).writeString(b.host(), flexible).writeInt(b.port())
                    .writeNullableString(b.rack(), flexible);
            if (flexible) {
                out.writeEmptyTaggedFields();
            }
        });
        w.writeNullableString(clusterId, flexible);
        w.writeInt(controllerId);
        MessageCodec.writeArray(w, topics, flexible, (out, t) -> {
            out.writeShort(t.errorCode());
            if (version >= 12) {
                out.writeNullableString(t.name(), true);
            } else {
                out.writeString(t.name(), flexible);
            }
            if (version >= 10) {
                out.writeUuid(t.topicId());
            }
            out.writeBoolean(t.isInternal());
            MessageCodec.writeArray(out, t.partitions(), flexible, (o, p) -> {
                o.writeShort(p.errorCode()).writeInt(p.partitionIndex()).writeInt(p.leaderId());
                if (version >= 7) {
                    o.writeInt(p.leaderEpoch());
                }
                MessageCodec.writeIntArray(o, p.replicaNodes(), flexible);
                MessageCodec.writeIntArray(o, p.isrNodes(), flexible);
                if (version >= 5) {
                    MessageCodec.writeIntArray(o, p.offlineReplicas(), flexible);
                }
                if (flexible) {
                    o.writeEmptyTaggedFields();
                }
            });
            if (version >= 8) {
                out.writeInt(t.topicAuthorizedOperations());
            }
            if (flexible) {
                out.writeEmptyTaggedFields();
            }
        });
        if (version >= 8 && version <= 10) {
            w.writeInt(clusterAuthorizedOperations);
        }
        if (version >= 13) {
            w.writeShort(errorCode);
        }
        if (flexible) {
            w.writeEmptyTaggedFields();
        }
    }

    @Override
    public String toString() {
        return "MetadataResponse(throttleTimeMs=" + throttleTimeMs + ", clusterId=" + clusterId
                + ", controllerId=" + controllerId + (errorCode == 0 ? "" : ", error=" + Errors.describe(errorCode))
                + ", brokers=" + brokers + ", topics=" + topics
                + (clusterAuthorizedOperations == AUTHORIZED_OPERATIONS_OMITTED ? ""
                        : ", clusterAuthorizedOperations=0x" + Integer.toHexString(clusterAuthorizedOperations))
                + ")";
    }
}
