package io.samsa.network;

import io.samsa.common.errors.NetworkException;
import io.samsa.common.KafkaException;
import io.samsa.clients.producer.TestConfigs;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectBackoffTest {
    private static final int NODE = 1;

    /** reconnect.backoff.ms=100, reconnect.backoff.max.ms=1000; set-up timeout 100 up to 1000. */
    private static ReconnectBackoff backoff() {
        return new ReconnectBackoff(TestConfigs.network(Map.of()).withReconnectBackoff(100, 1_000)
                .withConnectionSetupTimeoutMs(100, 1_000));
    }

    private static KafkaException error(String message) {
        return new NetworkException(message, NODE, "127.0.0.1:9092", null, -1, null);
    }

    @Test
    void theReconnectWaitDoublesPerConsecutiveFailureWithinItsJitterBand() {
        for (int run = 0; run < 200; run++) {
            ReconnectBackoff b = backoff();
            // The +/-20% bands of consecutive doublings do not overlap, so each wait shows its step.
            assertThat(b.onFailure(NODE, error("1"), 0)).isBetween(80L, 120L);
            assertThat(b.onFailure(NODE, error("2"), 0)).isBetween(160L, 240L);
            assertThat(b.onFailure(NODE, error("3"), 0)).isBetween(320L, 480L);
            assertThat(b.onFailure(NODE, error("4"), 0)).isBetween(640L, 960L);
            assertThat(b.failures(NODE)).isEqualTo(4);
        }
    }

    @Test
    void theReconnectWaitIsCappedAfterTheJitter() {
        ReconnectBackoff b = backoff();
        for (int i = 0; i < 10; i++) {
            b.onFailure(NODE, error("warm-up"), 0);
        }
        int atCap = 0;
        for (int i = 0; i < 1_000; i++) {
            long wait = b.onFailure(NODE, error("again"), 0);
            assertThat(wait).isBetween(800L, 1_000L);
            atCap += wait == 1_000 ? 1 : 0;
        }
        // Jitter above the nominal maximum is cut to the maximum: about half the waits land on it exactly.
        assertThat(atCap).isGreaterThan(300);
    }

    @Test
    void theNextAttemptWaitsOutTheBackoffOfItsOwnNodeOnly() {
        ReconnectBackoff b = backoff();
        long wait = b.onFailure(NODE, error("refused"), 5_000);
        assertThat(b.delayMs(NODE, 5_000)).isEqualTo(wait);
        assertThat(b.delayMs(NODE, 5_000 + wait - 1)).isEqualTo(1);
        assertThat(b.delayMs(NODE, 5_000 + wait)).isZero();
        assertThat(b.delayMs(2, 5_000)).isZero();
        assertThat(b.lastError(NODE)).hasMessage("refused");
        assertThat(b.lastError(2)).isNull();
    }

    @Test
    void theSetupTimeoutDoublesPerConsecutiveFailureUpToItsMaximum() {
        ReconnectBackoff b = backoff();
        assertThat(b.setupTimeoutMs(NODE)).isEqualTo(100);
        long[] expected = {200, 400, 800, 1_000, 1_000};
        for (long e : expected) {
            b.onFailure(NODE, error("timed out"), 0);
            assertThat(b.setupTimeoutMs(NODE)).isEqualTo(e);
        }
        assertThat(b.setupTimeoutMs(2)).isEqualTo(100);
    }

    @Test
    void aReadyConnectionResetsTheWaitsAndTheLastError() {
        ReconnectBackoff b = backoff();
        for (int i = 0; i < 6; i++) {
            b.onFailure(NODE, error("down"), 0);
        }
        b.onReady(NODE);
        assertThat(b.failures(NODE)).isZero();
        assertThat(b.lastError(NODE)).isNull();
        assertThat(b.setupTimeoutMs(NODE)).isEqualTo(100);
        // The drop of the working connection backs off from the initial wait, not from the sixth failure's.
        assertThat(b.onFailure(NODE, error("dropped"), 0)).isBetween(80L, 120L);
        assertThat(b.setupTimeoutMs(NODE)).isEqualTo(200);
    }

    @Test
    void aMaximumBelowTheInitialWaitKeepsTheInitialWait() {
        ReconnectBackoff b = new ReconnectBackoff(TestConfigs.network(Map.of()).withReconnectBackoff(500, 100));
        for (int i = 0; i < 5; i++) {
            assertThat(b.onFailure(NODE, error("down"), 0)).isEqualTo(500);
        }
    }
}
