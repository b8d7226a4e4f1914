package io.samsa.common.utils;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExponentialBackoffTest {

    @Test
    void doublesFromTheInitialValueUpToTheMaximum() {
        ExponentialBackoff b = new ExponentialBackoff(100, 2, 1_000, 0);
        assertThat(b.backoff(0)).isEqualTo(100);
        assertThat(b.backoff(1)).isEqualTo(200);
        assertThat(b.backoff(2)).isEqualTo(400);
        assertThat(b.backoff(3)).isEqualTo(800);
        assertThat(b.backoff(4)).isEqualTo(1_000);
        assertThat(b.backoff(Long.MAX_VALUE)).isEqualTo(1_000);
        assertThat(b.backoff(-3)).isEqualTo(100);
    }

    @Test
    void jitterStaysWithinItsBandAndNeverExceedsTheMaximum() {
        ExponentialBackoff b = new ExponentialBackoff(100, 2, 1_000, 0.2);
        boolean variedBelow = false;
        boolean variedAbove = false;
        for (int i = 0; i < 2_000; i++) {
            long first = b.backoff(0);
            assertThat(first).isBetween(80L, 120L);
            variedBelow |= first < 100;
            variedAbove |= first > 100;
            // At the cap the jittered value may be above it: the cap comes after the jitter.
            assertThat(b.backoff(10)).isBetween(800L, 1_000L);
        }
        assertThat(variedBelow).isTrue();
        assertThat(variedAbove).isTrue();
    }

    @Test
    void aMaximumBelowTheInitialValueMeansAConstantBackoffWithoutJitter() {
        ExponentialBackoff b = new ExponentialBackoff(500, 2, 100, 0.2);
        for (int attempts = 0; attempts < 10; attempts++) {
            assertThat(b.backoff(attempts)).isEqualTo(500);
        }
        assertThat(b.max()).isEqualTo(500);
    }

    @Test
    void aZeroInitialValueNeverWaits() {
        ExponentialBackoff b = new ExponentialBackoff(0, 2, 1_000, 0.2);
        for (int attempts = 0; attempts < 40; attempts++) {
            assertThat(b.backoff(attempts)).isZero();
        }
        assertThat(b.nominal(0)).isZero();
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> new ExponentialBackoff(-1, 2, 10, 0)).hasMessageContaining("initial backoff -1");
        assertThatThrownBy(() -> new ExponentialBackoff(1, 0, 10, 0)).hasMessageContaining("multiplier 0");
        assertThatThrownBy(() -> new ExponentialBackoff(1, 2, 10, 1)).hasMessageContaining("jitter 1.0");
    }
}
