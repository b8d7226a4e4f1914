package io.samsa.clients.producer;

import io.samsa.accumulator.BuiltInPartitioner;
import io.samsa.accumulator.RecordAccumulator;
import io.samsa.common.KafkaException;
import io.samsa.common.Cluster;
import io.samsa.clients.producer.internals.PartitionChooser;

/**
 * Chooses a record's partition exactly as Apache Kafka's producer does (notes section 9): the record's own
 * partition; else the configured {@code partitioner.class}; else murmur2 of the serialized key over all the
 * topic's partitions (unless {@code partitioner.ignore.keys}); else the topic's sticky partition, which the
 * accumulator picks atomically with the append ({@link RecordAccumulator#UNKNOWN_PARTITION}).
 *
 * <p>Thread-safe: called by application threads (topic metadata known) and by the I/O thread (records that
 * waited for metadata). A custom partitioner must itself be thread-safe, as in Apache's client.
 */
final class RecordRouter implements PartitionChooser {
    private final Partitioner custom;
    private final boolean ignoreKeys;

    RecordRouter(Partitioner custom, boolean ignoreKeys) {
        this.custom = custom;
        this.ignoreKeys = ignoreKeys;
    }

    /**
     * @param partitionCount the topic's partition count from {@code cluster} (known, > 0)
     * @return the partition, or {@link RecordAccumulator#UNKNOWN_PARTITION} for the sticky choice
     * @throws KafkaException naming the topic and range when the record's (or the custom partitioner's)
     *                        partition does not exist
     */
    @Override
    public int partition(String topic, Integer explicit, Object key, byte[] keyBytes, Object value,
                         byte[] valueBytes, Cluster cluster, int partitionCount) {
        if (explicit != null) {
            return check(topic, explicit, partitionCount, "the record's partition");
        }
        if (custom != null) {
            int p = custom.partition(topic, key, keyBytes, value, valueBytes, cluster);
            return check(topic, p, partitionCount, "partitioner " + custom.getClass().getName());
        }
        if (keyBytes != null && !ignoreKeys) {
            return BuiltInPartitioner.partitionForKey(keyBytes, partitionCount);
        }
        return RecordAccumulator.UNKNOWN_PARTITION;
    }

    private static int check(String topic, int partition, int count, String source) {
        if (partition < 0 || partition >= count) {
            throw new KafkaException("Invalid partition " + partition + " from " + source + " for topic " + topic
                    + ": it has " + count + " partition(s), 0.." + (count - 1));
        }
        return partition;
    }

    void close() {
        if (custom != null) {
            custom.close();
        }
    }
}
