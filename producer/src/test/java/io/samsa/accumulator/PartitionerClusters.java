package io.samsa.accumulator;

import io.samsa.common.Node;
import io.samsa.common.PartitionInfo;
import io.samsa.common.errors.Errors;
import io.samsa.common.Cluster;
import io.samsa.common.TopicMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Cluster snapshots for partitioner tests. */
public final class PartitionerClusters {
    private PartitionerClusters() {
    }

    /**
     * One topic whose partition i is led by broker {@code leaders[i]}, or has no leader when it is null.
     * Brokers 0..9 exist.
     */
    public static Cluster topic(String topic, Integer... leaders) {
        List<Node> nodes = new ArrayList<>();
        for (int id = 0; id < 10; id++) {
            nodes.add(new Node(id, "broker" + id, 9092));
        }
        List<PartitionInfo> partitions = new ArrayList<>();
        for (int p = 0; p < leaders.length; p++) {
            Node leader = leaders[p] == null ? null : nodes.get(leaders[p]);
            Node[] replicas = leader == null ? new Node[0] : new Node[]{leader};
            partitions.add(new PartitionInfo(topic, p, leader, 0, replicas, replicas, new Node[0]));
        }
        TopicMetadata t = new TopicMetadata(topic, new UUID(1, 2), Errors.NONE.code(), false, partitions);
        return new Cluster("cluster", 0, nodes, Map.of(topic, t), 0);
    }

    /** One topic with {@code count} partitions, all led by broker p % 3. */
    public static Cluster allLed(String topic, int count) {
        Integer[] leaders = new Integer[count];
        for (int p = 0; p < count; p++) {
            leaders[p] = p % 3;
        }
        return topic(topic, leaders);
    }
}
