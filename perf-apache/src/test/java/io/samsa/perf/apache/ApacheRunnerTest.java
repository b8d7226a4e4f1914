package io.samsa.perf.apache;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ApacheRunnerTest {

    @Test
    void apachesBatchModelIsDerivedFromBatchSizeAndRecordsPerRequest() {
        // 100-byte values: 10 bytes of framing each, so a 55,061-byte batch holds (55,061 - 61) / 110 = 500 records
        Map<String, Object> m = new ApacheRunner().batchModel(Map.of("batch-size-avg", 55_061.0,
                "records-per-request-avg", 1_500.0), 65_536, 100);
        assertThat((double) m.get("recordsPerBatch")).isCloseTo(500, within(1e-9));
        assertThat((double) m.get("batchesPerRequest")).isCloseTo(3, within(1e-9));
        assertThat((double) m.get("batchFill")).isCloseTo(55_061.0 / 65_536, within(1e-9));
        assertThat(m.get("derived")).isEqualTo(true);
    }

    @Test
    void aProducerWithSamsasBatchMetricsIsReadDirectly() {
        // samsa-kafka-clients exposes the Samsa producer's own batch metrics under Apache's names
        Map<String, Object> m = new ApacheRunner().batchModel(Map.of("batch-size-avg", 64_000.0,
                "records-per-request-avg", 3_000.0, "records-per-batch-avg", 593.6, "batch-fill-ratio-avg", 0.996,
                "batches-per-request-avg", 5.7), 65_536, 100);
        assertThat(m).containsEntry("recordsPerBatch", 593.6).containsEntry("batchFill", 0.996)
                .containsEntry("batchesPerRequest", 5.7).containsEntry("batchSizeAvgBytes", 64_000.0)
                .containsEntry("derived", false);
    }

    @Test
    void recordFramingOfAHundredByteValueIsTenBytes() {
        assertThat(ApacheRunner.recordOverhead(100)).isEqualTo(10);
    }
}
