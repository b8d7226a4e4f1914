package io.samsa.kafka;

import io.samsa.clients.producer.Partitioner;
import io.samsa.common.Cluster;

import java.util.Map;

/**
 * An Apache Kafka {@code Partitioner} as a Samsa {@link Partitioner}. The Apache partitioner sees Apache's
 * {@code Cluster}, converted from the Samsa snapshot it is called with.
 *
 * <p>Why the conversion is cached per snapshot: Samsa's cluster snapshots are immutable and replaced whole on each
 * metadata update, so one conversion serves every record until the next update, and the snapshot's identity says
 * when it is stale. Apache's {@code onNewBatch} is not called (deprecated, and a no-op in Apache Kafka 4's
 * producer).
 *
 * <p>Thread-safe if the Apache partitioner is: called by every sending thread and by the I/O thread (records that
 * waited for metadata).
 */
final class PartitionerAdapter implements Partitioner {
    private final org.apache.kafka.clients.producer.Partitioner apache;
    /** The last snapshot converted and its conversion, published together. */
    private volatile Converted last;

    PartitionerAdapter(org.apache.kafka.clients.producer.Partitioner apache) {
        this.apache = apache;
    }

    /**
     * @throws IllegalArgumentException for a negative partition, as Apache's producer (thrown from {@code send});
     *                                  one beyond the topic's partitions fails the record in the Samsa producer
     */
    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int p = apache.partition(topic, key, keyBytes, value, valueBytes, apacheCluster(cluster));
        if (p < 0) {
            throw new IllegalArgumentException(String.format("The partitioner generated an invalid partition number: "
                    + "%d. Partition number should always be non-negative.", p));
        }
        return p;
    }

    /** Apache's form of {@code cluster}, converted once per snapshot. */
    org.apache.kafka.common.Cluster apacheCluster(Cluster cluster) {
        Converted c = last;
        if (c != null && c.samsa == cluster) {
            return c.apache;
        }
        // Threads racing here each convert once; the snapshots are equal, so whichever is published is right.
        c = new Converted(cluster, Conversions.cluster(cluster));
        last = c;
        return c.apache;
    }

    /**
     * Does nothing: the Apache partitioner was configured as Apache's producer configures it before it was wrapped.
     */
    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
        apache.close();
    }

    @Override
    public String toString() {
        return apache.getClass().getName();
    }

    private static final class Converted {
        final Cluster samsa;
        final org.apache.kafka.common.Cluster apache;

        Converted(Cluster samsa, org.apache.kafka.common.Cluster apache) {
            this.samsa = samsa;
            this.apache = apache;
        }
    }
}
