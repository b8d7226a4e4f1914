package io.samsa.metadata;

import io.samsa.common.PartitionInfo;
import io.samsa.errors.Errors;

import java.util.List;
import java.util.UUID;

/**
 * One topic as the last metadata response described it.
 *
 * @param name       the topic name
 * @param topicId    the topic id (zero UUID when the broker did not send one: Metadata &lt; v10)
 * @param error      the topic-level error ({@link Errors#NONE} when the topic is usable)
 * @param isInternal true for Kafka's own topics (__consumer_offsets, ...)
 * @param partitions every partition, ordered by partition number, including those without a leader
 */
public record TopicMetadata(String name, UUID topicId, Errors error, boolean isInternal, List<PartitionInfo> partitions) {
    public TopicMetadata {
        partitions = List.copyOf(partitions);
    }

    public int partitionCount() {
        return partitions.size();
    }
}
