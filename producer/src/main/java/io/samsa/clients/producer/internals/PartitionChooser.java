package io.samsa.clients.producer.internals;

import io.samsa.accumulator.RecordAccumulator;
import io.samsa.common.Cluster;

/**
 * Chooses a record's partition once its topic's metadata is known: the producer's routing rule (the record's own
 * partition, {@code partitioner.class}, murmur2 of the key, or the sticky choice), as the internals need it
 * without depending on the public API's types.
 *
 * <p>Thread-safe: called by application threads and by the I/O thread.
 */
@FunctionalInterface
public interface PartitionChooser {
    /**
     * @param explicit       the record's own partition, or null
     * @param partitionCount the topic's partition count from {@code cluster} (known, &gt; 0)
     * @return the partition, or {@link RecordAccumulator#UNKNOWN_PARTITION} for the sticky choice, made by the
     *         accumulator atomically with the append
     * @throws io.samsa.common.KafkaException naming the topic and range when the partition does not exist
     */
    int partition(String topic, Integer explicit, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                  Cluster cluster, int partitionCount);
}
