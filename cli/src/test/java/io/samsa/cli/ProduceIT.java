package io.samsa.cli;

import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code samsa produce} against a real broker; what it wrote is read back with Apache Kafka's consumer. */
@KafkaCluster
@Timeout(300)
class ProduceIT {

    @TempDir
    Path dir;

    @Test
    void keysValuesAndHeadersArriveAndABadLineIsReportedWithExitStatus1(KafkaTestCluster kafka) throws Exception {
        kafka.createTopic("console", 1, 1);
        Path input = Files.writeString(dir.resolve("in.txt"),
                "h1:a\tk1:v1\n"
                        + "no-delimiter-line\n"
                        + "h1:b,h2:c\tk2:v2\n", StandardCharsets.UTF_8);
        CliRun r = CliRun.of("produce", "--bootstrap-server", kafka.bootstrapServers(), "--topic", "console",
                "--file", input.toString(), "--property", "parse.key=true", "--property", "key.separator=:",
                "--property", "parse.headers=true", "--header", "source=it", "--acks", "all");
        assertThat(r.status).as(r.toString()).isEqualTo(Samsa.FAILED);
        assertThat(r.err).contains("line 2: not sent: no headers delimiter", "3 line(s) read, 2 record(s) sent to console, 1 failed");

        List<ConsumerRecord<String, String>> read = KafkaClients.readAll(kafka.clientConfigs(), "console", 1, 2,
                new StringDeserializer(), new StringDeserializer());
        assertThat(read).extracting(ConsumerRecord::key).containsExactly("k1", "k2");
        assertThat(read).extracting(ConsumerRecord::value).containsExactly("v1", "v2");
        assertThat(new String(read.get(1).headers().lastHeader("h2").value(), StandardCharsets.UTF_8)).isEqualTo("c");
        assertThat(new String(read.get(0).headers().lastHeader("source").value(), StandardCharsets.UTF_8)).isEqualTo("it");
    }

    @Test
    void everyLineSentMeansExitStatus0(KafkaTestCluster kafka) throws Exception {
        kafka.createTopic("console-ok", 3, 1);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            lines.append("value-").append(i).append('\n');
        }
        Path input = Files.writeString(dir.resolve("ok.txt"), lines.toString());
        CliRun r = CliRun.of("produce", "-b", kafka.bootstrapServers(), "-t", "console-ok", "--file", input.toString(),
                "--producer-property", "linger.ms=5");
        assertThat(r.status).as(r.toString()).isZero();
        assertThat(r.err).contains("500 line(s) read, 500 record(s) sent to console-ok, 0 failed");
        assertThat(KafkaClients.readAll(kafka.clientConfigs(), "console-ok", 3, 500)).hasSize(500);
    }

    @Test
    void anInvalidTopicFailsEveryLineWithTheReason(KafkaTestCluster kafka) throws Exception {
        Path input = Files.writeString(dir.resolve("one.txt"), "x\ny\n");
        CliRun r = CliRun.of("produce", "-b", kafka.bootstrapServers(), "-t", "bad topic!", "--file",
                input.toString(), "--producer-property", "delivery.timeout.ms=3000",
                "--producer-property", "request.timeout.ms=2000", "--producer-property", "linger.ms=0");
        assertThat(r.status).as(r.toString()).isEqualTo(Samsa.FAILED);
        assertThat(r.err).contains("line 1: failed:", "line 2: failed:", "bad topic!", "2 failed");
    }
}
