package io.samsa.kafka;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samsa's metadata types as Apache Kafka's: record metadata, topic-partitions, nodes, partitions and whole
 * cluster snapshots; and the other way, what {@code sendOffsetsToTransaction} is given (Apache's offsets and
 * consumer group metadata) as Samsa's.
 *
 * <p>Thread-safe. The topic-partition cache is shared by every thread that completes records (one Apache
 * {@code TopicPartition} per partition, not one per record); everything else is made per call.
 */
final class Conversions {
    /** Kafka's error codes that mark a topic as unauthorized or invalid in a metadata response. */
    private static final short TOPIC_AUTHORIZATION_FAILED = 29;
    private static final short INVALID_TOPIC_EXCEPTION = 17;
    private static final Node[] NO_NODES = new Node[0];

    /** Per topic, its Apache topic-partitions by partition + 1 (index 0: the unknown partition, -1). */
    private final ConcurrentHashMap<String, TopicPartition[]> topicPartitions = new ConcurrentHashMap<>();

    /** Apache's {@code TopicPartition} for a partition ({@code -1} when not known), one object per partition. */
    TopicPartition topicPartition(String topic, int partition) {
        int index = partition + 1;
        TopicPartition[] known = topicPartitions.get(topic);
        if (known != null && index >= 0 && index < known.length) {
            TopicPartition tp = known[index];
            if (tp != null) {
                return tp;
            }
        }
        if (index < 0) {
            return new TopicPartition(topic, partition);
        }
        // A partition seen for the first time: rare (once per partition), so a copy-on-write array is cheap and
        // keeps the common path a single map read.
        TopicPartition[] grown = topicPartitions.compute(topic, (t, old) -> {
            TopicPartition[] out = old == null ? new TopicPartition[index + 1]
                    : old.length > index ? old.clone() : java.util.Arrays.copyOf(old, index + 1);
            if (out[index] == null) {
                out[index] = new TopicPartition(t, partition);
            }
            return out;
        });
        return grown[index];
    }

    /**
     * Apache's metadata of a completed record. Failed records get what Apache's producer gives them: the topic and
     * partition, every other field -1.
     */
    RecordMetadata recordMetadata(io.samsa.clients.producer.RecordMetadata md, Exception error) {
        TopicPartition tp = topicPartition(md.topic(), md.partition());
        if (error != null) {
            return failedMetadata(tp);
        }
        return new RecordMetadata(tp, md.offset(), 0, md.timestamp(), md.serializedKeySize(),
                md.serializedValueSize());
    }

    /** Apache's metadata of a record that failed: offset, timestamp and sizes unknown (-1). */
    static RecordMetadata failedMetadata(TopicPartition tp) {
        return new RecordMetadata(tp, -1L, -1, -1L, -1, -1);
    }

    static Node node(io.samsa.common.Node n) {
        return n == null ? null : new Node(n.id(), n.host(), n.port(), n.rack());
    }

    /** A topic's partitions as {@code partitionsFor} returns them. */
    static List<PartitionInfo> partitions(List<io.samsa.common.PartitionInfo> partitions) {
        Map<io.samsa.common.Node, Node> nodes = new HashMap<>();
        List<PartitionInfo> out = new ArrayList<>(partitions.size());
        for (io.samsa.common.PartitionInfo p : partitions) {
            out.add(partition(p, nodes));
        }
        return out;
    }

    private static PartitionInfo partition(io.samsa.common.PartitionInfo p, Map<io.samsa.common.Node, Node> nodes) {
        return new PartitionInfo(p.topic(), p.partition(), node(p.leader(), nodes), nodes(p.replicas(), nodes),
                nodes(p.inSyncReplicas(), nodes), nodes(p.offlineReplicas(), nodes));
    }

    private static Node node(io.samsa.common.Node n, Map<io.samsa.common.Node, Node> nodes) {
        return n == null ? null : nodes.computeIfAbsent(n, Conversions::node);
    }

    private static Node[] nodes(io.samsa.common.Node[] in, Map<io.samsa.common.Node, Node> nodes) {
        if (in == null || in.length == 0) {
            return NO_NODES;
        }
        Node[] out = new Node[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = node(in[i], nodes);
        }
        return out;
    }

    /**
     * A Samsa cluster snapshot as Apache's {@code Cluster}: nodes, the partitions of every known topic, the
     * controller, topic ids, and the topics the brokers reported as unauthorized, invalid or internal.
     */
    static Cluster cluster(io.samsa.common.Cluster c) {
        Map<io.samsa.common.Node, Node> nodes = new HashMap<>();
        Collection<io.samsa.common.Node> samsaNodes = c.nodes();
        List<Node> nodeList = new ArrayList<>(samsaNodes.size());
        for (io.samsa.common.Node n : samsaNodes) {
            nodeList.add(node(n, nodes));
        }
        List<PartitionInfo> partitions = new ArrayList<>();
        Set<String> unauthorized = new HashSet<>();
        Set<String> invalid = new HashSet<>();
        Set<String> internal = new HashSet<>();
        Map<String, Uuid> topicIds = new HashMap<>();
        for (io.samsa.common.TopicMetadata t : c.topicMetadata()) {
            if (t.errorCode() == TOPIC_AUTHORIZATION_FAILED) {
                unauthorized.add(t.name());
            } else if (t.errorCode() == INVALID_TOPIC_EXCEPTION) {
                invalid.add(t.name());
            }
            if (t.isInternal()) {
                internal.add(t.name());
            }
            UUID id = t.topicId();
            if (id != null && (id.getMostSignificantBits() != 0 || id.getLeastSignificantBits() != 0)) {
                topicIds.put(t.name(), new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits()));
            }
            for (io.samsa.common.PartitionInfo p : t.partitions()) {
                partitions.add(partition(p, nodes));
            }
        }
        io.samsa.common.Node controller = c.node(c.controllerId());
        return new Cluster(c.clusterId(), nodeList, partitions, unauthorized, invalid, internal,
                node(controller, nodes), topicIds);
    }

    /** Apache's offsets to commit, as Samsa's, in the map's order. */
    static Map<io.samsa.common.TopicPartition, io.samsa.clients.consumer.OffsetAndMetadata> offsets(
            Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<io.samsa.common.TopicPartition, io.samsa.clients.consumer.OffsetAndMetadata> out =
                new LinkedHashMap<>(offsets.size() * 2);
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
            TopicPartition tp = e.getKey();
            OffsetAndMetadata om = e.getValue();
            if (tp == null || om == null) {
                throw new IllegalArgumentException("Offsets to commit cannot have a null partition or offset: "
                        + offsets);
            }
            out.put(new io.samsa.common.TopicPartition(tp.topic(), tp.partition()),
                    new io.samsa.clients.consumer.OffsetAndMetadata(om.offset(), om.leaderEpoch(), om.metadata()));
        }
        return out;
    }

    /** Apache's consumer group metadata as Samsa's: group, generation, member and static instance id. */
    static io.samsa.clients.consumer.ConsumerGroupMetadata groupMetadata(ConsumerGroupMetadata g) {
        return new io.samsa.clients.consumer.ConsumerGroupMetadata(g.groupId(), g.generationId(), g.memberId(),
                g.groupInstanceId());
    }
}
