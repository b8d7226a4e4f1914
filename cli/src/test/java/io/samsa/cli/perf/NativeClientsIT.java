package io.samsa.cli.perf;

import io.samsa.cli.CliRun;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.perf.harness.Json;
import io.samsa.perf.harness.Payloads;
import io.samsa.perf.harness.Runner;
import io.samsa.perf.harness.Workload;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The perf tool's librdkafka clients against the embedded broker: the rdkafka client (our C program, built here
 * with the machine's compiler) sends every record once, at the rate asked, timing each; a setting librdkafka
 * refuses is named; and {@code samsa perf --compare rdkafka,kcat} puts both in the table. They need a C
 * compiler, librdkafka's headers and kcat, which {@code .ci/run} installs; where they cannot be installed the
 * tests skip, saying what is missing.
 */
@KafkaCluster
@Timeout(300)
class NativeClientsIT {
    @TempDir
    static Path build;
    static Path program;

    @TempDir
    Path work;

    @BeforeAll
    static void buildTheProgram() throws Exception {
        try {
            program = Rdkafka.build(build);
        } catch (IOException e) {
            Assumptions.abort(e.getMessage());
        }
    }

    private static Workload workload(String topic, long records, double rate, Map<String, String> props) {
        return new Workload("rdkafka", 1, topic, records, 100, null, "\n", rate, 42, 5000, null, 0, props);
    }

    @Test
    void sendsEveryRecordOnceAtTheRateAndTimesEach(KafkaTestCluster kafka) throws Exception {
        kafka.createTopic("rdk-exact", 3, 1);
        int records = 20_000;
        double rate = 10_000;
        Payloads payloads = Payloads.generated(100, 42);
        Path values = work.resolve("values.bin");
        Rdkafka.writePayloads(values, payloads);
        List<String> marks = new ArrayList<>();
        StringWriter log = new StringWriter();
        Map<String, Object> r = Rdkafka.run(program, workload("rdk-exact", records, rate,
                        Map.of("acks", "all", "enable.idempotence", "true", "linger.ms", "5")),
                kafka.bootstrapServers(), payloads, values, work, new PrintWriter(log), "[rdkafka] ",
                Duration.ofMinutes(2), line -> line.startsWith("samsa-perf-mark") && marks.add(line));

        assertThat(marks).containsExactly(Runner.MARK_START, Runner.MARK_END);
        assertThat(Figures.value(r, "reliability.acked")).as(log.toString()).isEqualTo(records);
        assertThat(Figures.value(r, "reliability.failed")).isZero();
        // every record timed (latencyEvery is 1 at this count), each from produce() to its delivery report
        assertThat(Figures.value(r, "latencyMs.samples")).isEqualTo(records);
        assertThat(Figures.value(r, "latencyMs.p50")).isPositive();
        assertThat(Figures.value(r, "latencyMs.max")).isGreaterThanOrEqualTo(Figures.value(r, "latencyMs.p99"));
        // the second half: the reports that came once record 10,000 was sent, at a fixed rate about half of them
        assertThat(Figures.value(r, "latencyMsSecondHalf.samples")).isBetween(0.4 * records, 0.6 * records);
        assertThat(Figures.value(r, "latencyMsSecondHalf.p99")).isPositive();
        // the rate holds: record i is due i / rate after the first, and leaves at most 1 ms early
        assertThat(Figures.value(r, "elapsedSec")).isGreaterThanOrEqualTo((records - 1) / rate - 0.001);
        assertThat(Figures.value(r, "resources.cpuMsPerMillionRecords")).isPositive();
        assertThat(Figures.value(r, "resources.rssPeakBytes")).isPositive();

        // On the broker: each of the 1,000 values exactly records / 1,000 times, none lost or doubled.
        List<ConsumerRecord<byte[], byte[]>> read = KafkaClients.readAll(kafka.clientConfigs(), "rdk-exact", 3,
                records);
        assertThat(read).hasSize(records);
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> c : read) {
            assertThat(c.key()).isNull();
            counts.merge(new String(c.value(), StandardCharsets.US_ASCII), 1, Integer::sum);
        }
        assertThat(counts).hasSize(Payloads.POOL_SIZE);
        assertThat(counts.values()).containsOnly(records / Payloads.POOL_SIZE);
        assertThat(Files.list(work)).as("result and latency files removed").containsExactly(values);
    }

    @Test
    void aSettingLibrdkafkaRefusesIsNamed(KafkaTestCluster kafka) throws Exception {
        Payloads payloads = Payloads.generated(10, 1);
        Path values = work.resolve("values.bin");
        Rdkafka.writePayloads(values, payloads);
        assertThatThrownBy(() -> Rdkafka.run(program, workload("rdk-bad", 10, -1, Map.of("acks", "most")),
                kafka.bootstrapServers(), payloads, values, work, new PrintWriter(new StringWriter()), "",
                Duration.ofMinutes(1), line -> false))
                .isInstanceOf(IOException.class).hasMessageContaining("acks").hasMessageContaining("most");
    }

    @Test
    @SuppressWarnings("unchecked")
    void perfComparesWithBothLibrdkafkaClients(KafkaTestCluster kafka) throws Exception {
        Assumptions.assumeTrue(Kcat.find().isPresent(), "kcat is not installed (apt-get install kcat)");
        kafka.createTopic("rdk-perf", 3, 1);
        Path json = work.resolve("results.json");
        CliRun r = CliRun.of("perf", "--bootstrap-server", kafka.bootstrapServers(), "--topic", "rdk-perf",
                "--num-records", "5000", "--record-size", "100", "--throughput", "5000", "--compare", "rdkafka,kcat",
                "--runs", "1", "--producer-props", "acks=all", "linger.ms=5", "--jvm-options", "-Xmx256m",
                "--json", json.toString());
        assertThat(r.status).as(r.toString()).isZero();
        assertThat(r.out).contains("[rdkafka #1]", "[kcat #1]", "samsa/rdkafka", "librdkafka ");
        Map<String, Object> runs = (Map<String, Object>) ((Map<String, Object>) Json.parse(Files.readString(json)))
                .get("runs");
        Map<String, Object> rdkafka = (Map<String, Object>) ((List<Object>) runs.get("rdkafka")).get(0);
        assertThat(Figures.value(rdkafka, "reliability.acked")).isEqualTo(5000);
        assertThat(Figures.value(rdkafka, "latencyMs.p99")).isPositive();
        // a 1 s run at a fixed rate: Samsa's second half is the timeline intervals begun after record 2,500
        Map<String, Object> samsa = (Map<String, Object>) ((List<Object>) runs.get("samsa")).get(0);
        assertThat(Figures.value(samsa, "latencyMsSecondHalf.samples")).isPositive()
                .isLessThan(Figures.value(samsa, "latencyMs.samples"));
        Map<String, Object> kcat = (Map<String, Object>) ((List<Object>) runs.get("kcat")).get(0);
        assertThat(Figures.value(kcat, "reliability.acked")).isEqualTo(5000);
        // the table's latency rows have rdkafka's figure and the ratio, n/a for kcat
        assertThat(r.out).containsPattern("latency p99 \\(ms\\)\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+x\\s+n/a\\s+n/a");
    }
}
