package io.samsa.common;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * An immutable snapshot of what the cluster looks like: brokers, topics, partitions and their leaders.
 *
 * <p>The shape of Apache Kafka's {@code org.apache.kafka.common.Cluster} - its constructors,
 * {@link #empty()}, {@link #bootstrap}, {@link #withPartitions} and its queries - so that custom partitioners,
 * and tests that build a cluster for {@code MockProducer} or a partitioner, move over with an import change.
 * Samsa's metadata builds it from {@link TopicMetadata} per topic, which also keeps each topic's error code and
 * id; the sets Apache Kafka's constructors take (unauthorized, invalid, internal topics) are kept in those.
 * Apache Kafka's methods returning its {@code Uuid} and {@code ClusterResource} types are not here: Samsa has no
 * such types ({@link #topic(String)} gives a topic's id as a {@link UUID}, {@link #clusterId()} the cluster id).
 *
 * <p>Published by the producer's I/O thread through a volatile field; any thread may read a snapshot without
 * locking because nothing in it ever changes.
 */
public final class Cluster {
    /** The topic error codes of {@link #unauthorizedTopics()} and {@link #invalidTopics()} (Kafka's protocol). */
    private static final short TOPIC_AUTHORIZATION_FAILED = 29;
    private static final short INVALID_TOPIC = 17;
    private static final UUID NO_TOPIC_ID = new UUID(0, 0);

    private static final Cluster EMPTY = new Cluster(null, -1, List.of(), Map.of(), -1);

    private final String clusterId;
    private final boolean bootstrapConfigured;
    private final int controllerId;
    /** The controller as given to an Apache-shaped constructor, which need not be among the nodes; else null. */
    private final Node controller;
    private final Map<Integer, Node> nodes;
    /** The nodes in the order given (as a list, as Apache Kafka's {@link #nodes()} returns them). */
    private final List<Node> nodeList;
    private final Map<String, TopicMetadata> topics;
    private final Map<TopicPartition, PartitionInfo> partitions;
    private final long updatedAtMs;

    /**
     * Samsa's metadata's constructor.
     *
     * @param clusterId    the cluster id, or null when unknown
     * @param controllerId the controller's broker id, or -1 when unknown
     * @param nodes        the brokers; a later node with the same id replaces an earlier one
     * @param topics       every topic described, by name, those with an error code included
     * @param updatedAtMs  when the snapshot was built (monotonic ms), or -1
     */
    public Cluster(String clusterId, int controllerId, Collection<Node> nodes, Map<String, TopicMetadata> topics,
                   long updatedAtMs) {
        this(clusterId, false, controllerId, null, nodes, topics, updatedAtMs);
    }

    /**
     * Apache Kafka's constructor: the partitions of every topic, and the topics the client may not see.
     *
     * @param clusterId          the cluster id, or null
     * @param nodes              the brokers
     * @param partitions         the partitions of every topic (of which the topics are made)
     * @param unauthorizedTopics topics the client is not authorized to describe
     * @param internalTopics     the topics among {@code partitions} that are Kafka's own
     */
    public Cluster(String clusterId, Collection<Node> nodes, Collection<PartitionInfo> partitions,
                   Set<String> unauthorizedTopics, Set<String> internalTopics) {
        this(clusterId, nodes, partitions, unauthorizedTopics, Set.of(), internalTopics, null);
    }

    /**
     * Apache Kafka's constructor, with the controller.
     *
     * @param clusterId          the cluster id, or null
     * @param nodes              the brokers
     * @param partitions         the partitions of every topic (of which the topics are made)
     * @param unauthorizedTopics topics the client is not authorized to describe
     * @param internalTopics     the topics among {@code partitions} that are Kafka's own
     * @param controller         the controller, which need not be among {@code nodes}; null when unknown
     */
    public Cluster(String clusterId, Collection<Node> nodes, Collection<PartitionInfo> partitions,
                   Set<String> unauthorizedTopics, Set<String> internalTopics, Node controller) {
        this(clusterId, nodes, partitions, unauthorizedTopics, Set.of(), internalTopics, controller);
    }

    /**
     * Apache Kafka's constructor, with invalid topic names and the controller.
     *
     * @param clusterId          the cluster id, or null
     * @param nodes              the brokers
     * @param partitions         the partitions of every topic (of which the topics are made)
     * @param unauthorizedTopics topics the client is not authorized to describe
     * @param invalidTopics      topic names the broker rejected as invalid
     * @param internalTopics     the topics among {@code partitions} that are Kafka's own
     * @param controller         the controller, which need not be among {@code nodes}; null when unknown
     */
    public Cluster(String clusterId, Collection<Node> nodes, Collection<PartitionInfo> partitions,
                   Set<String> unauthorizedTopics, Set<String> invalidTopics, Set<String> internalTopics,
                   Node controller) {
        this(clusterId, false, controller == null ? -1 : controller.id(), controller, nodes,
                topicsOf(partitions, unauthorizedTopics, invalidTopics, internalTopics), -1);
    }

    private Cluster(String clusterId, boolean bootstrapConfigured, int controllerId, Node controller,
                    Collection<Node> nodes, Map<String, TopicMetadata> topics, long updatedAtMs) {
        this.clusterId = clusterId;
        this.bootstrapConfigured = bootstrapConfigured;
        this.controllerId = controllerId;
        this.controller = controller;
        Map<Integer, Node> byId = new LinkedHashMap<>();
        for (Node n : nodes) {
            byId.put(n.id(), n);
        }
        this.nodes = Collections.unmodifiableMap(byId);
        this.nodeList = List.copyOf(byId.values());
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

    /** Topics made of Apache Kafka's constructor arguments: partitions sorted by number, error codes for the sets. */
    private static Map<String, TopicMetadata> topicsOf(Collection<PartitionInfo> partitions,
                                                       Set<String> unauthorizedTopics, Set<String> invalidTopics,
                                                       Set<String> internalTopics) {
        Map<String, List<PartitionInfo>> byTopic = new HashMap<>();
        for (PartitionInfo p : partitions) {
            byTopic.computeIfAbsent(p.topic(), t -> new ArrayList<>()).add(p);
        }
        Map<String, TopicMetadata> topics = new HashMap<>();
        for (String name : unauthorizedTopics) {
            topics.put(name, new TopicMetadata(name, NO_TOPIC_ID, TOPIC_AUTHORIZATION_FAILED, false, List.of()));
        }
        for (String name : invalidTopics) {
            topics.put(name, new TopicMetadata(name, NO_TOPIC_ID, INVALID_TOPIC, false, List.of()));
        }
        for (Map.Entry<String, List<PartitionInfo>> e : byTopic.entrySet()) {
            List<PartitionInfo> sorted = new ArrayList<>(e.getValue());
            sorted.sort(Comparator.comparingInt(PartitionInfo::partition));
            topics.put(e.getKey(), new TopicMetadata(e.getKey(), NO_TOPIC_ID, (short) 0,
                    internalTopics.contains(e.getKey()), sorted));
        }
        return topics;
    }

    /** {@return the snapshot before any metadata arrived: no brokers, no topics} */
    public static Cluster empty() {
        return EMPTY;
    }

    /**
     * A cluster of bootstrap addresses only, numbered -1, -2, ... in order, as Apache Kafka's: the brokers to ask
     * for the real metadata. {@link #isBootstrapConfigured()} is true.
     *
     * @param addresses the bootstrap servers' addresses, in the order to number them
     * @return a cluster with one node per address and no topics
     */
    public static Cluster bootstrap(List<InetSocketAddress> addresses) {
        List<Node> nodes = new ArrayList<>(addresses.size());
        int id = -1;
        for (InetSocketAddress a : addresses) {
            nodes.add(new Node(id--, a.getHostString(), a.getPort()));
        }
        return new Cluster(null, true, -1, null, nodes, Map.of(), -1);
    }

    /**
     * A copy of this cluster with the given partitions added, replacing those with the same topic and number.
     * A topic that gains partitions this way is a usable topic (no error code); its id and internal flag are
     * kept.
     *
     * @param partitions the partitions to add, by topic and partition number
     * @return a new cluster; this one is not changed
     */
    public Cluster withPartitions(Map<TopicPartition, PartitionInfo> partitions) {
        Map<String, Map<Integer, PartitionInfo>> byTopic = new HashMap<>();
        for (Map.Entry<TopicPartition, PartitionInfo> e : partitions.entrySet()) {
            byTopic.computeIfAbsent(e.getKey().topic(), t -> new TreeMap<>())
                    .put(e.getKey().partition(), e.getValue());
        }
        Map<String, TopicMetadata> next = new HashMap<>(topics);
        for (Map.Entry<String, Map<Integer, PartitionInfo>> e : byTopic.entrySet()) {
            TopicMetadata old = topics.get(e.getKey());
            Map<Integer, PartitionInfo> merged = new TreeMap<>();
            if (old != null) {
                for (PartitionInfo p : old.partitions()) {
                    merged.put(p.partition(), p);
                }
            }
            merged.putAll(e.getValue());
            next.put(e.getKey(), new TopicMetadata(e.getKey(), old == null ? NO_TOPIC_ID : old.topicId(), (short) 0,
                    old != null && old.isInternal(), new ArrayList<>(merged.values())));
        }
        return new Cluster(clusterId, bootstrapConfigured, controllerId, controller, nodeList, next, updatedAtMs);
    }

    /** {@return the cluster id, or null when unknown} */
    public String clusterId() {
        return clusterId;
    }

    /** {@return the controller's broker id, or -1 when unknown} */
    public int controllerId() {
        return controllerId;
    }

    /** {@return the controller, or null when unknown (or not among the nodes)} */
    public Node controller() {
        return controller != null ? controller : nodes.get(controllerId);
    }

    /** {@return the brokers, in the order they were given} */
    public List<Node> nodes() {
        return nodeList;
    }

    /**
     * {@return the broker with this id, or null}
     *
     * @param id the broker id
     */
    public Node node(int id) {
        return nodes.get(id);
    }

    /**
     * {@return the broker with this id, or null: Apache Kafka's name for {@link #node(int)}}
     *
     * @param id the broker id
     */
    public Node nodeById(int id) {
        return nodes.get(id);
    }

    /**
     * The broker with this id if it is a replica of the partition and not offline, as Apache Kafka's; else
     * empty.
     *
     * @param partition the partition whose replicas to look in
     * @param id        the broker id
     * @return the broker, or empty when it is unknown, not a replica of the partition or offline for it
     */
    public Optional<Node> nodeIfOnline(TopicPartition partition, int id) {
        Node node = nodes.get(id);
        PartitionInfo p = partitions.get(partition);
        if (node != null && p != null && !Arrays.asList(p.offlineReplicas()).contains(node)
                && Arrays.asList(p.replicas()).contains(node)) {
            return Optional.of(node);
        }
        return Optional.empty();
    }

    /**
     * {@return the topic as last described, or null when it was never asked for or not yet answered}
     *
     * @param name the topic name
     */
    public TopicMetadata topic(String name) {
        return topics.get(name);
    }

    /** {@return every topic described, those with an error code included} */
    public Collection<TopicMetadata> topicMetadata() {
        return topics.values();
    }

    /**
     * {@return the names of the topics whose partitions are known (those described without an error), as Apache
     * Kafka's}
     */
    public Set<String> topics() {
        return namesWhere(t -> !t.hasError());
    }

    /** {@return the topics the client is not authorized to describe} */
    public Set<String> unauthorizedTopics() {
        return namesWhere(t -> t.errorCode() == TOPIC_AUTHORIZATION_FAILED);
    }

    /** {@return the topics whose names the broker rejected as invalid} */
    public Set<String> invalidTopics() {
        return namesWhere(t -> t.errorCode() == INVALID_TOPIC);
    }

    /** {@return Kafka's own topics among those described ({@code __consumer_offsets}, ...)} */
    public Set<String> internalTopics() {
        return namesWhere(TopicMetadata::isInternal);
    }

    private Set<String> namesWhere(java.util.function.Predicate<TopicMetadata> condition) {
        return topics.values().stream().filter(condition).map(TopicMetadata::name)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** {@return whether this cluster holds bootstrap addresses only ({@link #bootstrap})} */
    public boolean isBootstrapConfigured() {
        return bootstrapConfigured;
    }

    /**
     * {@return the partitions of the topic ordered by number, or an empty list when unknown}
     *
     * @param topic the topic name
     */
    public List<PartitionInfo> partitionsForTopic(String topic) {
        TopicMetadata t = topics.get(topic);
        return t == null ? List.of() : t.partitions();
    }

    /**
     * {@return the number of partitions of the topic, or -1 when the topic is not known (yet)}
     *
     * @param topic the topic name
     */
    public int partitionCount(String topic) {
        TopicMetadata t = topics.get(topic);
        return t == null ? -1 : t.partitionCount();
    }

    /**
     * Number of partitions of the topic, or null when unknown (not described, or described with an error): the
     * shape of Apache Kafka's {@code Cluster.partitionCountForTopic}, so custom partitioners move over unchanged.
     *
     * @param topic the topic name
     * @return the partition count, or null
     */
    public Integer partitionCountForTopic(String topic) {
        TopicMetadata t = topics.get(topic);
        return t == null || t.hasError() ? null : t.partitionCount();
    }

    /**
     * {@return the partitions of the topic that have a leader right now, as Apache Kafka's Cluster; empty when the
     * topic is unknown}
     *
     * @param topic the topic name
     */
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

    /**
     * {@return the partition as last described, or null when unknown}
     *
     * @param tp the topic and partition number
     */
    public PartitionInfo partition(TopicPartition tp) {
        return partitions.get(tp);
    }

    /**
     * {@return the leader of the partition, or null when unknown or leaderless}
     *
     * @param tp the topic and partition number
     */
    public Node leaderFor(TopicPartition tp) {
        PartitionInfo p = partitions.get(tp);
        return p == null ? null : p.leader();
    }

    /**
     * {@return the partitions whose leader is the given broker}
     *
     * @param nodeId the broker id
     */
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

    /**
     * {@return the partitions whose leader is the given broker, as Apache Kafka's {@code partitionsForNode}}
     *
     * @param nodeId the broker id
     */
    public List<PartitionInfo> partitionsForNode(int nodeId) {
        List<PartitionInfo> out = new ArrayList<>();
        for (PartitionInfo p : partitions.values()) {
            if (p.leader() != null && p.leader().id() == nodeId) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * {@return when this snapshot was built (monotonic ms), or -1 when it was not built from a metadata response
     * (the empty and bootstrap snapshots, and those of Apache Kafka's constructors)}
     */
    public long updatedAtMs() {
        return updatedAtMs;
    }

    /**
     * Equal when the cluster id, controller, brokers (in any order) and every topic's description are; when the
     * snapshot was built does not count.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Cluster)) {
            return false;
        }
        Cluster c = (Cluster) o;
        return bootstrapConfigured == c.bootstrapConfigured && Objects.equals(clusterId, c.clusterId)
                && Objects.equals(controller(), c.controller()) && nodes.equals(c.nodes) && topics.equals(c.topics);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bootstrapConfigured, clusterId, nodes, topics);
    }

    @Override
    public String toString() {
        return "Cluster(id=" + clusterId + ", controller=" + controllerId + ", nodes=" + nodes.values()
                + ", topics=" + topics.keySet() + ")";
    }
}
