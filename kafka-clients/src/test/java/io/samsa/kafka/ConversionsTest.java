package io.samsa.kafka;

import io.samsa.common.Cluster;
import io.samsa.common.Node;
import io.samsa.common.PartitionInfo;
import io.samsa.common.TopicMetadata;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Samsa's record metadata, partitions and cluster snapshots as Apache Kafka's, and the Apache partitioner's view of
 * the cluster: converted once per snapshot. The other way, Apache's offsets and group metadata as Samsa's.
 */
class ConversionsTest {
    private static final Node N1 = new Node(1, "broker1", 9092, "rack-a");
    private static final Node N2 = new Node(2, "broker2", 9093);
    private static final UUID ORDERS_ID = UUID.randomUUID();

    /** Two topics: orders (partition 0 led by 1, partition 1 leaderless, 2 offline) and a denied one. */
    static Cluster cluster() {
        PartitionInfo p0 = new PartitionInfo("orders", 0, N1, 7, new Node[]{N1, N2}, new Node[]{N1, N2},
                new Node[0]);
        PartitionInfo p1 = new PartitionInfo("orders", 1, null, 3, new Node[]{N1, N2}, new Node[]{N1},
                new Node[]{N2});
        return new Cluster("cluster-x", 2, List.of(N1, N2), Map.of(
                "orders", new TopicMetadata("orders", ORDERS_ID, (short) 0, false, List.of(p0, p1)),
                "__consumer_offsets", new TopicMetadata("__consumer_offsets", null, (short) 0, true, List.of()),
                "denied", new TopicMetadata("denied", null, (short) 29, false, List.of())), 1L);
    }

    @Test
    void aClusterSnapshotBecomesApachesCluster() {
        org.apache.kafka.common.Cluster c = Conversions.cluster(cluster());

        assertThat(c.clusterResource().clusterId()).isEqualTo("cluster-x");
        assertThat(c.nodes()).containsExactlyInAnyOrder(new org.apache.kafka.common.Node(1, "broker1", 9092, "rack-a"),
                new org.apache.kafka.common.Node(2, "broker2", 9093));
        assertThat(c.controller().id()).isEqualTo(2);
        assertThat(c.partitionCountForTopic("orders")).isEqualTo(2);
        assertThat(c.availablePartitionsForTopic("orders")).extracting(org.apache.kafka.common.PartitionInfo::partition)
                .containsExactly(0);
        org.apache.kafka.common.PartitionInfo p1 = c.partition(new TopicPartition("orders", 1));
        assertThat(p1.leader()).isNull();
        assertThat(p1.inSyncReplicas()).extracting(org.apache.kafka.common.Node::id).containsExactly(1);
        assertThat(p1.offlineReplicas()).extracting(org.apache.kafka.common.Node::id).containsExactly(2);
        assertThat(c.leaderFor(new TopicPartition("orders", 0)).rack()).isEqualTo("rack-a");
        assertThat(c.topicId("orders")).isEqualTo(new Uuid(ORDERS_ID.getMostSignificantBits(),
                ORDERS_ID.getLeastSignificantBits()));
        assertThat(c.internalTopics()).containsExactly("__consumer_offsets");
        assertThat(c.unauthorizedTopics()).containsExactly("denied");
        assertThat(c.partitionCountForTopic("unknown")).isNull();
    }

    @Test
    void partitionsForKeepsLeadersAndReplicas() {
        List<org.apache.kafka.common.PartitionInfo> ps = Conversions.partitions(cluster().partitionsForTopic("orders"));
        assertThat(ps).extracting(org.apache.kafka.common.PartitionInfo::partition).containsExactly(0, 1);
        assertThat(ps.get(0).leader().id()).isEqualTo(1);
        assertThat(ps.get(0).replicas()).extracting(org.apache.kafka.common.Node::host)
                .containsExactly("broker1", "broker2");
    }

    @Test
    void recordMetadataIsApachesWithFailuresCarryingOnlyWhere() {
        Conversions conversions = new Conversions();
        io.samsa.clients.producer.RecordMetadata ok =
                new io.samsa.clients.producer.RecordMetadata(new io.samsa.common.TopicPartition("t", 3), 100, 2,
                        1_700_000_000_000L, 3, 5);
        RecordMetadata md = conversions.recordMetadata(ok, null);
        assertThat(md.topic()).isEqualTo("t");
        assertThat(md.partition()).isEqualTo(3);
        assertThat(md.offset()).isEqualTo(102);
        assertThat(md.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(md.serializedKeySize()).isEqualTo(3);
        assertThat(md.serializedValueSize()).isEqualTo(5);

        // acks=0: no offset.
        io.samsa.clients.producer.RecordMetadata unacknowledged =
                new io.samsa.clients.producer.RecordMetadata(new io.samsa.common.TopicPartition("t", 3), -1, 0,
                        1_700_000_000_000L, 3, 5);
        assertThat(conversions.recordMetadata(unacknowledged, null).hasOffset()).isFalse();

        RecordMetadata failed = conversions.recordMetadata(ok, new RuntimeException("x"));
        assertThat(failed.partition()).isEqualTo(3);
        assertThat(failed.offset()).isEqualTo(-1);
        assertThat(failed.hasTimestamp()).isFalse();
        assertThat(failed.serializedKeySize()).isEqualTo(-1);
        assertThat(failed.serializedValueSize()).isEqualTo(-1);
    }

    @Test
    void oneTopicPartitionObjectPerPartition() {
        Conversions conversions = new Conversions();
        TopicPartition tp = conversions.topicPartition("t", 4);
        assertThat(tp).isEqualTo(new TopicPartition("t", 4));
        assertThat(conversions.topicPartition("t", 4)).isSameAs(tp);
        assertThat(conversions.topicPartition("t", 9)).isEqualTo(new TopicPartition("t", 9));
        assertThat(conversions.topicPartition("t", 4)).isSameAs(tp);
        assertThat(conversions.topicPartition("t", -1)).isEqualTo(new TopicPartition("t", -1));
    }

    /** Counts the clusters it was shown, by identity. */
    public static final class ClusterWatcher implements org.apache.kafka.clients.producer.Partitioner {
        final List<org.apache.kafka.common.Cluster> seen = new java.util.ArrayList<>();

        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                             org.apache.kafka.common.Cluster cluster) {
            seen.add(cluster);
            return value == null ? -1 : cluster.partitionCountForTopic(topic) - 1;
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void thePartitionerSeesOneApacheClusterPerSnapshot() {
        ClusterWatcher watcher = new ClusterWatcher();
        PartitionerAdapter adapter = new PartitionerAdapter(watcher);
        Cluster first = cluster();
        assertThat(adapter.partition("orders", null, null, "v", null, first)).isEqualTo(1);
        assertThat(adapter.partition("orders", null, null, "v", null, first)).isEqualTo(1);
        Cluster second = cluster();
        adapter.partition("orders", null, null, "v", null, second);
        assertThat(watcher.seen).hasSize(3);
        assertThat(watcher.seen.get(1)).isSameAs(watcher.seen.get(0));
        assertThat(watcher.seen.get(2)).isNotSameAs(watcher.seen.get(0));

        assertThatThrownBy(() -> adapter.partition("orders", null, null, null, null, second))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("The partitioner generated an invalid partition number: -1. Partition number should "
                        + "always be non-negative.");
    }

    @Test
    void offsetsAndGroupMetadataForATransactionBecomeSamsas() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        offsets.put(new TopicPartition("in", 1), new OffsetAndMetadata(42,
                Optional.of(7), "meta"));
        offsets.put(new TopicPartition("in", 0), new OffsetAndMetadata(5, null));
        assertThat(Conversions.offsets(offsets)).containsExactly(
                Map.entry(new io.samsa.common.TopicPartition("in", 1),
                        new io.samsa.clients.consumer.OffsetAndMetadata(42, Optional.of(7), "meta")),
                Map.entry(new io.samsa.common.TopicPartition("in", 0),
                        new io.samsa.clients.consumer.OffsetAndMetadata(5, "")));

        io.samsa.clients.consumer.ConsumerGroupMetadata g = Conversions.groupMetadata(
                new ConsumerGroupMetadata("group", 3, "member-1",
                        Optional.of("instance-a")));
        assertThat(g).isEqualTo(new io.samsa.clients.consumer.ConsumerGroupMetadata("group", 3, "member-1",
                Optional.of("instance-a")));
        assertThat(Conversions.groupMetadata(new ConsumerGroupMetadata("solo")))
                .isEqualTo(new io.samsa.clients.consumer.ConsumerGroupMetadata("solo"));
    }
}
