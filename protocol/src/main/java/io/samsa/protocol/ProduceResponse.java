package io.samsa.protocol;

import io.samsa.common.errors.Errors;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Produce response (key 0), versions 3..13.
 *
 * <pre>
 *   +---------------------------------------------------+------------------+---------------------------+
 *   | responses: count, then per topic:                 | throttle_time_ms | tags (v9+)                |
 *   |   name string (v3-12) | topic_id uuid (v13+)      | int32            |   0: NodeEndpoints (v10+) |
 *   |   partition_responses: count, then per partition: |                  |      [node_id int32, host |
 *   |     index int32 | error_code int16                |                  |       string, port int32, |
 *   |     | base_offset int64 | log_append_time_ms int64|                  |       rack string?, tags] |
 *   |     | log_start_offset int64 (v5+)                |                  |                           |
 *   |     | record_errors [batch_index int32,           |                  |                           |
 *   |     |   message string?, tags] (v8+)              |                  |                           |
 *   |     | error_message string? (v8+)                 |                  |                           |
 *   |     | tags (v9+; 0: CurrentLeader {leader_id      |                  |                           |
 *   |     |   int32, leader_epoch int32, tags} v10+)    |                  |                           |
 *   |   tags (v9+)                                      |                  |                           |
 *   +---------------------------------------------------+------------------+---------------------------+
 * </pre>
 *
 * <p>Note throttle_time_ms comes <em>after</em> the array here, unlike most responses. The tagged
 * CurrentLeader / NodeEndpoints (KIP-951) name a partition's new leader after NOT_LEADER_OR_FOLLOWER or
 * FENCED_LEADER_EPOCH so the producer can redirect without waiting for a metadata refresh.
 *
 * <p>Absent fields take Kafka's defaults: log_start_offset -1, no record errors, null error message,
 * current leader (-1, -1), no node endpoints.
 */
public record ProduceResponse(List<TopicResponse> responses, int throttleTimeMs, List<NodeEndpoint> nodeEndpoints)
        implements Response {

    public ProduceResponse {
        responses = MessageCodec.copy(responses);
        nodeEndpoints = MessageCodec.copy(nodeEndpoints);
    }

    /** One topic's results: by name up to v12, by id (name null) from v13. */
    public record TopicResponse(String name, UUID topicId, List<PartitionResponse> partitions) {
        public TopicResponse {
            topicId = MessageCodec.orZero(topicId);
            partitions = MessageCodec.copy(partitions);
        }
    }

    /**
     * One partition's result.
     *
     * @param baseOffset      offset of the batch's first record (record i got baseOffset + i), -1 on error
     * @param logAppendTimeMs broker time if the topic uses LogAppendTime, else -1
     * @param logStartOffset  the partition's log start offset (v5+), -1 if unknown
     * @param recordErrors    which records made the broker drop the whole batch (v8+)
     * @param errorMessage    the broker's summary of the error (v8+), may be null
     * @param currentLeader   KIP-951 leader hint (v10+), {@link LeaderIdAndEpoch#UNKNOWN} if none
     */
    public record PartitionResponse(int index, short errorCode, long baseOffset, long logAppendTimeMs,
                                    long logStartOffset, List<RecordError> recordErrors, String errorMessage,
                                    LeaderIdAndEpoch currentLeader) {
        public PartitionResponse {
            recordErrors = MessageCodec.copy(recordErrors);
            currentLeader = currentLeader == null ? LeaderIdAndEpoch.UNKNOWN : currentLeader;
        }

        /** A result with only the always-present fields; the others take their defaults. */
        public static PartitionResponse of(int index, short errorCode, long baseOffset) {
            return new PartitionResponse(index, errorCode, baseOffset, -1L, -1L, List.of(), null,
                    LeaderIdAndEpoch.UNKNOWN);
        }

        public Errors error() {
            return Errors.forCode(errorCode);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder().append(index).append('(');
            if (errorCode != 0) {
                sb.append("error=").append(Errors.describe(errorCode)).append(' ');
            }
            sb.append("baseOffset=").append(baseOffset);
            if (logAppendTimeMs != -1) {
                sb.append(" logAppendTimeMs=").append(logAppendTimeMs);
            }
            sb.append(" logStartOffset=").append(logStartOffset);
            if (!recordErrors.isEmpty()) {
                sb.append(" recordErrors=").append(recordErrors);
            }
            if (errorMessage != null) {
                sb.append(" errorMessage=\"").append(errorMessage).append('"');
            }
            if (!currentLeader.isUnknown()) {
                sb.append(" currentLeader=").append(currentLeader);
            }
            return sb.append(')').toString();
        }
    }

    /** A record (by index in its batch) that made the broker reject the batch, and why; message may be null. */
    public record RecordError(int batchIndex, String message) {
    }

    /** KIP-951 leader hint; -1 for unknown. */
    public record LeaderIdAndEpoch(int leaderId, int leaderEpoch) {
        public static final LeaderIdAndEpoch UNKNOWN = new LeaderIdAndEpoch(-1, -1);

        /**
         * Whether this is {@link #UNKNOWN}: compared field by field because a record's generated {@code equals}
         * is linked on its first call through {@code ObjectMethods}' bootstrap, a one-time cost that the first
         * producer of a JVM would pay on its first response (BENCHMARKS.md, "Measured costs behind the code").
         */
        public boolean isUnknown() {
            return leaderId == -1 && leaderEpoch == -1;
        }

        @Override
        public String toString() {
            return leaderId + "@epoch" + leaderEpoch;
        }
    }

    /** Where to reach a leader named in a {@link LeaderIdAndEpoch}; rack may be null. */
    public record NodeEndpoint(int nodeId, String host, int port, String rack) {
        @Override
        public String toString() {
            return nodeId + "@" + host + ":" + port + (rack == null ? "" : " rack=" + rack);
        }
    }

    // ---- encoding ----------------------------------------------------------------------------------------

    public static ProduceResponse read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.PRODUCE, version);
        boolean flexible = ApiKey.PRODUCE.isFlexible(version);
        List<TopicResponse> responses = MessageCodec.readArray(r, "responses", flexible, 2, in -> {
            String name = null;
            UUID id = MessageCodec.ZERO_UUID;
            if (version >= 13) {
                id = in.readUuid("topic_id");
            } else {
                name = in.readString("name", flexible);
            }
            List<PartitionResponse> parts = MessageCodec.readArray(in, "partition_responses", flexible, 22,
                    p -> readPartition(p, version, flexible));
            if (flexible) {
                in.skipTaggedFields();
            }
            return new TopicResponse(name, id, parts);
        });
        int throttle = r.readInt("throttle_time_ms");
        List<NodeEndpoint> endpoints = new ArrayList<>(0);
        if (flexible) {
            r.readTaggedFields((tag, size, in) -> {
                if (tag == 0 && version >= 10) {
                    endpoints.addAll(MessageCodec.readArray(in, "node_endpoints", true, 11, e -> {
                        NodeEndpoint ne = new NodeEndpoint(e.readInt("node_id"), e.readString("host", true),
                                e.readInt("port"), e.readNullableString("rack", true));
                        e.skipTaggedFields();
                        return ne;
                    }));
                    return true;
                }
                return false;
            });
        }
        return new ProduceResponse(responses, throttle, endpoints);
    }

    private static PartitionResponse readPartition(ProtocolReader p, short version, boolean flexible) {
        int index = p.readInt("index");
        short errorCode = p.readShort("error_code");
        long baseOffset = p.readLong("base_offset");
        long appendTime = p.readLong("log_append_time_ms");
        long logStart = version >= 5 ? p.readLong("log_start_offset") : -1L;
        List<RecordError> recordErrors = List.of();
        String errorMessage = null;
        if (version >= 8) {
            // Almost always empty: read the length here so that the generic array reader (and its JIT-compiled
            // form, which inlines each element reader it has seen) runs only for an actual rejection.
            int errors = p.readNonNullArrayLength("record_errors", flexible, 5);
            recordErrors = errors == 0 ? List.of() : MessageCodec.readElements(p, errors, e -> {
                RecordError re = new RecordError(e.readInt("batch_index"),
                        e.readNullableString("batch_index_error_message", flexible));
                if (flexible) {
                    e.skipTaggedFields();
                }
                return re;
            });
            errorMessage = p.readNullableString("error_message", flexible);
        }
        LeaderIdAndEpoch[] leader = {LeaderIdAndEpoch.UNKNOWN};
        if (flexible) {
            p.readTaggedFields((tag, size, in) -> {
                if (tag == 0 && version >= 10) {
                    leader[0] = new LeaderIdAndEpoch(in.readInt("leader_id"), in.readInt("leader_epoch"));
                    in.skipTaggedFields();
                    return true;
                }
                return false;
            });
        }
        return new PartitionResponse(index, errorCode, baseOffset, appendTime, logStart, recordErrors, errorMessage,
                leader[0]);
    }

    /** Writes the body at {@code version} (for fakes and tests that play the broker). */
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.PRODUCE, version);
        boolean flexible = ApiKey.PRODUCE.isFlexible(version);
        MessageCodec.writeArray(w, responses, flexible, (out, t) -> {
            if (version >= 13) {
                out.writeUuid(t.topicId());
            } else {
                out.writeString(t.name(), flexible);
            }
            MessageCodec.writeArray(out, t.partitions(), flexible, (o, p) -> writePartition(o, p, version, flexible));
            if (flexible) {
                out.writeEmptyTaggedFields();
            }
        });
        w.writeInt(throttleTimeMs);
        if (flexible) {
            boolean endpoints = version >= 10 && !nodeEndpoints.isEmpty();
            w.writeUnsignedVarint(endpoints ? 1 : 0);
            if (endpoints) {
                MessageCodec.writeTaggedField(w, 0, out -> MessageCodec.writeArray(out, nodeEndpoints, true,
                        (o, e) -> o.writeInt(e.nodeId()).writeString(e.host(), true).writeInt(e.port())
                                .writeNullableString(e.rack(), true).writeEmptyTaggedFields()));
            }
        }
    }

    private static void writePartition(ProtocolWriter o, PartitionResponse p, short version, boolean flexible) {
        o.writeInt(p.index()).writeShort(p.errorCode()).writeLong(p.baseOffset()).writeLong(p.logAppendTimeMs());
        if (version >= 5) {
            o.writeLong(p.logStartOffset());
        }
        if (version >= 8) {
            MessageCodec.writeArray(o, p.recordErrors(), flexible, (e, re) -> {
                e.writeInt(re.batchIndex()).writeNullableString(re.message(), flexible);
                if (flexible) {
                    e.writeEmptyTaggedFields();
                }
            });
            o.writeNullableString(p.errorMessage(), flexible);
        }
        if (flexible) {
            boolean leader = version >= 10 && !p.currentLeader().isUnknown();
            o.writeUnsignedVarint(leader ? 1 : 0);
            if (leader) {
                MessageCodec.writeTaggedField(o, 0, out -> out.writeInt(p.currentLeader().leaderId())
                        .writeInt(p.currentLeader().leaderEpoch()).writeEmptyTaggedFields());
            }
        }
    }
}
