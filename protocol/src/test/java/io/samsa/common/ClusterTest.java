package io.samsa.common;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cluster, Node and PartitionInfo built with Apache Kafka's constructors answer Apache Kafka's queries as Apache
 * Kafka's classes do (compared side by side), so that partitioners and tests move over unchanged.
 */
class ClusterTest {
    private static final Node N0 = new Node(0, "b0", 9092, "r0");
    private static final Node N1 = new Node(1, "b1", 9092);
    private static final Node N2 = new Node(2, "b2", 9092);

    private static final org.apache.kafka.common.Node A0 = new org.apache.kafka.common.Node(0, "b0", 9092, "r0");
    private static final org.apache.kafka.common.Node A1 = new org.apache.kafka.common.Node(1, "b1", 9092);
    private static final org.apache.kafka.common.Node A2 = new org.apache.kafka.common.Node(2, "b2", 9092);

    /** orders: 3 partitions (1 leaderless, given out of order, 2 offline on node 2); audit: 1; __offsets: 1. */
    private static Cluster ours() {
        return new Cluster("c1", List.of(N0, N1, N2), List.of(
                new PartitionInfo("orders", 2, N1, new Node[] {N1, N2}, new Node[] {N1}, new Node[] {N2}),
                new PartitionInfo("orders", 0, N0, new Node[] {N0, N1}, new Node[] {N0, N1}),
                new PartitionInfo("orders", 1, null, new Node[] {N2}, new Node[0]),
                new PartitionInfo("audit", 0, N1, new Node[] {N1}, new Node[] {N1}),
                new PartitionInfo("__offsets", 0, N0, new Node[] {N0}, new Node[] {N0})),
                Set.of("secret"), Set.of("bad name"), Set.of("__offsets"), N1);
    }

    private static org.apache.kafka.common.Cluster theirs() {
        return new org.apache.kafka.common.Cluster("c1", List.of(A0, A1, A2), List.of(
                new org.apache.kafka.common.PartitionInfo("orders", 2, A1, new org.apache.kafka.common.Node[] {A1, A2},
                        new org.apache.kafka.common.Node[] {A1}, new org.apache.kafka.common.Node[] {A2}),
                new org.apache.kafka.common.PartitionInfo("orders", 0, A0, new org.apache.kafka.common.Node[] {A0, A1},
                        new org.apache.kafka.common.Node[] {A0, A1}),
                new org.apache.kafka.common.PartitionInfo("orders", 1, null, new org.apache.kafka.common.Node[] {A2},
                        new org.apache.kafka.common.Node[0]),
                new org.apache.kafka.common.PartitionInfo("audit", 0, A1, new org.apache.kafka.common.Node[] {A1},
                        new org.apache.kafka.common.Node[] {A1}),
                new org.apache.kafka.common.PartitionInfo("__offsets", 0, A0, new org.apache.kafka.common.Node[] {A0},
                        new org.apache.kafka.common.Node[] {A0})),
                Set.of("secret"), Set.of("bad name"), Set.of("__offsets"), A1);
    }

    /** A partition list as "topic-partition@leader[replicas]", sorted, for comparing the two sides. */
    private static List<String> ours(List<PartitionInfo> ps) {
        return ps.stream().map(p -> p.topic() + "-" + p.partition() + "@" + (p.leader() == null ? -1 : p.leader().id())
                + ids(p.replicas(), Node::id)).sorted().collect(Collectors.toList());
    }

    private static List<String> theirs(List<org.apache.kafka.common.PartitionInfo> ps) {
        return ps.stream().map(p -> p.topic() + "-" + p.partition() + "@" + (p.leader() == null ? -1 : p.leader().id())
                + ids(p.replicas(), org.apache.kafka.common.Node::id)).sorted().collect(Collectors.toList());
    }

    private static <N> String ids(N[] nodes, Function<N, Integer> id) {
        return Arrays.stream(nodes).map(id).map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }

    @Test
    void queriesAnswerAsApacheKafkasCluster() {
        Cluster c = ours();
        org.apache.kafka.common.Cluster a = theirs();
        assertThat(c.topics()).isEqualTo(a.topics());
        assertThat(c.unauthorizedTopics()).isEqualTo(a.unauthorizedTopics());
        assertThat(c.invalidTopics()).isEqualTo(a.invalidTopics());
        assertThat(c.internalTopics()).isEqualTo(a.internalTopics());
        assertThat(c.controller().id()).isEqualTo(a.controller().id());
        assertThat(c.clusterId()).isEqualTo(a.clusterResource().clusterId());
        assertThat(c.isBootstrapConfigured()).isEqualTo(a.isBootstrapConfigured()).isFalse();
        assertThat(c.nodes()).extracting(Node::id).containsExactlyInAnyOrderElementsOf(
                a.nodes().stream().map(org.apache.kafka.common.Node::id).collect(Collectors.toList()));
        for (String topic : List.of("orders", "audit", "__offsets", "secret", "bad name", "unknown")) {
            assertThat(ours(c.partitionsForTopic(topic))).as(topic).isEqualTo(theirs(a.partitionsForTopic(topic)));
            assertThat(ours(c.availablePartitionsForTopic(topic))).as(topic)
                    .isEqualTo(theirs(a.availablePartitionsForTopic(topic)));
            assertThat(c.partitionCountForTopic(topic)).as(topic).isEqualTo(a.partitionCountForTopic(topic));
        }
        for (int id = -1; id <= 3; id++) {
            assertThat(ours(c.partitionsForNode(id))).as("node %d", id).isEqualTo(theirs(a.partitionsForNode(id)));
            assertThat(c.nodeById(id) == null).isEqualTo(a.nodeById(id) == null);
            for (int p = 0; p < 3; p++) {
                Optional<Node> mine = c.nodeIfOnline(new TopicPartition("orders", p), id);
                Optional<org.apache.kafka.common.Node> apache =
                        a.nodeIfOnline(new org.apache.kafka.common.TopicPartition("orders", p), id);
                assertThat(mine.map(Node::id)).as("orders-%d node %d", p, id).isEqualTo(apache.map(
                        org.apache.kafka.common.Node::id));
            }
        }
        assertThat(c.leaderFor(new TopicPartition("orders", 2))).isEqualTo(N1);
        assertThat(c.partitionsForTopic("orders")).extracting(PartitionInfo::partition).containsExactly(0, 1, 2);
    }

    @Test
    void theFiveArgumentConstructorHasNoControllerAndNoInvalidTopics() {
        Cluster c = new Cluster(null, List.of(N0), List.of(new PartitionInfo("t", 0, N0, null, null)), Set.of(),
                Set.of());
        assertThat(c.controller()).isNull();
        assertThat(c.invalidTopics()).isEmpty();
        assertThat(c.topics()).containsExactly("t");
        assertThat(c.partition(new TopicPartition("t", 0)).replicas()).isEmpty();
    }

    @Test
    void bootstrapNumbersTheAddressesFromMinusOne() {
        Cluster c = Cluster.bootstrap(List.of(InetSocketAddress.createUnresolved("h1", 1),
                InetSocketAddress.createUnresolved("h2", 2)));
        org.apache.kafka.common.Cluster a = org.apache.kafka.common.Cluster.bootstrap(List.of(
                InetSocketAddress.createUnresolved("h1", 1), InetSocketAddress.createUnresolved("h2", 2)));
        assertThat(c.isBootstrapConfigured()).isTrue().isEqualTo(a.isBootstrapConfigured());
        assertThat(c.nodes()).extracting(Node::id, Node::host, Node::port)
                .containsExactlyInAnyOrderElementsOf(a.nodes().stream()
                        .map(n -> org.assertj.core.groups.Tuple.tuple(n.id(), n.host(), n.port()))
                        .collect(Collectors.toList()));
        assertThat(c.topics()).isEmpty();
    }

    @Test
    void withPartitionsAddsAndReplacesKeepingTheRest() {
        Cluster c = ours();
        PartitionInfo newLeader = new PartitionInfo("orders", 1, N2, new Node[] {N2}, new Node[] {N2});
        PartitionInfo fresh = new PartitionInfo("fresh", 0, N0, new Node[] {N0}, new Node[] {N0});
        Cluster next = c.withPartitions(Map.of(new TopicPartition("orders", 1), newLeader,
                new TopicPartition("fresh", 0), fresh));
        assertThat(next.partition(new TopicPartition("orders", 1))).isEqualTo(newLeader);
        assertThat(next.partitionsForTopic("orders")).hasSize(3);
        assertThat(next.topics()).contains("fresh", "orders", "audit");
        assertThat(next.unauthorizedTopics()).containsExactly("secret");
        assertThat(next.internalTopics()).containsExactly("__offsets");
        assertThat(next.controller()).isEqualTo(N1);
        assertThat(c.partition(new TopicPartition("orders", 1)).leader()).isNull(); // the original is unchanged
    }

    @Test
    void equalByValue() {
        assertThat(ours()).isEqualTo(ours()).hasSameHashCodeAs(ours());
        assertThat(ours()).isNotEqualTo(ours().withPartitions(Map.of(new TopicPartition("x", 0),
                new PartitionInfo("x", 0, N0, new Node[0], new Node[0]))));
        assertThat(Cluster.empty()).isEqualTo(new Cluster(null, List.of(), List.of(), Set.of(), Set.of()));
    }

    @Test
    void samsasOwnConstructorKeepsTopicIdsAndErrors() {
        UUID id = UUID.randomUUID();
        PartitionInfo p = new PartitionInfo("t", 0, N0, 5, new Node[] {N0}, new Node[] {N0}, new Node[0]);
        Cluster c = new Cluster("c", 0, List.of(N0), Map.of("t", new TopicMetadata("t", id, (short) 0, false,
                List.of(p)), "denied", new TopicMetadata("denied", new UUID(0, 0), (short) 29, false, List.of())), 7);
        assertThat(c.topic("t").topicId()).isEqualTo(id);
        assertThat(c.topics()).containsExactly("t");
        assertThat(c.unauthorizedTopics()).containsExactly("denied");
        assertThat(c.controller()).isEqualTo(N0);
        assertThat(c.topicMetadata()).hasSize(2);
    }

    @Test
    void nodesHaveApacheKafkasAccessors() {
        org.apache.kafka.common.Node apache = new org.apache.kafka.common.Node(3, "h", 1, null, true);
        Node node = new Node(3, "h", 1, null, true);
        assertThat(node.idString()).isEqualTo(apache.idString());
        assertThat(node.hasRack()).isEqualTo(apache.hasRack()).isFalse();
        assertThat(node.isFenced()).isEqualTo(apache.isFenced()).isTrue();
        assertThat(node).isNotEqualTo(new Node(3, "h", 1, null, false));
        assertThat(N0.hasRack()).isTrue();
        assertThat(Node.noNode().isEmpty()).isEqualTo(org.apache.kafka.common.Node.noNode().isEmpty()).isTrue();
        assertThat(Node.noNode().id()).isEqualTo(org.apache.kafka.common.Node.noNode().id());
        assertThat(N1.isEmpty()).isFalse();
        assertThat(Node.noNode()).hasToString("no node");
    }

    @Test
    void partitionInfosAreEqualByValueAndApacheShaped() {
        PartitionInfo five = new PartitionInfo("t", 1, N0, new Node[] {N0, N1}, new Node[] {N0});
        PartitionInfo six = new PartitionInfo("t", 1, N0, new Node[] {N0, N1}, new Node[] {N0}, new Node[0]);
        assertThat(five).isEqualTo(six).hasSameHashCodeAs(six);
        assertThat(five.leaderEpoch()).isEqualTo(-1);
        assertThat(five.offlineReplicas()).isEmpty();
        assertThat(five).isNotEqualTo(new PartitionInfo("t", 1, N0, 3, new Node[] {N0, N1}, new Node[] {N0}, null));
        assertThat(five).isNotEqualTo(new PartitionInfo("t", 1, N1, new Node[] {N0, N1}, new Node[] {N0}));
        Node[] replicas = five.replicas();
        replicas[0] = N2; // a copy: the partition is unchanged
        assertThat(five.replicas()).extracting(Node::id).containsExactly(0, 1);
        assertThat(List.of(five, six)).isSortedAccordingTo(Comparator.comparingInt(PartitionInfo::partition));
    }

    @Test
    void topicPartitionsSerializeLikeApacheKafkas() throws Exception {
        assertThat(java.io.Serializable.class).isAssignableFrom(TopicPartition.class);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(new TopicPartition("t", 3));
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            TopicPartition back = (TopicPartition) in.readObject();
            assertThat(back).isEqualTo(new TopicPartition("t", 3)).hasSameHashCodeAs(new TopicPartition("t", 3));
        }
    }
}
