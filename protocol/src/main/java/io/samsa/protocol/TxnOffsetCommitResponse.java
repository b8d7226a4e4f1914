package io.samsa.protocol;

import io.samsa.common.TopicPartition;
import io.samsa.common.errors.Errors;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TxnOffsetCommit response (key 28), versions 0..5: one error code per partition.
 *
 * <pre>
 *   +------------------+---------------------------------------------------+------------+
 *   | throttle_time_ms | topics: count, then per topic:                    | tags (v3+) |
 *   | int32            |   name string                                     |            |
 *   |                  |   partitions: count, then per partition:          |            |
 *   |                  |     partition_index int32 | error_code int16      |            |
 *   |                  |     | tags (v3+)                                  |            |
 *   |                  |   tags (v3+)                                      |            |
 *   +------------------+---------------------------------------------------+------------+
 *   v0-2: int16-length strings, int32 counts. v3+: compact strings and counts, tagged fields.
 * </pre>
 *
 * <p>From v3 the group metadata errors can appear: ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID
 * (the producer's consumer is no longer in the group: a zombie).
 */
public record TxnOffsetCommitResponse(int throttleTimeMs, List<Topic> topics) implements Response {

    public TxnOffsetCommitResponse {
        topics = MessageCodec.copy(topics);
    }

    /** One topic's results. */
    public record Topic(String name, List<Partition> partitions) {
        public Topic {
            partitions = MessageCodec.copy(partitions);
        }
    }

    /** One partition's result. */
    public record Partition(int partitionIndex, short errorCode) {
        public Errors error() {
            return Errors.forCode(errorCode);
        }

        @Override
        public String toString() {
            return partitionIndex + "=" + Errors.describe(errorCode);
        }
    }

    /** Every partition's error, in response order (NONE for the offsets committed). */
    public Map<TopicPartition, Errors> errors() {
        Map<TopicPartition, Errors> out = new LinkedHashMap<>();
        for (Topic t : topics) {
            for (Partition p : t.partitions()) {
                out.put(new TopicPartition(t.name(), p.partitionIndex()), p.error());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    // ---- encoding ----------------------------------------------------------------------------------------

    public static TxnOffsetCommitResponse read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.TXN_OFFSET_COMMIT, version);
        boolean flexible = ApiKey.TXN_OFFSET_COMMIT.isFlexible(version);
        int throttle = r.readInt("throttle_time_ms");
        // name (1 compact / 2 classic) + partition count (1 / 4) + tags (1 / 0)
        List<Topic> topics = MessageCodec.readArray(r, "topics", flexible, flexible ? 3 : 6, in -> {
            String name = in.readString("name", flexible);
            List<Partition> parts = MessageCodec.readArray(in, "partitions", flexible, flexible ? 7 : 6, p -> {
                Partition part = new Partition(p.readInt("partition_index"), p.readShort("error_code"));
                if (flexible) {
                    p.skipTaggedFields();
                }
                return part;
            });
            if (flexible) {
                in.skipTaggedFields();
            }
            return new Topic(name, parts);
        });
        if (flexible) {
            r.skipTaggedFields();
        }
        return new TxnOffsetCommitResponse(throttle, topics);
    }

    /** Writes the body at {@code version} (for fakes and tests that play the broker). */
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.TXN_OFFSET_COMMIT, version);
        boolean flexible = ApiKey.TXN_OFFSET_COMMIT.isFlexible(version);
        w.writeInt(throttleTimeMs);
        MessageCodec.writeArray(w, topics, flexible, (out, t) -> {
            out.writeString(t.name(), flexible);
            MessageCodec.writeArray(out, t.partitions(), flexible, (o, p) -> {
                o.writeInt(p.partitionIndex()).writeShort(p.errorCode());
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

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TxnOffsetCommitResponse(");
        for (Topic t : topics) {
            sb.append(t.name()).append(t.partitions()).append(", ");
        }
        return sb.append("throttleTimeMs=").append(throttleTimeMs).append(')').toString();
    }
}
