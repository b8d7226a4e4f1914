package io.samsa.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One real broker per supported Kafka line: start, topics, produce and consume with Kafka's clients, clean close. */
class SingleNodeClusterIT {

    static List<String> versions() {
        return List.of(KafkaVersions.DEFAULT, KafkaVersions.LEGACY);
    }

    @ParameterizedTest(name = "Kafka {0}")
    @MethodSource("versions")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void startsProducesConsumesAndClosesCleanly(String version) throws Exception {
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().version(version).build();
        List<Long> pids;
        Path dataDirectory;
        try (kafka) {
            long begin = System.nanoTime();
            kafka.start();
            System.out.printf("Kafka %s, 1 node: started in %.1f s%n", version, (System.nanoTime() - begin) / 1e9);

            assertThat(kafka.version()).isEqualTo(version);
            assertThat(kafka.nodeIds()).containsExactly(1);
            assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+").isEqualTo(kafka.brokerAddress(1));
            assertThat(kafka.clientConfigs()).containsEntry("bootstrap.servers", kafka.bootstrapServers())
                    .containsEntry("security.protocol", "PLAINTEXT");

            kafka.createTopic("events", 3, 1);
            List<PartitionState> partitions = kafka.describeTopic("events");
            assertThat(partitions).extracting(PartitionState::partition).containsExactly(0, 1, 2);
            assertThat(partitions).allSatisfy(p -> {
                assertThat(p.leader()).isEqualTo(1);
                assertThat(p.isr()).containsExactly(1);
            });

            RecordMetadata sent = KafkaClients.produce(kafka.clientConfigs(), "events", 2, "k", "hello " + version);
            assertThat(sent.partition()).isEqualTo(2);
            List<ConsumerRecord<String, String>> read = KafkaClients.consume(kafka.clientConfigs(), "events", 2, 1, Duration.ofSeconds(60));
            assertThat(read).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("k");
                assertThat(r.value()).isEqualTo("hello " + version);
            });

            // Topic configs pass through; errors from Kafka come back with Kafka's exception name.
            kafka.createTopic("compacted", 1, 1, Map.of("cleanup.policy", "compact", "segment.ms", "60000"));
            assertThatThrownBy(() -> kafka.createTopic("compacted", 1, 1))
                    .isInstanceOf(KafkaEmbeddedException.class)
                    .hasMessageContaining("compacted")
                    .hasMessageContaining("TopicExistsException");
            assertThatThrownBy(() -> kafka.createTopic("too-replicated", 1, 3))
                    .isInstanceOf(KafkaEmbeddedException.class)
                    .hasMessageContaining("InvalidReplicationFactorException");
            kafka.deleteTopic("compacted");
            kafka.createTopic("compacted", 2, 1); // the name is free again once deleteTopic returns

            pids = kafka.processIds();
            dataDirectory = kafka.dataDirectory();
            assertThat(pids).hasSize(2); // the node and the admin agent
            assertThat(Files.isDirectory(dataDirectory)).isTrue();
        }
        // close() returned: every fork is gone, the directory too, and a second close is harmless.
        assertThat(pids).noneMatch(Poll::alive);
        assertThat(dataDirectory).doesNotExist();
        kafka.close();
        assertThatThrownBy(() -> kafka.createTopic("late", 1, 1)).isInstanceOf(IllegalStateException.class);
    }
}
