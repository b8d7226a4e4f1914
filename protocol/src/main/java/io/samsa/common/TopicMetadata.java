package io.samsa.common;

import io.samsa.common.PartitionInfo;

import java.util.List;
import java.util.UUID;

/**
 * One topic as the last metadata response described it.
 *
 * @param name       the topic name
 * @param topicId    the topic id (zero UUID when the broker did not send one: Metadata &lt; v10)
 * @param errorCode  the topic-level error code from the wire (0 when the topic is usable; Errors.forCode decodes it)
 * @param isInternal true for Kafka's own topics (__consumer_offsets, ...)
 * @param partitions every partition, ordered by partition number, including those without a leader
 */
public record TopicMetadata(String name, UUID topicId, short errorCode, boolean isInternal, List<PartitionInfo> partitions) {
    /**
     * Copies {@code partitions}, so the record stays immutable.
     *
     * @param name       the topic name
     * @param topicId    the topic id (zero UUID when the broker did not send one)
     * @param errorCode  the topic-level error code from the wire (0 when the topic is usable)
     * @param isInternal true for Kafka's own topics
     * @param partitions every partition, ordered by partition number; copied
     */
    public TopicMetadata {
        partitions = List.copyOf(partitions);
    }

    /** {@return true when the broker reported an error code for the topic (see {@code Errors.forCode(errorCode())})} */
    public boolean hasError() {
        return errorCode != 0;
    }

    /** {@return the number of partitions described} */
    public int partitionCount() {
        return partitions.size();
    }
}
