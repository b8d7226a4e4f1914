package io.samsa.client;

import io.samsa.common.errors.NetworkException;
import io.samsa.common.errors.TimeoutException;
import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.common.Cluster;
import io.samsa.metadata.MetadataManager;
import io.samsa.network.NetworkConfig;
import io.samsa.clients.producer.ProducerConfig;
import io.samsa.clients.producer.TestConfigs;
import io.samsa.protocol.MetadataRequest;
import io.samsa.protocol.MetadataResponse;
import io.samsa.protocol.ProduceRequest;
import io.samsa.protocol.ProduceResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The connection layer against a real broker that goes away: frozen with a request in flight and then killed
 * (the request fails with a NetworkException naming broker, API and correlation id; the client reconnects once
 * the broker is back), and down when a client starts (a clear error after the configured timeout).
 *
 * <p>Uses a cluster of its own because it kills the node (skipped against an external cluster).
 */
class BrokerFailureIT {
    @Test
    void requestInFlightWhenBrokerDiesFailsAndClientReconnectsWhenItIsBack(
            @KafkaCluster(shared = false) EmbeddedKafkaCluster kafka) throws Exception {
        kafka.createTopic("failures", 1, 1);
        NetworkConfig config = TestConfigs.network(Map.of()).withReconnectBackoff(50, 500);
        try (BrokerClient client = BrokerClient.create(kafka.bootstrapServers(), config,
                TestConfigs.metadata(Map.of(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 50L,
                ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 500L)))) {
            Cluster cluster = client.metadata(List.of("failures"), Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS);
            int nodeId = cluster.partitionsForTopic("failures").get(0).leader().id();
            long pid = kafka.nodePid(nodeId).orElseThrow();
            // A connection to the broker itself (metadata came through the bootstrap address's connection).
            client.send(nodeId, MetadataRequest.forTopics(List.of(), false)).get(30, TimeUnit.SECONDS);

            // Freeze the broker so that the request is certainly in flight (written, unanswered) when it dies.
            signal(pid, "STOP");
            CompletableFuture<ProduceResponse> inFlight;
            try {
                ProduceRequest request = ProduceRequest.builder((short) -1, 30_000)
                        .add("failures", cluster.topic("failures").topicId(), 0,
                                RoundTripScenario.batchOf(RoundTripScenario.records(0, System.currentTimeMillis())))
                        .build();
                inFlight = client.send(nodeId, request);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (client.inFlightRequests(nodeId).get(5, TimeUnit.SECONDS) == 0) {
                    if (System.nanoTime() > deadline) {
                        fail("the produce request never became in flight");
                    }
                    Thread.onSpinWait();
                }
                assertThat(inFlight).isNotDone();
            } finally {
                kafka.killNode(nodeId); // SIGKILL ends a stopped process too
            }

            Throwable failure = failureOf(inFlight);
            assertThat(failure).isInstanceOf(NetworkException.class);
            NetworkException ne = (NetworkException) failure;
            assertThat(ne.nodeId()).isEqualTo(nodeId);
            assertThat(ne.address()).isEqualTo(kafka.brokerAddress(nodeId));
            assertThat(ne.api()).startsWith("Produce v");
            assertThat(ne.correlationId()).isGreaterThanOrEqualTo(0);
            assertThat(ne.getMessage()).contains("Produce v").contains("correlation id " + ne.correlationId())
                    .contains(kafka.brokerAddress(nodeId));
            assertThat(ne).isInstanceOf(io.samsa.common.errors.RetriableException.class);

            // While it is down, a fresh client fails within its configured time with a clear error.
            try (BrokerClient late = BrokerClient.create(kafka.bootstrapServers(), config,
                    TestConfigs.metadata(Map.of(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 50L,
                ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 500L)))) {
                Throwable down = failureOf(late.metadata(List.of("failures"), Duration.ofMillis(2_000)));
                assertThat(down).isInstanceOf(TimeoutException.class);
                assertThat(down.getMessage()).contains(kafka.bootstrapServers()).containsIgnoringCase("refused");
            }

            kafka.restartNode(nodeId);

            // The old client reconnects on its own: poll with a deadline until a request succeeds.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            MetadataResponse answer = null;
            Throwable last = null;
            while (answer == null && System.nanoTime() < deadline) {
                try {
                    answer = client.send(nodeId, MetadataRequest.forTopics(List.of("failures"), false))
                            .get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    last = e.getCause();
                    assertThat(last).isInstanceOfAny(NetworkException.class, TimeoutException.class);
                    Thread.sleep(100); // pacing between attempts, not a stand-in for a condition
                }
            }
            assertThat(answer).as("reconnected after restart; last error %s", last).isNotNull();
            assertThat(answer.topic("failures").partitions()).hasSize(1);
        }
    }

    private static void signal(long pid, String sig) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    private static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure, got success");
    }
}
