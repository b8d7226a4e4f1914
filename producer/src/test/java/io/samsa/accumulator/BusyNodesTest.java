package io.samsa.accumulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BusyNodesTest {

    @Test
    void startsEmptyAndNamesOnlyThePublishedBrokers() {
        BusyNodes busy = new BusyNodes();
        assertThat(busy.isEmpty()).isTrue();
        assertThat(busy.contains(0)).isFalse();

        int[] scratch = {3, 1, 9};
        busy.publish(scratch, 2, false);
        assertThat(busy.isEmpty()).isFalse();
        assertThat(busy.contains(3)).isTrue();
        assertThat(busy.contains(1)).isTrue();
        assertThat(busy.contains(9)).as("beyond count: scratch, not published").isFalse();
        assertThat(busy.containsAndAllBusy(3)).as("other brokers had data").isFalse();

        scratch[0] = 4; // the caller reuses its scratch array: what was published must not change with it
        assertThat(busy.contains(3)).isTrue();
        assertThat(busy.contains(4)).isFalse();
    }

    @Test
    void allBusyOnlyForTheBrokersNamed() {
        BusyNodes busy = new BusyNodes();
        busy.publish(new int[] {2}, 1, true);
        assertThat(busy.containsAndAllBusy(2)).isTrue();
        assertThat(busy.containsAndAllBusy(5)).isFalse();
        assertThat(busy.toString()).isEqualTo("BusyNodes[2] (all)");
    }

    @Test
    void republishingReplacesAndClearEmpties() {
        BusyNodes busy = new BusyNodes();
        busy.publish(new int[] {2}, 1, true);
        busy.publish(new int[] {2}, 1, false);
        assertThat(busy.containsAndAllBusy(2)).as("the flag changed alone").isFalse();
        busy.publish(new int[] {7, 2}, 2, false);
        assertThat(busy.contains(7)).isTrue();
        busy.publish(new int[] {7}, 0, true);
        assertThat(busy.isEmpty()).as("nothing busy, whatever the flag").isTrue();
        assertThat(busy.containsAndAllBusy(7)).isFalse();
        busy.publish(new int[] {7}, 1, false);
        busy.clear();
        assertThat(busy.isEmpty()).isTrue();
        assertThat(busy.contains(7)).isFalse();
    }
}
