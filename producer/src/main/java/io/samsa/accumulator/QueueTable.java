package io.samsa.accumulator;

import io.samsa.common.TopicPartition;

import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Every partition queue of the producer, by topic and partition: the one structure both sides of the
 * accumulator share. Appending threads find (or create) the queue of the partition they append to; the I/O
 * thread walks all of them to check readiness, drain, expire and re-queue.
 *
 * <pre>
 *   topic "orders"  -&gt; TopicQueues [ PartitionQueue 0 | PartitionQueue 1 | null | PartitionQueue 3 ]
 *   topic "clicks"  -&gt; TopicQueues [ PartitionQueue 0 ]
 * </pre>
 *
 * <p><b>Threads.</b> Any thread. Topics live in a concurrent map; a topic's queue array is copy-on-write; each
 * queue is guarded by its own monitor ({@link PartitionQueue}). {@link #version()} changes whenever a queue is
 * created, so the I/O thread knows when to rebuild its per-broker index.
 */
final class QueueTable {
    private final ConcurrentHashMap<String, TopicQueues> topics = new ConcurrentHashMap<>();
    private final AtomicInteger version = new AtomicInteger();
    private final Function<String, StickyPartitioner> stickyFactory;

    /** @param stickyFactory makes a new topic's sticky partitioner */
    QueueTable(Function<String, StickyPartitioner> stickyFactory) {
        this.stickyFactory = stickyFactory;
    }

    /** The topic's row, created on first use. */
    TopicQueues topic(String topic) {
        TopicQueues t = topics.get(topic);
        if (t == null) {
            Objects.requireNonNull(topic, "topic");
            t = topics.computeIfAbsent(topic, name -> new TopicQueues(name, stickyFactory.apply(name), version));
        }
        return t;
    }

    /** The topic's row if it exists, else null (the append fast path: no allocation, no creation). */
    TopicQueues existing(String topic) {
        return topics.get(topic);
    }

    /** The queue of {@code tp}, created on first use. */
    PartitionQueue queue(TopicPartition tp) {
        return topic(tp.topic()).queue(tp.partition());
    }

    /** Every topic's row (a live view: topics added meanwhile may or may not be seen). */
    Collection<TopicQueues> topics() {
        return topics.values();
    }

    /** Changes whenever a partition queue is created. */
    int version() {
        return version.get();
    }

    /** Whether some partition has a queued batch (not yet drained, or re-enqueued). */
    boolean hasQueued() {
        for (TopicQueues t : topics.values()) {
            if (t.hasQueued()) {
                return true;
            }
        }
        return false;
    }

    /** Batches queued for {@code tp} right now. */
    int queuedBatches(TopicPartition tp) {
        TopicQueues t = topics.get(tp.topic());
        PartitionQueue q = t == null ? null : t.existing(tp.partition());
        return q == null ? 0 : q.size();
    }
}
