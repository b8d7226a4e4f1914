package io.samsa.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.samsa.kafka.embedded.fork.ClientTelemetryRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the recorder's text files, without a broker: the format as documented on ClientTelemetryRecorder. */
class ClientTelemetryLogTest {

    private static String file(long receivedAt, int broker, long seq, String instance, boolean terminating, String... points) {
        StringBuilder sb = new StringBuilder(ClientTelemetryRecorder.FORMAT_LINE).append('\n')
                .append("received_at_ms\t").append(receivedAt).append('\n')
                .append("sequence\t").append(seq).append('\n')
                .append("broker_id\t").append(broker).append('\n')
                .append("client_instance_id\t").append(instance).append('\n')
                .append("client_id\tmy\\tclient\n")
                .append("terminating\t").append(terminating).append('\n')
                .append("content_type\tOTLP\n")
                .append("raw_file\tpush-").append(broker).append('-').append(seq).append(".bin\n")
                .append("resource\tclient_rack=rack=a\n")
                .append("scope\t\n");
        for (String p : points) {
            sb.append(p).append('\n');
        }
        return sb.toString();
    }

    @Test
    void parsesHeaderPointsAndEscapes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("push-1-7-00000002.txt"), file(2000, 1, 2, "AAA", true,
                "point\torg.apache.kafka.producer.record.send.total\tsum\ttrue\tdelta\t10\t5\t6",
                "point\torg.apache.kafka.producer.topic.byte.rate\tgauge\tfalse\t-\t2.5\t0\t6\ttopic=a\\\\b\tnode_id=node-1"),
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("push-2-9-00000001.txt"), file(1000, 2, 1, "BBB", false), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("push-2-9-00000003.txt.tmp"), "half", StandardCharsets.UTF_8);
        ClientTelemetryLog log = new ClientTelemetryLog(dir);

        List<ClientTelemetryPush> pushes = log.pushes();
        assertThat(pushes).extracting(ClientTelemetryPush::clientInstanceId).containsExactly("BBB", "AAA");
        ClientTelemetryPush push = pushes.get(1);
        assertThat(push.receivedAt()).isEqualTo(Instant.ofEpochMilli(2000));
        assertThat(push.brokerId()).isEqualTo(1);
        assertThat(push.sequence()).isEqualTo(2);
        assertThat(push.clientId()).isEqualTo("my\tclient");
        assertThat(push.terminating()).isTrue();
        assertThat(push.contentType()).isEqualTo("OTLP");
        assertThat(push.resourceAttributes()).containsExactly(Map.entry("client_rack", "rack=a"));
        assertThat(push.scopes()).containsExactly("");
        assertThat(push.rawPayload()).isEqualTo(dir.resolve("push-1-2.bin"));
        assertThat(push.decodeError()).isEmpty();
        assertThat(push.metricNames()).containsExactly("org.apache.kafka.producer.record.send.total",
                "org.apache.kafka.producer.topic.byte.rate");
        assertThat(push.point("org.apache.kafka.producer.record.send.total")).contains(new ClientTelemetryPush.Point(
                "org.apache.kafka.producer.record.send.total", ClientTelemetryPush.Kind.SUM, true,
                ClientTelemetryPush.Temporality.DELTA, 10, 5, 6, Map.of()));
        ClientTelemetryPush.Point gauge = push.point("org.apache.kafka.producer.topic.byte.rate").orElseThrow();
        assertThat(gauge.kind()).isEqualTo(ClientTelemetryPush.Kind.GAUGE);
        assertThat(gauge.temporality()).isEqualTo(ClientTelemetryPush.Temporality.NONE);
        assertThat(gauge.value()).isEqualTo(2.5);
        assertThat(gauge.attributes()).containsExactly(Map.entry("topic", "a\\b"), Map.entry("node_id", "node-1"));

        assertThat(log.pushes("AAA")).containsExactly(push);
        assertThat(log.awaitPush(ClientTelemetryPush::terminating, Duration.ofSeconds(1))).isEqualTo(push);
        assertThatThrownBy(() -> log.awaitPush(p -> p.clientId().equals("nobody"), Duration.ofMillis(200)))
                .isInstanceOf(KafkaEmbeddedException.class)
                .hasMessageContaining("received 2 push(es)")
                .hasMessageContaining("AAA (terminating)");
    }

    @Test
    void aMissingDirectoryHasNoPushes(@TempDir Path dir) {
        assertThat(new ClientTelemetryLog(dir.resolve("absent")).pushes()).isEmpty();
    }

    @Test
    void subscriptionIntervalsOutsideTheBrokersRangeFailFast() {
        assertThat(EmbeddedKafkaCluster.clientMetricsArgs("s", List.of("a.", "b."), 100, Map.of("client_id", "x.*")))
                .containsExactly("s", "100", "a.,b.", "client_id=x.*");
        assertThatThrownBy(() -> EmbeddedKafkaCluster.clientMetricsArgs("s", List.of("*"), 99, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100 ms to 1 h");
        assertThatThrownBy(() -> EmbeddedKafkaCluster.clientMetricsArgs("s", List.of("*"), 3_600_001, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
