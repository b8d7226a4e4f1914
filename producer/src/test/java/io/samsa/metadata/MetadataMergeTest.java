package io.samsa.metadata;

import io.samsa.common.Cluster;

import io.samsa.common.TopicPartition;
import io.samsa.common.errors.Errors;
import io.samsa.protocol.MetadataResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** How a metadata response becomes the next {@link Cluster} snapshot. */
class MetadataMergeTest {
    private static final UUID ID = UUID.randomUUID();

    private static MetadataResponse response(int leader, int epoch, short topicError) {
        List<MetadataResponse.Broker> brokers = List.of(new MetadataResponse.Broker(1, "h1", 9092, null),
                new MetadataResponse.Broker(2, "h2", 9092, "rack-b"));
        List<MetadataResponse.Partition> parts = topicError != 0 ? List.of() : List.of(
                new MetadataResponse.Partition((short) 0, 1, 2, 7, List.of(2, 1), List.of(2), List.of()),
                new MetadataResponse.Partition((short) 0, 0, leader, epoch, List.of(1, 2, 3), List.of(1, 2),
                        List.of(3)));
        return new MetadataResponse(0, brokers, "c", 1,
                List.of(new MetadataResponse.Topic(topicError, "t", ID, false, parts,
                        MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED)),
                MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED, (short) 0);
    }

    @Test
    void buildsNodesTopicsAndPartitionsInOrder() {
        Cluster c = MetadataManager.merge(Cluster.empty(), response(1, 5, (short) 0), 100);
        assertThat(c.nodes()).hasSize(2);
        assertThat(c.node(2).rack()).isEqualTo("rack-b");
        assertThat(c.partitionCount("t")).isEqualTo(2);
        assertThat(c.partitionsForTopic("t")).extracting(p -> p.partition()).containsExactly(0, 1);
        assertThat(c.leaderFor(new TopicPartition("t", 0)).id()).isEqualTo(1);
        assertThat(c.topic("t").topicId()).isEqualTo(ID);
        // Replica 3 is not a live broker: still listed, by id.
        assertThat(c.partition(new TopicPartition("t", 0)).replicas()).extracting(n -> n.id()).containsExactly(1, 2, 3);
        assertThat(c.partitionsLedBy(2)).containsExactly(new TopicPartition("t", 1));
        assertThat(c.updatedAtMs()).isEqualTo(100);
    }

    @Test
    void anOlderLeaderEpochFromALaggingBrokerDoesNotRollLeadershipBack() {
        Cluster first = MetadataManager.merge(Cluster.empty(), response(2, 9, (short) 0), 100);
        Cluster stale = MetadataManager.merge(first, response(1, 8, (short) 0), 200);
        assertThat(stale.leaderFor(new TopicPartition("t", 0)).id()).isEqualTo(2);
        assertThat(stale.partition(new TopicPartition("t", 0)).leaderEpoch()).isEqualTo(9);
        Cluster newer = MetadataManager.merge(stale, response(1, 10, (short) 0), 300);
        assertThat(newer.leaderFor(new TopicPartition("t", 0)).id()).isEqualTo(1);
    }

    @Test
    void topicErrorsAreKeptWithNoPartitions() {
        Cluster c = MetadataManager.merge(Cluster.empty(),
                response(1, 1, Errors.UNKNOWN_TOPIC_OR_PARTITION.code()), 100);
        assertThat(Errors.forCode(c.topic("t").errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(c.partitionCount("t")).isZero();
        // As Apache Kafka's Cluster: a topic described with an error has no partition count, like an unknown one.
        assertThat(c.partitionCountForTopic("t")).isNull();
        assertThat(c.partitionCountForTopic("other")).isNull();
        assertThat(c.topics()).doesNotContain("t");
    }
}
