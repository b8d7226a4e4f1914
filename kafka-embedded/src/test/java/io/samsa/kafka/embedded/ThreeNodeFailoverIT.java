package io.samsa.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Three nodes with replication: a killed leader is replaced, the cluster keeps taking acks=all writes, and the
 * restarted node rejoins the ISR. Also runs client traffic and replication on separate listeners.
 */
class ThreeNodeFailoverIT {

    private static final Duration FAILOVER = Duration.ofSeconds(60);

    @ParameterizedTest(name = "Kafka {0}")
    @MethodSource("io.samsa.kafka.embedded.SingleNodeClusterIT#versions")
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void killedLeaderIsReplacedAndRestartedNodeRejoins(String version) throws Exception {
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder()
                .version(version)
                .nodes(3)
                .listener(Listener.plaintext("CLIENT"))
                .listener(Listener.plaintext("REPLICATION"))
                .interBrokerListener("REPLICATION")
                .brokerConfig("min.insync.replicas", "2")
                .build();
        List<Long> pids;
        try (kafka) {
            long begin = System.nanoTime();
            kafka.start();
            System.out.printf("Kafka %s, 3 nodes: started in %.1f s%n", kafka.version(), (System.nanoTime() - begin) / 1e9);

            assertThat(kafka.nodeIds()).containsExactly(1, 2, 3);
            assertThat(kafka.bootstrapServers().split(",")).hasSize(3)
                    .containsExactly(kafka.brokerAddress(1), kafka.brokerAddress(2), kafka.brokerAddress(3));
            assertThat(kafka.bootstrapServers("REPLICATION")).isNotEqualTo(kafka.bootstrapServers());

            kafka.createTopic("replicated", 3, 3, Map.of("min.insync.replicas", "2"));
            assertThat(kafka.describeTopic("replicated")).allSatisfy(p -> assertThat(p.isr()).hasSize(3));
            KafkaClients.produce(kafka.clientConfigs(), "replicated", 0, "a", "before");

            int leader = kafka.describeTopic("replicated").get(0).leader();
            long leaderPid = kafka.nodePid(leader).orElseThrow();
            long killedAt = System.nanoTime();
            kafka.killNode(leader);
            assertThat(Poll.alive(leaderPid)).isFalse();
            assertThat(kafka.isNodeRunning(leader)).isFalse();

            Poll.until(FAILOVER, "a new leader for replicated-0 after killing node " + leader, () -> {
                PartitionState p = kafka.describeTopic("replicated").get(0);
                return p.hasLeader() && p.leader() != leader;
            }, () -> kafka.describeTopic("replicated"));
            System.out.printf("Kafka %s: new leader %.1f s after kill -9%n", kafka.version(), (System.nanoTime() - killedAt) / 1e9);

            // Two of three replicas are enough for min.insync.replicas=2.
            KafkaClients.produce(kafka.clientConfigs(), "replicated", 0, "b", "during");

            long restartedAt = System.nanoTime();
            kafka.restartNode(leader);
            System.out.printf("Kafka %s: node restarted in %.1f s%n", kafka.version(), (System.nanoTime() - restartedAt) / 1e9);
            assertThat(kafka.isNodeRunning(leader)).isTrue();
            assertThat(kafka.nodePid(leader).orElseThrow()).isNotEqualTo(leaderPid);
            Poll.until(FAILOVER, "node " + leader + " back in the ISR of every partition",
                    () -> kafka.describeTopic("replicated").stream().allMatch(p -> p.isr().contains(leader)),
                    () -> kafka.describeTopic("replicated"));

            List<ConsumerRecord<String, String>> read = KafkaClients.consume(kafka.clientConfigs(), "replicated", 0, 2, FAILOVER);
            assertThat(read).extracting(ConsumerRecord::value).containsExactly("before", "during");

            // A graceful stop of one node while the other two keep the quorum is quick.
            long stopAt = System.nanoTime();
            kafka.stopNode(3);
            assertThat(kafka.isNodeRunning(3)).isFalse();
            System.out.printf("Kafka %s: graceful stop of node 3 took %.1f s%n", kafka.version(), (System.nanoTime() - stopAt) / 1e9);

            pids = kafka.processIds();
            assertThat(pids).hasSize(3); // nodes 1 and 2, and the admin agent
        }
        assertThat(pids).noneMatch(Poll::alive);
    }
}
