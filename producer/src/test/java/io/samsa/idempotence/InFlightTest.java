package io.samsa.idempotence;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightTest {

    @Test
    void keepsEachSequenceOnceAndForgetsWhatIsRemoved() {
        IdempotenceManager.InFlight f = new IdempotenceManager.InFlight();
        assertThat(f.isEmpty()).isTrue();
        f.add(0);
        f.add(Integer.MAX_VALUE);
        f.add(600);
        f.add(600); // a retry put back under the same sequence
        assertThat(f.size()).isEqualTo(3);
        f.remove(Integer.MAX_VALUE);
        assertThat(f.size()).isEqualTo(2);
        f.remove(12345); // never added: nothing changes
        assertThat(f.size()).isEqualTo(2);
        f.remove(0);
        f.remove(600);
        assertThat(f.isEmpty()).isTrue();
        f.remove(600);
        assertThat(f.size()).isZero();
    }

    @Test
    void growsPastFiveAndRemovesFromAnyPosition() {
        IdempotenceManager.InFlight f = new IdempotenceManager.InFlight();
        for (int i = 0; i < 12; i++) {
            f.add(i * 100);
        }
        assertThat(f.size()).isEqualTo(12);
        for (int i = 11; i >= 0; i -= 2) {
            f.remove(i * 100);
        }
        assertThat(f.size()).isEqualTo(6);
        for (int i = 0; i < 12; i += 2) {
            f.add(i * 100); // all present already
        }
        assertThat(f.size()).isEqualTo(6);
        for (int i = 0; i < 12; i += 2) {
            f.remove(i * 100);
        }
        assertThat(f.isEmpty()).isTrue();
    }
}
