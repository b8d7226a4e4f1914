package io.samsa.common;

import java.util.Arrays;

/**
 * What the cluster metadata says about one partition: its leader (null when it has none right now), the
 * leader epoch, and the replica sets. Shaped like Apache Kafka's {@code PartitionInfo}.
 */
public final class PartitionInfo {
    private final String topic;
    private final int partition;
    private final Node leader;
    private final int leaderEpoch;
    private final Node[] replicas;
    private final Node[] inSyncReplicas;
    private final Node[] offlineReplicas;

    public PartitionInfo(String topic, int partition, Node leader, int leaderEpoch, Node[] replicas,
                         Node[] inSyncReplicas, Node[] offlineReplicas) {
        this.topic = topic;
        this.partition = partition;
        this.leader = leader;
        this.leaderEpoch = leaderEpoch;
        this.replicas = replicas;
        this.inSyncReplicas = inSyncReplicas;
        this.offlineReplicas = offlineReplicas;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    /** The leader, or null when the partition has no leader at the moment. */
    public Node leader() {
        return leader;
    }

    /** The leader epoch, or -1 when the broker did not say. */
    public int leaderEpoch() {
        return leaderEpoch;
    }

    public Node[] replicas() {
        return replicas.clone();
    }

    public Node[] inSyncReplicas() {
        return inSyncReplicas.clone();
    }

    public Node[] offlineReplicas() {
        return offlineReplicas.clone();
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
