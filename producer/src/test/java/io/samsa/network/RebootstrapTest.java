package io.samsa.network;

import io.samsa.client.BrokerClient;
import io.samsa.common.errors.Errors;
import io.samsa.common.errors.TimeoutException;
import io.samsa.common.Cluster;
import io.samsa.metadata.MetadataManager;
import io.samsa.clients.producer.ProducerConfig;
import io.samsa.clients.producer.TestConfigs;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.MetadataResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code metadata.recovery.strategy} (KIP-899 / KIP-1102) on the wire, with scripted peers: a real cluster cannot
 * be made to move every broker to new addresses, or to answer REBOOTSTRAP_REQUIRED, on demand.
 *
 * <p>The bootstrap server first says the cluster is broker 1 at {@code old}. Then {@code old} goes away (or
 * answers REBOOTSTRAP_REQUIRED). With {@code rebootstrap} the client goes back to the bootstrap server, which now
 * says broker 1 is at {@code moved}; with {@code none} it never asks the bootstrap server again.
 */
class RebootstrapTest {
    private static final String TOPIC = "t";
    private static final long TRIGGER_MS = 300;
    private static final NetworkConfig FAST = TestConfigs.network(Map.of())
            .withConnectionSetupTimeoutMs(1_000, 1_000)
            .withRequestTimeoutMs(2_000)
            .withReconnectBackoff(20, 100);

    private static MetadataManager.Config config(boolean rebootstrap) {
        return TestConfigs.metadata(Map.of(
                ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 20L,
                ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 100L,
                ProducerConfig.METADATA_RECOVERY_STRATEGY_CONFIG, rebootstrap ? "rebootstrap" : "none",
                ProducerConfig.METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS_CONFIG, TRIGGER_MS));
    }

    /** Metadata naming broker 1 at {@code port} as the leader of {@link #TOPIC}'s one partition. */
    private static MetadataResponse cluster(int port, short errorCode) {
        MetadataResponse.Partition p = new MetadataResponse.Partition((short) 0, 0, 1, 0, List.of(1), List.of(1),
                List.of());
        MetadataResponse.Topic t = new MetadataResponse.Topic((short) 0, TOPIC, new UUID(7, 7), false, List.of(p),
                MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED);
        return new MetadataResponse(0, List.of(new MetadataResponse.Broker(1, "127.0.0.1", port, null)), "c", 1,
                errorCode == 0 ? List.of(t) : List.of(), MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED, errorCode);
    }

    /** Answers the next request reaching {@code broker}, which must be a Metadata request. */
    private static void answerMetadata(ScriptedBroker broker, MetadataResponse response) throws Exception {
        ScriptedBroker.Received r = broker.next();
        assertThat(r.header.apiKey()).isEqualTo(ApiKey.METADATA);
        short v = r.header.apiVersion();
        r.respond(w -> response.write(w, v));
    }

    private static int leaderPort(Cluster c) {
        return c.nodes().iterator().next().port();
    }

    @Test
    void whenNoKnownBrokerAnswersForTheTriggerTimeTheClientGoesBackToBootstrapServers() throws Exception {
        try (ScriptedBroker boot = new ScriptedBroker(); ScriptedBroker old = new ScriptedBroker();
             ScriptedBroker moved = new ScriptedBroker();
             BrokerClient client = BrokerClient.create("127.0.0.1:" + boot.port(), FAST, config(true))) {
            var first = client.metadata(List.of(TOPIC), Duration.ofSeconds(10));
            answerMetadata(boot, cluster(old.port(), (short) 0));
            assertThat(leaderPort(first.get(10, TimeUnit.SECONDS))).isEqualTo(old.port());

            old.close(); // every broker the client knows is gone
            long start = System.nanoTime();
            var refreshed = client.refreshMetadata(List.of(TOPIC), Duration.ofSeconds(20));
            // Connections to old are refused; after the trigger time the bootstrap server is asked again.
            answerMetadata(boot, cluster(moved.port(), (short) 0));
            assertThat(System.nanoTime() - start).as("not before the trigger time")
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(TRIGGER_MS));
            assertThat(leaderPort(refreshed.get(10, TimeUnit.SECONDS))).as("broker 1 at its new address")
                    .isEqualTo(moved.port());

            // From now on the brokers of the new metadata are asked, not the bootstrap server.
            var again = client.refreshMetadata(List.of(TOPIC), Duration.ofSeconds(10));
            answerMetadata(moved, cluster(moved.port(), (short) 0));
            again.get(10, TimeUnit.SECONDS);
            assertThat(boot.requests).isEmpty();
        }
    }

    @Test
    void withStrategyNoneTheClientKeepsTryingTheBrokersItKnows() throws Exception {
        try (ScriptedBroker boot = new ScriptedBroker(); ScriptedBroker old = new ScriptedBroker();
             BrokerClient client = BrokerClient.create("127.0.0.1:" + boot.port(), FAST, config(false))) {
            var first = client.metadata(List.of(TOPIC), Duration.ofSeconds(10));
            answerMetadata(boot, cluster(old.port(), (short) 0));
            first.get(10, TimeUnit.SECONDS);

            old.close();
            // Ten trigger periods without metadata: the refresh times out, and the bootstrap server was not asked.
            var refreshed = client.refreshMetadata(List.of(TOPIC), Duration.ofMillis(10 * TRIGGER_MS));
            assertThatThrownBy(() -> refreshed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
            assertThat(boot.requests).as("requests reaching the bootstrap server").isEmpty();
            assertThat(client.cluster().nodes()).as("the known brokers are kept").hasSize(1);
        }
    }

    @Test
    void rebootstrapRequiredFromABrokerSendsTheClientBackToBootstrapServersAtOnce() throws Exception {
        try (ScriptedBroker boot = new ScriptedBroker(); ScriptedBroker old = new ScriptedBroker();
             ScriptedBroker moved = new ScriptedBroker();
             BrokerClient client = BrokerClient.create("127.0.0.1:" + boot.port(), FAST,
                     TestConfigs.metadata(Map.of(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 20L,
                             ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 100L)))) { // rebootstrap after 5 min
            var first = client.metadata(List.of(TOPIC), Duration.ofSeconds(10));
            answerMetadata(boot, cluster(old.port(), (short) 0));
            first.get(10, TimeUnit.SECONDS);

            var refreshed = client.refreshMetadata(List.of(TOPIC), Duration.ofSeconds(20));
            answerMetadata(old, cluster(old.port(), Errors.REBOOTSTRAP_REQUIRED.code()));
            // Long before the 5-minute trigger: the error code alone sends the client back.
            answerMetadata(boot, cluster(moved.port(), (short) 0));
            assertThat(leaderPort(refreshed.get(10, TimeUnit.SECONDS))).isEqualTo(moved.port());
        }
    }

    @Test
    void rebootstrapRequiredFromABootstrapServerIsRetriedAfterTheBackoffNotInALoop() throws Exception {
        try (ScriptedBroker boot = new ScriptedBroker();
             BrokerClient client = BrokerClient.create("127.0.0.1:" + boot.port(), FAST, config(true))) {
            var first = client.metadata(List.of(TOPIC), Duration.ofSeconds(10));
            answerMetadata(boot, cluster(boot.port(), Errors.REBOOTSTRAP_REQUIRED.code()));
            long answeredAt = System.nanoTime();
            // Already on the bootstrap servers: the client backs off (retry.backoff.ms=20, jitter down to 16 ms;
            // 10 allows for the client reading the answer before this thread took the time) before asking again,
            // rather than rebootstrapping onto the same server at once.
            ScriptedBroker.Received again = boot.next();
            assertThat(System.nanoTime() - answeredAt).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
            short v = again.header.apiVersion();
            MetadataResponse ok = cluster(boot.port(), (short) 0);
            again.respond(w -> ok.write(w, v));
            assertThat(leaderPort(first.get(10, TimeUnit.SECONDS))).isEqualTo(boot.port());
        }
    }

    @Test
    void rebootstrapRequiredWithStrategyNoneIsAFailedAttemptAndTheKnownBrokerIsAskedAgain() throws Exception {
        try (ScriptedBroker boot = new ScriptedBroker(); ScriptedBroker old = new ScriptedBroker();
             BrokerClient client = BrokerClient.create("127.0.0.1:" + boot.port(), FAST, config(false))) {
            var first = client.metadata(List.of(TOPIC), Duration.ofSeconds(10));
            answerMetadata(boot, cluster(old.port(), (short) 0));
            first.get(10, TimeUnit.SECONDS);

            var refreshed = client.refreshMetadata(List.of(TOPIC), Duration.ofSeconds(20));
            answerMetadata(old, cluster(old.port(), Errors.REBOOTSTRAP_REQUIRED.code()));
            answerMetadata(old, cluster(old.port(), (short) 0)); // the retry, after the backoff
            assertThat(leaderPort(refreshed.get(10, TimeUnit.SECONDS))).isEqualTo(old.port());
            assertThat(boot.requests).isEmpty();
        }
    }
}
