package io.samsa.clients.producer;

import io.samsa.accumulator.PartitionerClusters;
import io.samsa.common.Cluster;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoundRobinPartitionerTest {

    private static List<Integer> draw(Partitioner p, String topic, Cluster cluster, int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(p.partition(topic, "key-" + i, new byte[]{(byte) i}, null, null, cluster));
        }
        return out;
    }

    @Test
    void cyclesThroughEveryPartitionInTurnIgnoringKeys() {
        Cluster cluster = PartitionerClusters.allLed("t", 3);
        RoundRobinPartitioner p = new RoundRobinPartitioner();
        assertThat(draw(p, "t", cluster, 7)).containsExactly(0, 1, 2, 0, 1, 2, 0);
    }

    @Test
    void cyclesOnlyThroughPartitionsWithALeader() {
        Cluster cluster = PartitionerClusters.topic("t", 0, null, 1, null, 2);
        assertThat(draw(new RoundRobinPartitioner(), "t", cluster, 6)).containsExactly(0, 2, 4, 0, 2, 4);
    }

    @Test
    void fallsBackToAllPartitionsWhenNoneHasALeader() {
        Cluster cluster = PartitionerClusters.topic("t", null, null, null);
        assertThat(draw(new RoundRobinPartitioner(), "t", cluster, 4)).containsExactly(0, 1, 2, 0);
    }

    @Test
    void countsPerTopic() {
        Cluster a = PartitionerClusters.allLed("a", 4);
        Cluster b = PartitionerClusters.allLed("b", 4);
        RoundRobinPartitioner p = new RoundRobinPartitioner();
        assertThat(draw(p, "a", a, 2)).containsExactly(0, 1);
        assertThat(draw(p, "b", b, 1)).containsExactly(0);
        assertThat(draw(p, "a", a, 1)).containsExactly(2);
    }

    @Test
    void behavesAsApacheKafkasRoundRobinPartitioner() {
        RoundRobinPartitioner ours = new RoundRobinPartitioner();
        org.apache.kafka.clients.producer.RoundRobinPartitioner theirs =
                new org.apache.kafka.clients.producer.RoundRobinPartitioner();
        Cluster cluster = PartitionerClusters.topic("t", 0, null, 1, 2, null, 0, 1);
        org.apache.kafka.common.Node[] nodes = {new org.apache.kafka.common.Node(0, "b0", 9092),
                new org.apache.kafka.common.Node(1, "b1", 9092), new org.apache.kafka.common.Node(2, "b2", 9092)};
        List<org.apache.kafka.common.PartitionInfo> parts = new ArrayList<>();
        Integer[] leaders = {0, null, 1, 2, null, 0, 1};
        for (int i = 0; i < leaders.length; i++) {
            parts.add(new org.apache.kafka.common.PartitionInfo("t", i, leaders[i] == null ? null : nodes[leaders[i]],
                    new org.apache.kafka.common.Node[0], new org.apache.kafka.common.Node[0]));
        }
        org.apache.kafka.common.Cluster apacheCluster = new org.apache.kafka.common.Cluster("c", List.of(nodes), parts,
                java.util.Set.of(), java.util.Set.of());
        for (int i = 0; i < 100; i++) {
            assertThat(ours.partition("t", null, null, null, null, cluster))
                    .isEqualTo(theirs.partition("t", null, null, null, null, apacheCluster));
        }
    }

    @Test
    void unknownTopicIsAClearError() {
        assertThatThrownBy(() -> new RoundRobinPartitioner().partition("nope", null, null, null, null,
                PartitionerClusters.allLed("t", 1))).hasMessageContaining("'nope'");
    }
}
