package io.samsa.clients.producer;

import io.samsa.common.PartitionInfo;
import io.samsa.common.Cluster;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends each record of a topic to the next partition in turn, keys ignored, as Apache Kafka's
 * {@code RoundRobinPartitioner}: the i-th record of a topic goes to the (i mod n)-th of the n partitions that
 * have a leader, or, when none has, of all partitions.
 *
 * <p>Use it when every record must be spread evenly record by record; the built-in partitioner gives better
 * batches (it fills one partition's batch at a time) and is the better choice otherwise. Counting is per
 * topic and per producer. When partitions lose or regain leaders, the cycle shifts: "in turn" is over the
 * partitions available at the time of each record.
 *
 * <p>Thread-safe and lock-free: one {@link AtomicInteger} per topic.
 */
public class RoundRobinPartitioner implements Partitioner {
    private final ConcurrentMap<String, AtomicInteger> counters = new ConcurrentHashMap<>();

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                         Cluster cluster) {
        // Overflow wraps to negative: the mask keeps the cycle going (as Apache's toPositive does).
        int next = counters.computeIfAbsent(topic, t -> new AtomicInteger()).getAndIncrement() & 0x7fffffff;
        List<PartitionInfo> available = cluster.availablePartitionsForTopic(topic);
        if (!available.isEmpty()) {
            return available.get(next % available.size()).partition();
        }
        int count = cluster.partitionsForTopic(topic).size();
        if (count == 0) {
            throw new IllegalStateException("No partitions are known for topic '" + topic + "'");
        }
        return next % count;
    }
}
