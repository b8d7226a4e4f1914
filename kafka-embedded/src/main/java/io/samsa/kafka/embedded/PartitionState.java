package io.samsa.kafka.embedded;

import java.util.List;

/**
 * One partition of a topic as the cluster's metadata describes it at one moment.
 *
 * @param partition the partition index
 * @param leader    the leader's node id, or {@code -1} when the partition has no leader
 * @param replicas  the assigned replicas, preferred leader first
 * @param isr       the in-sync replicas
 */
public record PartitionState(int partition, int leader, List<Integer> replicas, List<Integer> isr) {

    public PartitionState {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    /** Whether the partition currently has a leader. */
    public boolean hasLeader() {
        return leader >= 0;
    }
}
