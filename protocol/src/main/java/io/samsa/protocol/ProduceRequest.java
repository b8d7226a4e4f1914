package io.samsa.protocol;

import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.types.ProtocolException;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Produce request (key 0), versions 3..13: record batches for partitions led by one broker.
 *
 * <pre>
 *   +------------------+-------+------------+---------------------------------------------+------+
 *   | transactional_id | acks  | timeout_ms | topic_data: count, then per topic:          | tags |
 *   | string? (-1/0 =  | int16 | int32      |   name string (v3-12) | topic_id uuid (v13+) | v9+  |
 *   | null)            |       |            |   partition_data: count, then per partition:|      |
 *   |                  |       |            |     index int32 | records (len, batch bytes)|      |
 *   |                  |       |            |     | tags (v9+)                            |      |
 *   |                  |       |            |   tags (v9+)                                |      |
 *   +------------------+-------+------------+---------------------------------------------+------+
 *   v3-8: int16 string lengths, int32 counts, int32 records length (-1 = null).
 *   v9+ : compact strings, uvarint N+1 counts and records length (0 = null), tagged fields.
 * </pre>
 *
 * <p>The records buffers are written with {@link ProtocolWriter#writeNullableBuffer}: large batches are
 * referenced, not copied, and their position is left alone, so the same request can be written again on a
 * retry. A batch buffer must therefore not be modified or reused while a request holding it may be written
 * or is on the wire.
 *
 * <p>With {@code acks == 0} the broker sends no response at all ({@link #expectsResponse()} is false).
 *
 * @param transactionalId null unless the producer is transactional
 * @param acks            0, 1 or -1 (all in-sync replicas)
 * @param timeoutMs       how long the broker may wait for the in-sync replicas
 * @param topicData       the batches, per topic and partition
 */
public record ProduceRequest(String transactionalId, short acks, int timeoutMs, List<TopicData> topicData)
        implements Request<ProduceResponse> {
    /**
     * The last Produce version of transaction protocol version 1: from v12 on, a transactional Produce adds its
     * partitions to the transaction itself (KIP-890), so a producer running version 1 stays at or below this.
     */
    public static final short LAST_VERSION_BEFORE_TRANSACTION_V2 = 11;


    /** The first Produce version that may carry zstd-compressed batches (KIP-110). */
    public static final short MIN_ZSTD_VERSION = 7;

    /**
     * The partitions of one topic: addressed by name up to v12, by topic id from v13.
     *
     * @param name    the topic name (needed for v3-12); may be null if only v13+ is used
     * @param topicId the topic id (needed for v13+); the zero UUID if unknown, never null
     */
    public record TopicData(String name, UUID topicId, List<PartitionData> partitions) {
        public TopicData {
            topicId = MessageCodec.orZero(topicId);
            partitions = MessageCodec.copy(partitions);
        }

        @Override
        public String toString() {
            return (name != null ? name : "") + (topicId.equals(MessageCodec.ZERO_UUID) ? "" : "[" + topicId + "]")
                    + partitions;
        }
    }

    /**
     * One partition's data: a single magic-2 record batch (brokers reject several with INVALID_RECORD).
     *
     * @param index   the partition
     * @param records the batch bytes between position and limit, or null; not copied (see the class comment)
     */
    public record PartitionData(int index, ByteBuffer records) {
        public PartitionData {
            // A private view: a caller moving the position of its buffer later cannot change what we send.
            records = records == null ? null : records.duplicate();
        }

        @Override
        public ByteBuffer records() {
            return records == null ? null : records.duplicate();
        }

        @Override
        public String toString() {
            return index + "=" + MessageCodec.describeBuffer(records);
        }
    }

    public ProduceRequest {
        topicData = MessageCodec.copy(topicData);
    }

    public static Builder builder(short acks, int timeoutMs) {
        return new Builder(acks, timeoutMs);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.PRODUCE;
    }

    @Override
    public boolean expectsResponse() {
        return acks != 0;
    }

    @Override
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.PRODUCE, version);
        if (version < MIN_ZSTD_VERSION) {
            checkNoZstd(version);
        }
        boolean flexible = ApiKey.PRODUCE.isFlexible(version);
        w.writeNullableString(transactionalId, flexible);
        w.writeShort(acks);
        w.writeInt(timeoutMs);
        w.writeLength(topicData.size(), flexible);
        for (TopicData t : topicData) {
            if (version >= 13) {
                if (t.topicId().equals(MessageCodec.ZERO_UUID)) {
                    throw ApiKey.PRODUCE.unsupportedVersion("Produce v" + version
                            + " addresses topics by id, but topic " + t.name() + " has none");
                }
                w.writeUuid(t.topicId());
            } else {
                if (t.name() == null) {
                    throw ApiKey.PRODUCE.unsupportedVersion("Produce v" + version
                            + " addresses topics by name, but topic " + t.topicId() + " has none");
                }
                w.writeString(t.name(), flexible);
            }
            w.writeLength(t.partitions().size(), flexible);
            for (PartitionData p : t.partitions()) {
                w.writeInt(p.index());
                w.writeNullableBuffer(p.records, flexible); // the field, not the accessor: no extra duplicate
                if (flexible) {
                    w.writeEmptyTaggedFields();
                }
            }
            if (flexible) {
                w.writeEmptyTaggedFields();
            }
        }
        if (flexible) {
            w.writeEmptyTaggedFields();
        }
    }

    /** Reads a request body (for fakes and tests that play the broker); records are slices of the input. */
    /**
     * Brokers accept zstd batches from Produce v7 on (Kafka 2.1) and answer older versions with
     * UNSUPPORTED_COMPRESSION_TYPE; failing here, before anything is sent, names the setting to change.
     */
    private void checkNoZstd(short version) {
        for (TopicData t : topicData) {
            for (PartitionData p : t.partitions()) {
                ByteBuffer b = p.records;
                if (b == null) {
                    continue;
                }
                // Every batch in the records (normally one). Only well-formed v2 batches whose CRC matches
                // count: the bytes of a request are opaque here, and arbitrary bytes must not trip the check.
                ByteBuffer rest = b.duplicate();
                while (rest.remaining() >= RecordBatch.HEADER_SIZE) {
                    RecordBatch batch;
                    try {
                        batch = RecordBatch.wrap(rest);
                    } catch (ProtocolException notABatch) {
                        break;
                    }
                    if (batch.compressionCodec() == RecordBatch.COMPRESSION_ZSTD && batch.isValid()) {
                        throw ApiKey.PRODUCE.unsupportedVersion("compression.type=zstd needs Produce"
                                + " v" + MIN_ZSTD_VERSION + "+ (Kafka 2.1+), but the broker supports at most Produce v"
                                + version + ": use another compression.type for this cluster (batch for "
                                + (t.name() != null ? t.name() : t.topicId()) + "-" + p.index() + ")");
                    }
                    rest.position(rest.position() + batch.sizeInBytes());
                }
            }
        }
    }

    public static ProduceRequest read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.PRODUCE, version);
        boolean flexible = ApiKey.PRODUCE.isFlexible(version);
        String txnId = r.readNullableString("transactional_id", flexible);
        short acks = r.readShort("acks");
        int timeout = r.readInt("timeout_ms");
        List<TopicData> topics = MessageCodec.readArray(r, "topic_data", flexible, 2, in -> {
            String name = null;
            UUID id = MessageCodec.ZERO_UUID;
            if (version >= 13) {
                id = in.readUuid("topic_id");
            } else {
                name = in.readString("name", flexible);
            }
            List<PartitionData> parts = MessageCodec.readArray(in, "partition_data", flexible, 5, p -> {
                PartitionData pd = new PartitionData(p.readInt("index"), p.readNullableBytes("records", flexible));
                if (flexible) {
                    p.skipTaggedFields();
                }
                return pd;
            });
            if (flexible) {
                in.skipTaggedFields();
            }
            return new TopicData(name, id, parts);
        });
        if (flexible) {
            r.skipTaggedFields();
        }
        return new ProduceRequest(txnId, acks, timeout, topics);
    }

    @Override
    public ProduceResponse readResponse(ProtocolReader r, short version) {
        return ProduceResponse.read(r, version);
    }

    @Override
    public String toString() {
        return "ProduceRequest(" + (transactionalId == null ? "" : "transactionalId=" + transactionalId + ", ")
                + "acks=" + acks + ", timeoutMs=" + timeoutMs + ", topicData=" + topicData + ")";
    }

    /** Collects partitions into topics, keeping the order in which topics are first seen. */
    public static final class Builder {
        private final short acks;
        private final int timeoutMs;
        private String transactionalId;
        private final Map<Object, TopicAcc> topics = new LinkedHashMap<>();

        private Builder(short acks, int timeoutMs) {
            this.acks = acks;
            this.timeoutMs = timeoutMs;
        }

        public Builder transactionalId(String transactionalId) {
            this.transactionalId = transactionalId;
            return this;
        }

        /**
         * Adds one partition's batch. Topics are grouped by name, or by id when the name is null; pass both
         * when known so the request can be written at any version.
         */
        public Builder add(String topic, UUID topicId, int partition, ByteBuffer records) {
            Object key = topic != null ? topic : Objects.requireNonNull(topicId, "topic name or id");
            topics.computeIfAbsent(key, k -> new TopicAcc(topic, topicId)).partitions
                    .add(new PartitionData(partition, records));
            return this;
        }

        public ProduceRequest build() {
            List<TopicData> out = new ArrayList<>(topics.size());
            for (TopicAcc t : topics.values()) {
                out.add(new TopicData(t.name, t.id, t.partitions));
            }
            return new ProduceRequest(transactionalId, acks, timeoutMs, out);
        }

        private static final class TopicAcc {
            final String name;
            final UUID id;
            final List<PartitionData> partitions = new ArrayList<>();

            TopicAcc(String name, UUID id) {
                this.name = name;
                this.id = id;
            }
        }
    }
}
