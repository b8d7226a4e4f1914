package io.samsa.client;

import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import org.junit.jupiter.api.Test;

class RoundTripSmokeIT {
    @Test
    void roundTripOnDefaultVersion() throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().nodes(1).build().start()) {
            RoundTripScenario.run(kafka, "smoke", (short) 9);
        }
    }
}
