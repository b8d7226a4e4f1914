package io.samsa.clients.producer.internals;

import io.samsa.common.errors.Errors;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ProduceResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ColdStartTest {

    @Test
    void theDryRunTakesRecordsThroughAppendDrainAndCompletion() {
        // Two appends (the sticky and the explicit-partition path), stamped with idempotent producer state,
        // acknowledged: both hooks see an offset. Each run is private, so it can run any number of times.
        assertThat(ColdStart.dryRun()).isEqualTo(2);
        assertThat(ColdStart.dryRun()).isEqualTo(2);
    }

    @Test
    void theCodecRoundTripWorksAtEveryProduceVersion() {
        for (short v = ApiKey.PRODUCE.oldestVersion(); v <= ApiKey.PRODUCE.latestVersion(); v++) {
            ProduceResponse r = ColdStart.roundTrip(v);
            assertThat(r.responses()).as("v%d", v).hasSize(1);
            ProduceResponse.PartitionResponse p = r.responses().get(0).partitions().get(0);
            assertThat(p.index()).as("v%d", v).isZero();
            assertThat(p.error()).as("v%d", v).isEqualTo(Errors.NONE);
            assertThat(p.baseOffset()).as("v%d", v).isZero();
        }
    }
}
