package io.samsa.accumulator;

/**
 * The built-in partitioning of records that do not name a partition, when no {@code partitioner.class} is
 * set (Apache Kafka 3.3+, KIP-794):
 * <ol>
 *   <li>a record with a key, unless {@code partitioner.ignore.keys=true}, goes to
 *       {@link #partitionForKey(byte[], int)};</li>
 *   <li>any other record goes to the topic's sticky partition ({@link StickyPartitioner}), chosen when the
 *       record is appended, under the accumulator's lock.</li>
 * </ol>
 * Internal: not part of Samsa's public API.
 */
public final class BuiltInPartitioner {
    private BuiltInPartitioner() {
    }

    /**
     * The partition of a keyed record: {@code (murmur2(keyBytes) & 0x7fffffff) % numPartitions}, exactly as
     * Apache Kafka, so the same key lands on the same partition whichever producer wrote it.
     *
     * <p>{@code numPartitions} is the number of <b>all</b> partitions of the topic, whether or not they have
     * a leader right now: a key must not move when a broker is down (records for a leaderless partition wait
     * for it, or time out). An empty key is a key and is hashed.
     *
     * @param keyBytes      the serialized key, not null
     * @param numPartitions the topic's partition count, at least 1
     */
    public static int partitionForKey(byte[] keyBytes, int numPartitions) {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("numPartitions must be at least 1, got " + numPartitions);
        }
        return Murmur2.toPositive(Murmur2.hash(keyBytes)) % numPartitions;
    }
}
