package io.samsa.clients.producer;

import io.samsa.common.Cluster;

import java.io.Closeable;
import java.util.Map;

/**
 * Chooses the partition of records that do not name one, in place of the built-in partitioner. Set with
 * {@code partitioner.class}. The shape of Apache Kafka 4.x's {@code org.apache.kafka.clients.producer.Partitioner},
 * so an existing partitioner moves over by changing its imports ({@code Cluster}, {@code PartitionInfo} and
 * this interface).
 *
 * <p>Leave {@code partitioner.class} unset unless records need a placement the built-in partitioner cannot
 * give: the built-in one hashes keys exactly as Apache Kafka does and spreads unkeyed records in batch-sized
 * runs (KIP-794), which a custom partitioner cannot do as well because it does not see the batches.
 *
 * <p><b>Threads.</b> One instance per producer; {@link #partition} is called by every application thread that
 * calls {@code send()}, concurrently, so it must be thread-safe and should be fast (it runs before the record
 * is appended). {@link #configure} is called once before any {@code partition}, {@link #close} once when the
 * producer closes.
 */
public interface Partitioner extends Closeable {

    /**
     * Chooses the partition for a record.
     *
     * @param topic      the record's topic
     * @param key        the key object, or null
     * @param keyBytes   the serialized key, or null
     * @param value      the value object, or null
     * @param valueBytes the serialized value, or null
     * @param cluster    the current metadata; the topic's partitions are known
     * @return a partition number of the topic, from 0 to its partition count minus one
     */
    int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster);

    /**
     * Called once, before the first {@link #partition}, with the producer's configuration as the user gave it
     * (unknown keys included, so a partitioner can have settings of its own) and the effective
     * {@code client.id}.
     *
     * @param configs the producer's original configuration, plus the effective {@code client.id}
     */
    default void configure(Map<String, ?> configs) {
    }

    /** Called once when the producer closes. */
    @Override
    default void close() {
    }
}
