package io.samsa.accumulator;

import io.samsa.common.TopicPartition;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One topic's row in the {@link QueueTable}: its partitions' queues indexed by partition number, its sticky
 * partitioner, and its compression estimate.
 *
 * <p><b>Threads.</b> Any thread reads. The queue array is replaced (copy-on-write, under this object's monitor)
 * when a queue is created, which happens once per partition; lookups read the volatile array without locking.
 * The other fields say who writes them.
 */
final class TopicQueues {
    final String topic;
    final StickyPartitioner sticky;
    /** Written by the I/O thread after each compression, read by appends that start a batch. */
    final CompressionRatioEstimator compression = new CompressionRatioEstimator();
    volatile PartitionQueue[] queues = new PartitionQueue[0];
    /**
     * Set once (by an appending thread) when an unkeyed record used the sticky partitioner: only then is the
     * load worth reporting to it.
     */
    volatile boolean stickyUsed;
    /** When the topic's newest batch was created, for {@code metadata.max.idle.ms}; -1 before any. */
    volatile long lastBatchCreatedMs = -1;

    private final AtomicInteger tableVersion;

    /** @param tableVersion bumped whenever a queue is created, so the I/O thread rebuilds its broker index */
    TopicQueues(String topic, StickyPartitioner sticky, AtomicInteger tableVersion) {
        this.topic = topic;
        this.sticky = sticky;
        this.tableVersion = tableVersion;
    }

    /** The partition's queue, created on first use. */
    PartitionQueue queue(int partition) {
        PartitionQueue[] qs = queues;
        if (partition < qs.length) {
            PartitionQueue q = qs[partition];
            if (q != null) {
                return q;
            }
        }
        return create(partition);
    }

    /** The partition's queue if it exists, else null; never creates one. */
    PartitionQueue existing(int partition) {
        PartitionQueue[] qs = queues;
        return partition >= 0 && partition < qs.length ? qs[partition] : null;
    }

    /** Whether any partition of the topic has a queued batch (no lock: a snapshot). */
    boolean hasQueued() {
        for (PartitionQueue q : queues) {
            if (q != null && q.size() > 0) {
                return true;
            }
        }
        return false;
    }

    private synchronized PartitionQueue create(int partition) {
        PartitionQueue[] qs = queues;
        if (partition < qs.length && qs[partition] != null) {
            return qs[partition];
        }
        PartitionQueue[] grown = Arrays.copyOf(qs, Math.max(qs.length, partition + 1));
        PartitionQueue q = new PartitionQueue(new TopicPartition(topic, partition));
        grown[partition] = q;
        queues = grown;
        tableVersion.incrementAndGet();
        return q;
    }
}
