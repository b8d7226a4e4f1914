package io.samsa.network;

import io.samsa.client.BrokerClient;
import io.samsa.common.errors.NetworkException;
import io.samsa.common.errors.TimeoutException;
import io.samsa.metadata.MetadataManager;
import io.samsa.clients.producer.ProducerConfig;
import io.samsa.clients.producer.TestConfigs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Peers that are not Kafka: a web server, a silent socket, a closed port. The client must fail with a clear,
 * typed error within its configured time, never hang and never allocate what a garbage size prefix claims.
 * (A real broker cannot produce these cases, hence the scripted peer.)
 */
class NonKafkaPeerTest {
    private static final NetworkConfig FAST = TestConfigs.network(Map.of())
            .withConnectionSetupTimeoutMs(1_000, 1_000)
            .withRequestTimeoutMs(2_000)
            .withReconnectBackoff(20, 100);
    private static final MetadataManager.Config META = TestConfigs.metadata(Map.of(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 20L,
                ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 100L));

    @Test
    void httpServerGivesAClearProtocolErrorNotAnAllocation() throws Exception {
        byte[] http = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (FakePeer peer = new FakePeer((in, out) -> {
            try {
                in.read(new byte[64]);
                out.write(http);
                out.flush();
                in.read(new byte[64]);
            } catch (IOException e) {
                // closed by the client
            }
        }); BrokerClient client = BrokerClient.create(peer.bootstrap(), FAST, META)) {
            Throwable failure = failureOf(client.metadata(List.of("t"), Duration.ofSeconds(3)));
            assertThat(failure).isInstanceOf(TimeoutException.class);
            // "HTTP" read as a size prefix is 1213486160: rejected, named, and shown as text.
            assertThat(failure.getMessage())
                    .contains(peer.bootstrap())
                    .contains("1213486160")
                    .contains("HTTP");
            assertThat(failure.getCause()).isInstanceOf(NetworkException.class);
        }
    }

    @Test
    void hugeSizePrefixFromGarbageFailsWithoutAllocatingIt() throws Exception {
        try (FakePeer peer = new FakePeer((in, out) -> {
            try {
                in.read(new byte[64]);
                out.write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
                out.flush();
                in.read(new byte[64]);
            } catch (IOException e) {
                // closed by the client
            }
        }); BrokerClient client = BrokerClient.create(peer.bootstrap(), FAST, META)) {
            Throwable failure = failureOf(client.metadata(List.of("t"), Duration.ofSeconds(3)));
            assertThat(failure.getMessage()).contains("2147483647").contains("outside 4..");
        }
    }

    @Test
    void silentPeerTimesOutInTheHandshake() throws Exception {
        try (FakePeer peer = new FakePeer((in, out) -> {
            try {
                while (in.read(new byte[1024]) >= 0) {
                    // swallow everything, answer nothing
                }
            } catch (IOException e) {
                // closed by the client
            }
        }); BrokerClient client = BrokerClient.create(peer.bootstrap(), FAST, META)) {
            long start = System.nanoTime();
            Throwable failure = failureOf(client.metadata(List.of("t"), Duration.ofSeconds(4)));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(failure).isInstanceOf(TimeoutException.class);
            assertThat(failure.getMessage()).contains("socket.connection.setup.timeout.ms").contains("ApiVersions");
            assertThat(tookMs).isLessThan(30_000); // bounded by the 4 s wait, far from a hang
        }
    }

    @Test
    void closedPortFailsAfterTheConfiguredTimeoutNamingTheAddress() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (BrokerClient client = BrokerClient.create("127.0.0.1:" + port, FAST, META)) {
            Throwable failure = failureOf(client.metadata(List.of("t"), Duration.ofMillis(1500)));
            assertThat(failure).isInstanceOf(TimeoutException.class);
            assertThat(failure.getMessage())
                    .contains("bootstrap servers [127.0.0.1:" + port + "]")
                    .containsIgnoringCase("refused");
        }
    }

    @Test
    void triesTheNextBootstrapServerWhenOneIsDown() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        // Both are dead, but the error must show that both were tried.
        int deadPort2;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort2 = s.getLocalPort();
        }
        try (FakePeer peer = new FakePeer((in, out) -> { }); // accepts then closes at once
             BrokerClient client = BrokerClient.create("127.0.0.1:" + deadPort + ",127.0.0.1:" + deadPort2
                     + "," + peer.bootstrap(), FAST, META)) {
            failureOf(client.metadata(List.of("t"), Duration.ofMillis(1500)));
            assertThat(peer.connections.get()).isGreaterThan(0);
        }
    }

    @Test
    void closingFailsPendingFuturesAndLeavesNoThread() throws Exception {
        int before = countIoThreads();
        try (FakePeer peer = new FakePeer((in, out) -> {
            try {
                while (in.read(new byte[1024]) >= 0) {
                    // silent
                }
            } catch (IOException e) {
                // closed
            }
        })) {
            BrokerClient client = BrokerClient.create(peer.bootstrap(), FAST, META);
            CompletableFuture<?> pending = client.metadata(List.of("t"), Duration.ofSeconds(60));
            client.close();
            assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(io.samsa.common.errors.ClosedException.class);
            client.close(); // idempotent
        }
        assertThat(countIoThreads()).isEqualTo(before);
    }

    private static int countIoThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("samsa-io-") && t.isAlive()).count();
    }

    private static Throwable failureOf(CompletableFuture<?> f) throws InterruptedException {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the future did not complete within 30 s: a hang", e);
        }
        throw new AssertionError("expected a failure, got success");
    }
}
