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
 * AddPartitionsToTxn response (key 24), client versions 0..3: one error code per partition asked for.
 *
 * <pre>
 *   +------------------+-------------------------------------------------------------+------------+
 *   | throttle_time_ms | results_by_topic_v3_and_below: count, then per topic:       | tags (v3)  |
 *   | int32            |   name string                                               |            |
 *   |                  |   results_by_partition: count, then per partition:          |            |
 *   |                  |     partition_index int32 | partition_error_code int16      |            |
 *   |                  |     | tags (v3)                                             |            |
 *   |                  |   tags (v3)                                                 |            |
 *   +------------------+-------------------------------------------------------------+------------+
 *   v0-2: int16-length strings, int32 counts. v3: compact strings and counts, tagged fields.
 * </pre>
 *
 * <p>The coordinator adds all the partitions or none: when one fails, the others come back with
 * OPERATION_NOT_ATTEMPTED. CONCURRENT_TRANSACTIONS (the previous transaction is still completing) is retried
 * after a backoff.
 */
public record AddPartitionsToTxnResponse(int throttleTimeMs, List<TopicResult> resultsByTopic) implements Response {

    public AddPartitionsToTxnResponse {
        resultsByTopic = MessageCodec.copy(resultsByTopic);
    }

    /** One topic's results. */
    public record TopicResult(String name, List<PartitionResult> resultsByPartition) {
        public TopicResult {
            resultsByPartition = MessageCodec.copy(resultsByPartition);
        }
    }

    /** One partition's result. */
    public record PartitionResult(int partitionIndex, short errorCode) {
        public Errors error() {
            return Errors.forCode(errorCode);
        }

        @Override
        public String toString() {
            return partitionIndex + "=" + Errors.describe(errorCode);
        }
    }

    /** Every partition's error, in response order (NONE for the partitions added). */
    public Map<TopicPartition, Errors> errors() {
        Map<TopicPartition, Errors> out = new LinkedHashMap<>();
        for (TopicResult t : resultsByTopic) {
            for (PartitionResult p : t.resultsByPartition()) {
                out.put(new TopicPartition(t.name(), p.partitionIndex()), p.error());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    // ---- encoding ----------------------------------------------------------------------------------------

    public static AddPartitionsToTxnResponse read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.ADD_PARTITIONS_TO_TXN, version);
        boolean flexible = ApiKey.ADD_PARTITIONS_TO_TXN.isFlexible(version);
        int throttle = r.readInt("throttle_time_ms");
        // name (1 compact / 2 classic) + partition count (1 / 4) + tags (1 / 0)
        List<TopicResult> topics = MessageCodec.readArray(r, "results_by_topic_v3_and_below", flexible,
                flexible ? 3 : 6, in -> {
                    String name = in.readString("name", flexible);
                    List<PartitionResult> parts = MessageCodec.readArray(in, "results_by_partition", flexible,
                            flexible ? 7 : 6, p -> {
                                PartitionResult pr = new PartitionResult(p.readInt("partition_index"),
                                        p.readShort("partition_error_code"));
                                if (flexible) {
                                    p.skipTaggedFields();
                                }
                                return pr;
                            });
                    if (flexible) {
                        in.skipTaggedFields();
                    }
                    return new TopicResult(name, parts);
                });
        if (flexible) {
            r.skipTaggedFields();
        }
        return new AddPartitionsToTxnResponse(throttle, topics);
    }

    /** Writes the body at {@code version} (for fakes and tests that play the broker). */
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.ADD_PARTITIONS_TO_TXN, version);
        boolean flexible = ApiKey.ADD_PARTITIONS_TO_TXN.isFlexible(version);
        w.writeInt(throttleTimeMs);
        MessageCodec.writeArray(w, resultsByTopic, flexible, (out, t) -> {
            out.writeString(t.name(), flexible);
            MessageCodec.writeArray(out, t.resultsByPartition(), flexible, (o, p) -> {
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
        StringBuilder sb = new StringBuilder("AddPartitionsToTxnResponse(");
        for (TopicResult t : resultsByTopic) {
            sb.append(t.name()).append(t.resultsByPartition()).append(", ");
        }
        return sb.append("throttleTimeMs=").append(throttleTimeMs).append(')').toString();
    }
}
