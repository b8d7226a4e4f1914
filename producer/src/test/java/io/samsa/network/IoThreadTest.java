package io.samsa.network;

import io.samsa.clients.producer.TestConfigs;
import io.samsa.common.KafkaException;
import io.samsa.common.Node;
import io.samsa.common.config.LogCapture;
import io.samsa.common.errors.NetworkException;
import io.samsa.common.utils.Time;
import io.samsa.protocol.MetadataRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class IoThreadTest {

    /**
     * A service that throws on every turn does not stop the loop: the network poll still runs (a request's
     * callback runs only there, and callbacks are what clear the services' in-flight state), and the exception is
     * logged with its trace once per interval, not once per turn.
     */
    @Test
    void aServiceThatThrowsOnEveryTurnNeitherStarvesTheNetworkNorFloodsTheLog() throws Exception {
        NetworkClient client = new NetworkClient(TestConfigs.network(Map.of()), Time.SYSTEM);
        IoThread io = new IoThread("samsa-io-test", client, Time.SYSTEM);
        AtomicInteger throwingPolls = new AtomicInteger();
        io.addService(new IoService() {
            @Override
            public long poll(long nowMs) {
                throwingPolls.incrementAndGet();
                throw new IllegalStateException("service bug");
            }

            @Override
            public void close() {
            }

            @Override
            public String toString() {
                return "ThrowingService";
            }
        });
        CompletableFuture<KafkaException> failed = new CompletableFuture<>();
        try {
            String log = LogCapture.during(() -> {
                io.start();
                // Fails at once (no socket can reach the port), but its callback runs only in the network poll.
                io.execute(() -> client.send(new Node(1, "127.0.0.1", 65536), MetadataRequest.forTopics(List.of(),
                        false), Time.SYSTEM.milliseconds(), (r, resp, err) -> failed.complete(err)));
                assertThat(get(failed)).isInstanceOf(NetworkException.class).hasMessageContaining("port out of range");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (throwingPolls.get() < 20) {
                    assertThat(System.nanoTime()).as("20 turns of the loop").isLessThan(deadline);
                    CompletableFuture<Void> turn = new CompletableFuture<>();
                    io.execute(() -> turn.complete(null)); // wakes the loop for another turn
                    get(turn);
                }
            });
            assertThat(LogCapture.count(log, "ThrowingService threw")).as(log).isEqualTo(1);
            assertThat(log).contains("IllegalStateException: service bug");
        } finally {
            assertThat(io.close(10_000)).isTrue();
        }
    }

    private static <T> T get(CompletableFuture<T> f) {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no completion within 10 s", e);
        }
    }
}
