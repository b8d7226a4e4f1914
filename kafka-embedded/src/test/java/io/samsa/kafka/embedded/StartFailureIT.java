package io.samsa.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails says why, with the broker's own words, and leaves neither processes nor files behind. */
class StartFailureIT {

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void brokerThatExitsIsReportedWithTheTailOfItsLog(@TempDir Path base) throws IOException {
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder()
                .baseDirectory(base)
                .brokerConfig("num.partitions", "0") // Kafka's config validation refuses this
                .build();
        assertThatThrownBy(kafka::start)
                .isInstanceOf(KafkaEmbeddedException.class)
                .hasMessageContaining("node 1 exited with status")
                .hasMessageContaining("kafka.log ends with")
                .hasMessageContaining("num.partitions");
        assertThat(kafka.processIds()).isEmpty();
        assertThat(samsaDirectories(base)).isZero();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void brokerThatIsTooSlowTimesOutWithTheTailOfItsLog(@TempDir Path base) throws IOException {
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder()
                .baseDirectory(base)
                .startTimeout(Duration.ofMillis(300)) // no broker starts that fast
                .build();
        assertThatThrownBy(kafka::start)
                .isInstanceOf(KafkaEmbeddedException.class)
                .hasMessageContaining("were not ready within 300 ms of start")
                .hasMessageContaining("node 1 log");
        assertThat(kafka.processIds()).isEmpty();
        assertThat(samsaDirectories(base)).isZero();
    }

    private static long samsaDirectories(Path base) throws IOException {
        try (Stream<Path> children = Files.list(base)) {
            return children.filter(p -> p.getFileName().toString().startsWith("samsa-kafka-")).count();
        }
    }
}
