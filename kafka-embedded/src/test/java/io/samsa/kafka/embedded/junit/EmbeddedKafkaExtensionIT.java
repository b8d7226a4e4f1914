package io.samsa.kafka.embedded.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.kafka.embedded.ExternalKafkaCluster;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.Poll;
import io.samsa.testsupport.KafkaClients;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The extension, used as users would (this class is itself injected), and run over small scenario classes with
 * JUnit's EngineTestKit to check sharing, closing, and the skips of external mode.
 */
@KafkaCluster
class EmbeddedKafkaExtensionIT {

    @KafkaCluster
    static KafkaTestCluster sharedField;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void injectsOneSharedClusterIntoFieldsAndParameters(KafkaTestCluster parameter, EmbeddedKafkaCluster embedded) throws Exception {
        assertThat(parameter).isSameAs(sharedField).isSameAs(embedded);
        assertThat(embedded.nodeIds()).containsExactly(1);
        parameter.createTopic("extension-smoke", 1, 1);
        KafkaClients.produce(parameter.clientConfigs(), "extension-smoke", 0, "k", "v");
        assertThat(KafkaClients.consume(parameter.clientConfigs(), "extension-smoke", 0, 1, Duration.ofSeconds(60))).hasSize(1);
    }

    // --- Scenarios, run by EngineTestKit only (nested classes are not picked up by Surefire or Failsafe) ---

    static final Map<String, KafkaTestCluster> SEEN = new ConcurrentHashMap<>();
    static final Map<String, List<Long>> PIDS = new ConcurrentHashMap<>();

    @KafkaCluster
    static class SharedA {
        @Test
        void a(EmbeddedKafkaCluster kafka) {
            SEEN.put("A", kafka);
            PIDS.put("shared", kafka.processIds());
        }
    }

    static class SharedB {
        @KafkaCluster
        KafkaTestCluster kafka; // instance field, extension registered by the field's annotation alone

        @Test
        void b() {
            SEEN.put("B", kafka);
        }
    }

    static class Private {
        @Test
        void p(@KafkaCluster(shared = false) EmbeddedKafkaCluster kafka) {
            SEEN.put("P", kafka);
            PIDS.put("private", kafka.processIds());
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void sharesBySettingsAndClosesWhenTheOwnerEnds() {
        SEEN.clear();
        PIDS.clear();
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(SharedA.class), selectClass(SharedB.class), selectClass(Private.class))
                .execute()
                .testEvents();
        tests.assertStatistics(s -> s.started(3).succeeded(3));

        assertThat(SEEN.get("A")).isSameAs(SEEN.get("B")).isNotSameAs(SEEN.get("P"));
        // The kit's run is over: its root store closed the shared cluster, the method store the private one.
        List<Long> all = new java.util.ArrayList<>(PIDS.get("shared"));
        all.addAll(PIDS.get("private"));
        assertThat(all).hasSize(4);
        Poll.until(Duration.ofSeconds(30), "every fork of the scenario clusters to be gone",
                () -> all.stream().noneMatch(Poll::alive), () -> all.stream().filter(Poll::alive).toList());
    }

    @KafkaCluster
    static class AgainstExternal {
        @Test
        void adminWorks(KafkaTestCluster kafka) {
            SEEN.put("external", kafka);
            assertThat(kafka.supportsNodeControl()).isFalse();
            kafka.createTopic("external-topic", 2, 1);
            assertThat(kafka.describeTopic("external-topic")).hasSize(2);
            kafka.deleteTopic("external-topic");
        }

        @Test
        void nodeControlIsSkipped(KafkaTestCluster kafka) {
            kafka.killNode(1);
        }

        @Test
        void embeddedOnlyIsSkipped(EmbeddedKafkaCluster kafka) {
        }

        @Test
        void tooManyNodesIsSkipped(@KafkaCluster(nodes = 3) KafkaTestCluster kafka) {
        }

        @Test
        void telemetryRecordingIsSkipped(@KafkaCluster(clientTelemetry = true) KafkaTestCluster kafka) {
        }

        @Test
        void readingTelemetryIsAborted(KafkaTestCluster kafka) {
            kafka.clientTelemetry();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void externalModeRunsAdminAndSkipsWhatNeedsEmbeddedBrokers() {
        SEEN.clear();
        // Our own shared cluster stands in for "someone else's" cluster.
        System.setProperty(ExternalKafkaCluster.BOOTSTRAP_PROPERTY, sharedField.bootstrapServers());
        Events tests;
        try {
            tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(AgainstExternal.class)).execute().testEvents();
        } finally {
            System.clearProperty(ExternalKafkaCluster.BOOTSTRAP_PROPERTY);
        }
        tests.assertStatistics(s -> s.skipped(3).started(3).succeeded(1).aborted(2).failed(0));
        assertThat(SEEN.get("external").bootstrapServers()).isEqualTo(sharedField.bootstrapServers());
        assertThat(SEEN.get("external")).isNotInstanceOf(EmbeddedKafkaCluster.class);
    }
}
