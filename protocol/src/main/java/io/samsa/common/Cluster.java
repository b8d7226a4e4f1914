package io.samsa.common;

import io.samsa.common.Node;
import io.samsa.common.PartitionInfo;
import io.samsa.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of what the cluster looks like: brokers, topics, partitions and their leaders.
 *
 * <p>Published by the I/O thread through a volatile field ({@link MetadataManager#cluster()}); any thread may
 * read a snapshot without locking because nothing in it ever changes.
 */
public final class Cluster {
    private static final Cluster EMPTY = new Cluster(null, -1, List.of(), Map.of(), -1);

    private final String clusterId;
    private final int controllerId;
    private final Map<Integer, Node> nodes;
    private final Map<String, TopicMetadata> topics;
    private final Map<TopicPartition, PartitionInfo> partitions;
    private final long updatedAtMs;

    public Cluster(String clusterId, int controllerId, Collection<Node> nodes, Map<String, TopicMetadata> topics,
                   long updatedAtMs) {
        this.clusterId = clusterId;
        this.controllerId = controllerId;
        Map<Integer, Node> byId = new HashMap<>();
        for (Node n : nodes) {
            byId.put(n.id(), n);
        }
        this.nodes = Collections.unmodifiableMap(byId);
        this.topics = Map.copyOf(topics);
        Map<TopicPartition, PartitionInfo> parts = new HashMap<>();
        for (TopicMetadata t : topics.values()) {
            for (PartitionInfo p : t.partitions()) {
                parts.put(new TopicPartition(p.topic(), p.partition()), p);
            }
        }
        this.partitions = Collections.unmodifiableMap(parts);
        this.updatedAtMs = updatedAtMs;
    }

    /** The snapshot before any metadata arrived: no brokers, no topics. */
    public static Cluster empty() {
        return EMPTY;
    }

    public String clusterId() {
        return clusterId;
    }

    public int controllerId() {
        return controllerId;
    }

    public Collection<Node> nodes() {
        return nodes.values();
    }

    public Node node(int id) {
        return nodes.get(id);
    }

    /** The topic as last described, or null when it was never asked for or not yet answered. */
    public TopicMetadata topic(String name) {
        return topics.get(name);
    }

    public Collection<TopicMetadata> topics() {
        return topics.values();
    }

    /** Partitions of the topic ordered by number, or an empty list when unknown. */
    public List<PartitionInfo> partitionsForTopic(String topic) {
        TopicMetadata t = topics.get(topic);
        return t == null ? List.of() : t.partitions();
    }

    /** Number of partitions of the topic, or -1 when the topic is not known (yet). */
    public int partitionCount(String topic) {
        TopicMetadata t = topics.get(topic);
        return t == null ? -1 : t.partitionCount();
    }

    /**
     * Number of partitions of the topic, or null when unknown: the shape of Apache Kafka's
     * {@code Cluster.partitionCountForTopic}, so custom partitioners move over unchanged.
     */
    public Integer partitionCountForTopic(String topic) {
        TopicMetadata t = topics.get(topic);
        return t == null ? null : t.partitionCount();
    }

    /** Partitions of the topic that have a leader right now (as Apache Kafka's Cluster). */
    public List<PartitionInfo> availablePartitionsForTopic(String topic) {
        TopicMetadata t = topics.get(topic);
        if (t == null) {
            return List.of();
        }
        List<PartitionInfo> out = new ArrayList<>(t.partitionCount());
        for (PartitionInfo p : t.partitions()) {
            if (p.leader() != null) {
                out.add(p);
            }
        }
        return out;
    }

    public PartitionInfo partition(TopicPartition tp) {
        return partitions.get(tp);
    }

    /** The leader of the partition, or null when unknown or leaderless. */
    public Node leaderFor(TopicPartition tp) {
        PartitionInfo p = partitions.get(tp);
        return p == null ? null : p.leader();
    }

    /** Partitions whose leader is the given broker. */
    public List<TopicPartition> partitionsLedBy(int nodeId) {
        List<TopicPartition> out = new ArrayList<>();
        for (Map.Entry<TopicPartition, PartitionInfo> e : partitions.entrySet()) {
            Node leader = e.getValue().leader();
            if (leader != null && leader.id() == nodeId) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** When this snapshot was built (monotonic ms), or -1 for the empty one. */
    public long updatedAtMs() {
        return updatedAtMs;
    }

    @Override
    public String toString() {
        return "Cluster(id=" + clusterId + ", controller=" + controllerId + ", nodes=" + nodes.values()
                + ", topics=" + topics.keySet() + ")";
    }
}
