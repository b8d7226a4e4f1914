package io.samsa.common;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the cluster metadata says about one partition: its leader (null when it has none right now), the
 * leader epoch, and the replica sets. The shape of Apache Kafka's {@code org.apache.kafka.common.PartitionInfo}
 * (its constructors and accessors, equality by value), plus the leader epoch, which Samsa's metadata keeps to
 * tell a newer leader from a stale one. {@link #toString()} is Samsa's own. Immutable.
 */
public final class PartitionInfo {
    private static final Node[] NONE = new Node[0];

    private final String topic;
    private final int partition;
    private final Node leader;
    private final int leaderEpoch;
    private final Node[] replicas;
    private final Node[] inSyncReplicas;
    private final Node[] offlineReplicas;

    /**
     * A partition as the metadata describes it.
     *
     * @param topic           the topic name
     * @param partition       the partition number
     * @param leader          the leader, or null when the partition has none
     * @param leaderEpoch     the leader epoch, or -1 when unknown
     * @param replicas        the replicas; null for none
     * @param inSyncReplicas  the in-sync replicas; null for none
     * @param offlineReplicas the replicas that are offline; null for none
     */
    public PartitionInfo(String topic, int partition, Node leader, int leaderEpoch, Node[] replicas,
                         Node[] inSyncReplicas, Node[] offlineReplicas) {
        this.topic = topic;
        this.partition = partition;
        this.leader = leader;
        this.leaderEpoch = leaderEpoch;
        this.replicas = replicas == null ? NONE : replicas;
        this.inSyncReplicas = inSyncReplicas == null ? NONE : inSyncReplicas;
        this.offlineReplicas = offlineReplicas == null ? NONE : offlineReplicas;
    }

    /**
     * Apache Kafka's constructor: leader epoch unknown.
     *
     * @param topic           the topic name
     * @param partition       the partition number
     * @param leader          the leader, or null when the partition has none
     * @param replicas        the replicas; null for none
     * @param inSyncReplicas  the in-sync replicas; null for none
     * @param offlineReplicas the replicas that are offline; null for none
     */
    public PartitionInfo(String topic, int partition, Node leader, Node[] replicas, Node[] inSyncReplicas,
                         Node[] offlineReplicas) {
        this(topic, partition, leader, -1, replicas, inSyncReplicas, offlineReplicas);
    }

    /**
     * Apache Kafka's constructor: leader epoch unknown, no offline replicas.
     *
     * @param topic          the topic name
     * @param partition      the partition number
     * @param leader         the leader, or null when the partition has none
     * @param replicas       the replicas; null for none
     * @param inSyncReplicas the in-sync replicas; null for none
     */
    public PartitionInfo(String topic, int partition, Node leader, Node[] replicas, Node[] inSyncReplicas) {
        this(topic, partition, leader, -1, replicas, inSyncReplicas, NONE);
    }

    /** {@return the topic name} */
    public String topic() {
        return topic;
    }

    /** {@return the partition number} */
    public int partition() {
        return partition;
    }

    /** {@return the leader, or null when the partition has no leader at the moment} */
    public Node leader() {
        return leader;
    }

    /** {@return the leader epoch, or -1 when the broker did not say} */
    public int leaderEpoch() {
        return leaderEpoch;
    }

    /** {@return the replicas, as a copy (empty when none are known)} */
    public Node[] replicas() {
        return replicas.clone();
    }

    /** {@return the in-sync replicas, as a copy} */
    public Node[] inSyncReplicas() {
        return inSyncReplicas.clone();
    }

    /** {@return the offline replicas, as a copy} */
    public Node[] offlineReplicas() {
        return offlineReplicas.clone();
    }

    /** Equal when every field is: topic, partition, leader, leader epoch and the three replica lists, in order. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PartitionInfo)) {
            return false;
        }
        PartitionInfo p = (PartitionInfo) o;
        return partition == p.partition && leaderEpoch == p.leaderEpoch && Objects.equals(topic, p.topic)
                && Objects.equals(leader, p.leader) && Arrays.equals(replicas, p.replicas)
                && Arrays.equals(inSyncReplicas, p.inSyncReplicas) && Arrays.equals(offlineReplicas, p.offlineReplicas);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, leader, leaderEpoch, Arrays.hashCode(replicas),
                Arrays.hashCode(inSyncReplicas), Arrays.hashCode(offlineReplicas));
    }

    @Override
    public String toString() {
        return "Partition(topic=" + topic + ", partition=" + partition + ", leader="
                + (leader == null ? "none" : leader.id()) + ", leaderEpoch=" + leaderEpoch + ", replicas="
                + ids(replicas) + ", isr=" + ids(inSyncReplicas) + ", offline=" + ids(offlineReplicas) + ")";
    }

    private static String ids(Node[] nodes) {
        return Arrays.toString(Arrays.stream(nodes).mapToInt(Node::id).toArray());
    }
}
