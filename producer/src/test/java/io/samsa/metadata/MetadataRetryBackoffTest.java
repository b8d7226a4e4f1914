package io.samsa.metadata;

import io.samsa.common.Node;
import io.samsa.metrics.ManualTime;
import io.samsa.network.NetworkClient;
import io.samsa.network.ScriptedBroker;
import io.samsa.clients.producer.ProducerConfig;
import io.samsa.clients.producer.TestConfigs;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.MetadataResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long {@link MetadataManager} waits after failed Metadata requests ({@code retry.backoff.ms=20},
 * {@code retry.backoff.max.ms=100}). The manager and its network client run on the test thread against a
 * {@link ScriptedBroker} with a clock that moves only when the test moves it, so the wait the manager announces
 * from {@link MetadataManager#poll} is exactly its backoff.
 */
class MetadataRetryBackoffTest {
    private static final String TOPIC = "t";
    /** Longer than any backoff: what {@code poll} returns while a request is in flight (the waiter's deadline). */
    private static final long FAR = 1_000_000_000L;

    private final ManualTime time = new ManualTime(1_000_000);
    private ScriptedBroker broker;
    private NetworkClient client;
    private MetadataManager metadata;

    @BeforeEach
    void setUp() throws Exception {
        broker = new ScriptedBroker();
        client = new NetworkClient(TestConfigs.network(Map.of()), time);
        metadata = new MetadataManager(client, time, List.of(new Node(-1, "127.0.0.1", broker.port())),
                TestConfigs.metadata(Map.of(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 20L,
                ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 100L)));
        metadata.awaitTopics(List.of(TOPIC), time.milliseconds(), time.milliseconds() + FAR);
    }

    @AfterEach
    void tearDown() throws Exception {
        metadata.close();
        client.close();
        broker.close();
    }

    /** A Metadata answer listing no brokers: a failed attempt. */
    private static MetadataResponse noBrokers() {
        return new MetadataResponse(0, List.of(), "c", 1, List.of(), MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED,
                (short) 0);
    }

    private MetadataResponse healthy() {
        MetadataResponse.Partition p = new MetadataResponse.Partition((short) 0, 0, 1, 0, List.of(1), List.of(1),
                List.of());
        MetadataResponse.Topic t = new MetadataResponse.Topic((short) 0, TOPIC, new UUID(7, 7), false, List.of(p),
                MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED);
        return new MetadataResponse(0, List.of(new MetadataResponse.Broker(1, "127.0.0.1", broker.port(), null)), "c",
                1, List.of(t), MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED, (short) 0);
    }

    /**
     * Lets the manager send its next attempt, answers it, and returns the wait the manager then announces before
     * the attempt after it (the clock does not move meanwhile).
     */
    private long attempt(MetadataResponse answer) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        ScriptedBroker.Received request;
        while ((request = broker.requests.poll()) == null) {
            assertThat(System.nanoTime()).as("waiting for a Metadata request").isLessThan(deadline);
            metadata.poll(time.milliseconds());
            client.poll(10);
        }
        assertThat(request.header.apiKey()).isEqualTo(ApiKey.METADATA);
        short v = request.header.apiVersion();
        request.respond(w -> answer.write(w, v));
        while (true) {
            assertThat(System.nanoTime()).as("waiting for the answer to be handled").isLessThan(deadline);
            client.poll(10);
            long wait = metadata.poll(time.milliseconds());
            if (wait < FAR / 2) {
                return wait;
            }
        }
    }

    @Test
    void failedAttemptsDoubleTheWaitWithJitterUpToTheMaximumWhichJitterNeverExceeds() throws Exception {
        // The +/-20% bands of consecutive doublings do not overlap, so each wait shows its step.
        long[][] bands = {{16, 24}, {32, 48}, {64, 96}, {80, 100}};
        for (long[] band : bands) {
            long wait = attempt(noBrokers());
            assertThat(wait).isBetween(band[0], band[1]);
            time.advance(wait);
        }
        int atMaximum = 0;
        for (int i = 0; i < 20; i++) {
            long wait = attempt(noBrokers());
            assertThat(wait).as("capped after the jitter").isBetween(80L, 100L);
            atMaximum += wait == 100 ? 1 : 0;
            time.advance(wait);
        }
        // About half the jittered values exceed the maximum and are cut to it.
        assertThat(atMaximum).isPositive();
    }

    @Test
    void anAnswerResetsTheBackoff() throws Exception {
        for (int i = 0; i < 4; i++) {
            time.advance(attempt(noBrokers()));
        }
        attempt(healthy());
        assertThat(metadata.cluster().topic(TOPIC)).isNotNull();
        metadata.requestUpdate();
        assertThat(metadata.poll(time.milliseconds())).as("the spacing after an answer: retry.backoff.ms")
                .isEqualTo(20);
        time.advance(20);
        assertThat(attempt(noBrokers())).as("the first failure after an answer").isBetween(16L, 24L);
    }
}
