package io.samsa.client;

import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import org.junit.jupiter.api.Test;

/**
 * The foundation's acceptance test on each supported Kafka line: metadata for a 3-partition topic, one batch
 * per partition in a single Produce request per leader (acks=all), offsets back, and Apache Kafka's consumer
 * reads keys, values, headers and timestamps back byte for byte. See {@link RoundTripScenario}.
 */
class RoundTripIT {
    @Test
    void onKafka41(@KafkaCluster(version = "4.1") KafkaTestCluster kafka) throws Exception {
        // Kafka 4.1 speaks Produce v13, which addresses topics by id: the scenario exercises that path.
        RoundTripScenario.run(kafka, "round-trip-41", expectedProduceVersion(kafka, (short) 13));
    }

    @Test
    void onKafka39(@KafkaCluster(version = "3.9") KafkaTestCluster kafka) throws Exception {
        RoundTripScenario.run(kafka, "round-trip-39", expectedProduceVersion(kafka, (short) 11));
    }

    @Test
    void onThreeNodes(@KafkaCluster(nodes = 3) KafkaTestCluster kafka) throws Exception {
        // Replication factor 1 spreads the 3 partitions over the brokers: one Produce request per leader.
        RoundTripScenario.run(kafka, "round-trip-3-nodes", expectedProduceVersion(kafka, (short) 13));
    }

    /** Exact on our embedded brokers; against an external cluster we only know it is at least v3. */
    private static short expectedProduceVersion(KafkaTestCluster kafka, short embedded) {
        return kafka instanceof EmbeddedKafkaCluster ? embedded : 3;
    }
}
