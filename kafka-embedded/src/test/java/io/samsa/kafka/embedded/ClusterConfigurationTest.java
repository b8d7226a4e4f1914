package io.samsa.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything that must fail fast and clearly, before any JVM is forked. */
class ClusterConfigurationTest {

    @Test
    void unknownVersionNamesItAndListsTheAvailableOnes() {
        assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().version("9.9.9").build())
                .isInstanceOf(KafkaEmbeddedException.class)
                .hasMessageContaining("Kafka version '9.9.9' is not available")
                .hasMessageContaining("kafka-9.9.9.classpath")
                .hasMessageContaining(KafkaVersions.DEFAULT)
                .hasMessageContaining(KafkaVersions.LEGACY);
    }

    @Test
    void releaseLineResolvesToTheOneAvailableVersion() {
        assertThat(KafkaVersions.available()).contains(KafkaVersions.DEFAULT, KafkaVersions.LEGACY);
        assertThat(KafkaVersions.resolve("3.9")).isEqualTo(KafkaVersions.LEGACY);
        assertThat(KafkaVersions.resolve("4.1")).isEqualTo(KafkaVersions.DEFAULT);
        assertThat(EmbeddedKafkaCluster.builder().version("3.9").build().version()).isEqualTo(KafkaVersions.LEGACY);
    }

    @Test
    void versionComesFromTheSystemPropertyWhenNotGiven() {
        String before = System.getProperty(KafkaVersions.VERSION_PROPERTY);
        try {
            System.setProperty(KafkaVersions.VERSION_PROPERTY, KafkaVersions.LEGACY);
            assertThat(EmbeddedKafkaCluster.builder().build().version()).isEqualTo(KafkaVersions.LEGACY);
            System.clearProperty(KafkaVersions.VERSION_PROPERTY);
            assertThat(EmbeddedKafkaCluster.builder().build().version()).isEqualTo(KafkaVersions.DEFAULT);
        } finally {
            if (before == null) {
                System.clearProperty(KafkaVersions.VERSION_PROPERTY);
            } else {
                System.setProperty(KafkaVersions.VERSION_PROPERTY, before);
            }
        }
    }

    @Test
    void missingJarsNameTheJarAndTheCommandThatFetchesThem(@TempDir Path emptyRepository) {
        assertThatThrownBy(() -> KafkaDistribution.forVersion(KafkaVersions.DEFAULT, emptyRepository))
                .isInstanceOf(KafkaEmbeddedException.class)
                .hasMessageContaining("Kafka " + KafkaVersions.DEFAULT + " needs")
                .hasMessageContaining(emptyRepository.toString())
                .hasMessageContaining("kafka_2.13-" + KafkaVersions.DEFAULT + ".jar")
                .hasMessageContaining("mvn dependency:get -Dartifact=io.samsa:samsa-kafka-dist-4.1:");
    }

    @Test
    void distributionJarsAreAllOnDiskAndKafkaIsNotOnOurClasspath() {
        KafkaDistribution dist = KafkaDistribution.forVersion(KafkaVersions.LEGACY);
        assertThat(dist.jars()).anyMatch(p -> p.getFileName().toString().equals("kafka_2.13-" + KafkaVersions.LEGACY + ".jar"))
                .anyMatch(p -> p.getFileName().toString().equals("kafka-clients-" + KafkaVersions.LEGACY + ".jar"))
                .noneMatch(p -> p.getFileName().toString().startsWith("kafka-clients-4."));
        // The broker (and Scala) must never leak onto the caller's classpath through our dependencies.
        assertThatThrownBy(() -> Class.forName("kafka.Kafka")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("scala.Option")).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void builderRefusesWhatItManagesAndNonsense() {
        assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().brokerConfig("listeners", "PLAINTEXT://:9092"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'listeners' is managed");
        assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().brokerConfigs(Map.of("node.id", "7")))
                .hasMessageContaining("'node.id' is managed");
        assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().nodes(0)).hasMessageContaining("at least one node");
        assertThatThrownBy(() -> Listener.plaintext("CONTROLLER")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> Listener.plaintext("client")).hasMessageContaining("upper case");
        assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().listener(Listener.plaintext("A")).interBrokerListener("B").build())
                .hasMessageContaining("inter-broker listener 'B'");
        assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().build().bootstrapServers())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start()");
    }

    @Test
    void listenerConfigsGetKafkasPerListenerPrefix() {
        Listener l = new Listener("SASL_SSL", SecurityProtocol.SASL_SSL, Map.of(), Map.of())
                .withBrokerConfig("plain.sasl.jaas.config", "x")
                .withClientConfig("sasl.mechanism", "PLAIN");
        assertThat(l.configPrefix()).isEqualTo("listener.name.sasl_ssl.");
        assertThat(l.brokerConfigs()).containsEntry("plain.sasl.jaas.config", "x");
        assertThat(l.clientConfigs()).containsEntry("sasl.mechanism", "PLAIN");
    }
}
