package io.samsa.common;

import java.io.Serializable;
import java.util.Objects;

/**
 * A topic name and a partition number. Immutable; usable as a map key. Serializable, as Apache Kafka's
 * {@code TopicPartition} is, so that code keeping partitions in serialized state moves over too.
 */
public final class TopicPartition implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The topic name; never null. */
    private final String topic;
    /** The partition number. */
    private final int partition;
    /** The hash code, computed once. */
    private final int hash;

    /**
     * A partition of a topic.
     *
     * @param topic     the topic name; not null
     * @param partition the partition number
     */
    public TopicPartition(String topic, int partition) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.partition = partition;
        this.hash = 31 * topic.hashCode() + partition;
    }

    /** {@return the topic name} */
    public String topic() {
        return topic;
    }

    /** {@return the partition number} */
    public int partition() {
        return partition;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TopicPartition)) {
            return false;
        }
        TopicPartition tp = (TopicPartition) o;
        return partition == tp.partition && topic.equals(tp.topic);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** {@code topic-partition}, as Kafka prints it. */
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
