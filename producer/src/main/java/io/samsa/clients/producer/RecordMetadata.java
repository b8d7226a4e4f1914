package io.samsa.clients.producer;

import io.samsa.common.TopicPartition;

/**
 * What the producer learnt about a record it sent: where it went (topic, partition), where it landed (offset)
 * and with which timestamp, and how large its serialized key and value were. Given to the {@link Callback}
 * and returned by the future of {@code send()}.
 *
 * <p>The shape of Apache Kafka's {@code org.apache.kafka.clients.producer.RecordMetadata}. When the send
 * failed, or with {@code acks=0} (the broker does not answer), the offset is -1 and {@link #hasOffset()} is
 * false; a timestamp the producer does not know is -1 and {@link #hasTimestamp()} is false. A partition not
 * yet chosen when the send failed is {@link #UNKNOWN_PARTITION}.
 *
 * <p>Immutable once handed out. The producer makes each record's metadata empty at {@code send()} and fills it
 * just before completing the record's future (a volatile write, so whoever sees the future done or receives the
 * callback sees the filled fields), never after. Why not create it at completion, as Apache Kafka's producer
 * does: the future is a {@code CompletableFuture} that must hold its result, and a record waits in
 * {@code buffer.memory} long enough that its future is often already in the old generation when it completes.
 * A new (young) metadata stored in that old future stays alive through every young collection until the next
 * old one, even after the future itself is garbage, and dirties a card that the collector must scan; under load
 * that copying and scanning are a large share of the producer's collector time (BENCHMARKS.md, "Measured costs
 * behind the code"). Made at {@code send()}, the metadata ages with its future, and completion writes only
 * numbers into it.
 */
public final class RecordMetadata {
    /** The partition of a record that failed before a partition was chosen for it. */
    public static final int UNKNOWN_PARTITION = -1;

    // Written only before the metadata is handed out (see the class comment): effectively final.
    private final String topic;
    private int partition;
    private long offset;
    private long timestamp;
    private int serializedKeySize;
    private int serializedValueSize;

    /**
     * @param topicPartition      where the record was sent
     * @param baseOffset          the offset the broker gave the record's batch, or -1 when unknown
     * @param batchIndex          the record's position in its batch: its offset is {@code baseOffset + batchIndex}
     * @param timestamp           the record's timestamp as stored (its own, or the broker's with
     *                            {@code LogAppendTime}), or -1 when unknown
     * @param serializedKeySize   the key's size in bytes, -1 for a null key
     * @param serializedValueSize the value's size in bytes, -1 for a null value
     */
    public RecordMetadata(TopicPartition topicPartition, long baseOffset, int batchIndex, long timestamp,
                          int serializedKeySize, int serializedValueSize) {
        this.topic = topicPartition.topic();
        this.partition = topicPartition.partition();
        // An unknown base offset says nothing about the record's own offset: the index must not turn -1 into a
        // plausible-looking offset.
        this.offset = baseOffset >= 0 ? baseOffset + batchIndex : -1L;
        this.timestamp = timestamp;
        this.serializedKeySize = serializedKeySize;
        this.serializedValueSize = serializedValueSize;
    }

    /** The producer's empty metadata of a record being sent to {@code topic}; see {@link #fill}. */
    RecordMetadata(String topic) {
        this.topic = topic;
        this.partition = UNKNOWN_PARTITION;
        this.offset = -1L;
        this.timestamp = -1L;
        this.serializedKeySize = -1;
        this.serializedValueSize = -1;
    }

    /**
     * Fills what the producer learnt, once, on the thread that then completes the record's future. Numbers
     * only: no reference is stored into a metadata that may already be old (the class comment says why).
     */
    void fill(int partition, long offset, long timestamp, int serializedKeySize, int serializedValueSize) {
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.serializedKeySize = serializedKeySize;
        this.serializedValueSize = serializedValueSize;
    }

    /** {@return whether the offset is known (the broker acknowledged the record with {@code acks} 1 or all)} */
    public boolean hasOffset() {
        return offset != -1L;
    }

    /** {@return the record's offset in its partition, or -1 when unknown ({@link #hasOffset()})} */
    public long offset() {
        return offset;
    }

    /** {@return whether the timestamp is known} */
    public boolean hasTimestamp() {
        return timestamp != -1L;
    }

    /** {@return the record's timestamp in milliseconds since the epoch, as stored, or -1 when unknown} */
    public long timestamp() {
        return timestamp;
    }

    /** {@return the serialized key's size in bytes, or -1 for a null key} */
    public int serializedKeySize() {
        return serializedKeySize;
    }

    /** {@return the serialized value's size in bytes, or -1 for a null value} */
    public int serializedValueSize() {
        return serializedValueSize;
    }

    /** {@return the topic the record was sent to} */
    public String topic() {
        return topic;
    }

    /** {@return the partition, or {@link #UNKNOWN_PARTITION} if the send failed before one was chosen} */
    public int partition() {
        return partition;
    }

    /** {@code topic-partition@offset}, as Apache Kafka prints it. */
    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
