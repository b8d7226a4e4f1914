package io.samsa.producer;

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
 * <p>Immutable.
 */
public final class RecordMetadata {
    /** The partition of a record that failed before a partition was chosen for it. */
    public static final int UNKNOWN_PARTITION = -1;

    private final TopicPartition topicPartition;
    private final long offset;
    private final long timestamp;
    private final int serializedKeySize;
    private final int serializedValueSize;

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
        this.topicPartition = topicPartition;
        // An unknown base offset says nothing about the record's own offset: the index must not turn -1 into a
        // plausible-looking offset.
        this.offset = baseOffset >= 0 ? baseOffset + batchIndex : -1L;
        this.timestamp = timestamp;
        this.serializedKeySize = serializedKeySize;
        this.serializedValueSize = serializedValueSize;
    }

    /** Whether the offset is known (the broker acknowledged the record with {@code acks} 1 or all). */
    public boolean hasOffset() {
        return offset != -1L;
    }

    /** The record's offset in its partition, or -1 when unknown ({@link #hasOffset()}). */
    public long offset() {
        return offset;
    }

    /** Whether the timestamp is known. */
    public boolean hasTimestamp() {
        return timestamp != -1L;
    }

    /** The record's timestamp in milliseconds since the epoch, as stored, or -1 when unknown. */
    public long timestamp() {
        return timestamp;
    }

    /** The serialized key's size in bytes, or -1 for a null key. */
    public int serializedKeySize() {
        return serializedKeySize;
    }

    /** The serialized value's size in bytes, or -1 for a null value. */
    public int serializedValueSize() {
        return serializedValueSize;
    }

    public String topic() {
        return topicPartition.topic();
    }

    /** The partition, or {@link #UNKNOWN_PARTITION} if the send failed before one was chosen. */
    public int partition() {
        return topicPartition.partition();
    }

    /** {@code topic-partition@offset}, as Apache Kafka prints it. */
    @Override
    public String toString() {
        return topicPartition + "@" + offset;
    }
}
