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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    void metricsAreServedForPrometheusWhileItRuns(KafkaTestCluster kafka) throws Exception {
        kafka.createTopic("console-metrics", 1, 1);
        // A named pipe as the input keeps the command running, reading, while its /metrics is scraped.
        Path fifo = dir.resolve("in.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && mkfifo.exitValue() == 0)
                .as("mkfifo").isTrue();
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        java.util.concurrent.CompletableFuture<CliRun> run = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> CliRun.of("produce", "-b", kafka.bootstrapServers(), "-t", "console-metrics", "--file",
                        fifo.toString(), "--metrics-port", Integer.toString(port), "--producer-property",
                        "client.id=console-metrics"));
        String expected = "samsa_producer_records_acked_total{client_id=\"console-metrics\"} 100.0";
        String body = "";
        try (java.io.Writer w = Files.newBufferedWriter(fifo, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 100; i++) {
                w.write("value-" + i + "\n");
            }
            w.flush();
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!body.contains(expected) && System.nanoTime() < deadline) {
                try {
                    body = http.send(java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                } catch (java.io.IOException notYet) {
                    // the server starts once the producer exists
                }
                Thread.sleep(100); // between scrapes; the loop's condition is the scraped count
            }
        }
        assertThat(body).contains(expected).contains("samsa_producer_record_send_rate{client_id=\"console-metrics\"}");
        CliRun r = run.get(120, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.status).as(r.toString()).isZero();
        assertThat(r.err).contains("Serving metrics at http://127.0.0.1:" + port + "/metrics");
    }

    /** The cluster's client settings for a consumer that sees committed records only. */
    private static Map<String, Object> readCommitted(KafkaTestCluster kafka) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put("isolation.level", "read_committed");
        return config;
    }

    @Test
    void transactionsOfTheGivenSizeAreCommittedAndReadCommittedSeesEveryLine(KafkaTestCluster kafka) throws Exception {
        kafka.createTopic("console-txn", 1, 1);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            lines.append("txn-").append(i).append('\n');
        }
        Path input = Files.writeString(dir.resolve("txn.txt"), lines.toString());
        CliRun r = CliRun.of("produce", "-b", kafka.bootstrapServers(), "-t", "console-txn", "--file", input.toString(),
                "--transactional-id", "produce-it-commit", "--transaction-size", "4");
        assertThat(r.status).as(r.toString()).isZero();
        // 4 + 4 + 2
        assertThat(r.err).contains("10 line(s) read, 10 record(s) committed to console-txn in 3 transaction(s), 0 failed");

        List<ConsumerRecord<String, String>> read = KafkaClients.readAll(readCommitted(kafka), "console-txn", 1, 10,
                new StringDeserializer(), new StringDeserializer());
        assertThat(read).extracting(ConsumerRecord::value).containsExactly("txn-0", "txn-1", "txn-2", "txn-3", "txn-4",
                "txn-5", "txn-6", "txn-7", "txn-8", "txn-9");
    }

    @Test
    void aFailedRecordAbortsItsTransactionAndStopsTheReading(KafkaTestCluster kafka) throws Exception {
        kafka.createTopic("console-abort", 1, 1);
        // line 4 is larger than max.request.size: it fails, so its transaction (lines 3-4) cannot commit
        String tooLarge = "x".repeat(400);
        Path input = Files.writeString(dir.resolve("abort.txt"), "a\nb\nc\n" + tooLarge + "\ne\nf\n");
        CliRun r = CliRun.of("produce", "-b", kafka.bootstrapServers(), "-t", "console-abort", "--file",
                input.toString(), "--transactional-id", "produce-it-abort", "--transaction-size", "2",
                "--producer-property", "max.request.size=300");
        assertThat(r.status).as(r.toString()).isEqualTo(Samsa.FAILED);
        assertThat(r.err).contains("line 4: failed:", "larger than max.request.size (300)",
                "transaction 2 (lines 3-4) aborted: a record of it failed; none of its records is committed",
                "4 line(s) read, 2 record(s) committed to console-abort in 1 transaction(s), 1 failed; "
                        + "transaction 2 (lines 3-4) aborted\n");
        // line 3 failed only because its transaction did: not reported as a failure of its own
        assertThat(r.err).doesNotContain("line 3:");

        // Only the first transaction is visible; the settle time of readAll would show a record beyond it.
        List<ConsumerRecord<String, String>> read = KafkaClients.readAll(readCommitted(kafka), "console-abort", 1, 2,
                new StringDeserializer(), new StringDeserializer());
        assertThat(read).extracting(ConsumerRecord::value).containsExactly("a", "b");
    }

    @Test
    void aLineThatCannotBeParsedAbortsTheWholeInputsTransaction(KafkaTestCluster kafka) throws Exception {
        kafka.createTopic("console-unparsed", 1, 1);
        Path input = Files.writeString(dir.resolve("unparsed.txt"), "k1:v1\nk2:v2\nno-separator\nk4:v4\n");
        CliRun r = CliRun.of("produce", "-b", kafka.bootstrapServers(), "-t", "console-unparsed", "--file",
                input.toString(), "--transactional-id", "produce-it-unparsed", "--property", "parse.key=true",
                "--property", "key.separator=:");
        assertThat(r.status).as(r.toString()).isEqualTo(Samsa.FAILED);
        assertThat(r.err).contains("line 3: not sent: no key separator",
                "transaction 1 (lines 1-3) aborted: line 3 was not sent",
                "3 line(s) read, 0 record(s) committed to console-unparsed in 0 transaction(s), 1 failed; "
                        + "transaction 1 (lines 1-3) aborted\n");
        assertThat(r.err).doesNotContain("line 1:", "line 2:");
        // A later record proves the partition readable past the aborted transaction: then nothing of it is seen.
        KafkaClients.produce(kafka.clientConfigs(), "console-unparsed", 0, "after", "after");
        List<ConsumerRecord<String, String>> read = KafkaClients.readAll(readCommitted(kafka), "console-unparsed", 1, 1,
                new StringDeserializer(), new StringDeserializer());
        assertThat(read).extracting(ConsumerRecord::value).containsExactly("after");
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
