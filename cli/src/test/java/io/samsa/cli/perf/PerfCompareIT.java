package io.samsa.cli.perf;

import io.samsa.cli.CliRun;
import io.samsa.cli.Samsa;
import io.samsa.perf.harness.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code samsa perf --compare apache} end to end on the embedded broker: Samsa's and Apache's runners each in
 * their own JVM, a small record count, and both result rows, the JSON and the HTML report checked; then the three
 * Java clients ({@code --compare apache,adapter}, a few thousand records). Also a broker JVM that cannot start,
 * which only starting it finds.
 */
@Timeout(600)
class PerfCompareIT {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void comparesSamsaWithApachesProducerAndWritesTheReport() throws Exception {
        Path html = dir.resolve("report.html");
        Path json = dir.resolve("results.json");
        int records = 20_000;
        CliRun r = CliRun.of("perf", "--topic", "perf-it", "--num-records", Integer.toString(records),
                "--record-size", "100", "--compare", "apache", "--runs", "2", "--warmup-records", "2000", "--reporting-interval", "500",
                "--producer-props", "acks=all", "enable.idempotence=true", "batch.size=65536", "linger.ms=10",
                "--jvm-options", "-Xms256m -Xmx256m", "--report", html.toString(), "--json", json.toString());
        assertThat(r.status).as(r.toString()).isZero();

        // The side-by-side table: a records/s row with both clients and the ratio.
        Matcher row = Pattern.compile("records/s\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d.]+)x").matcher(r.out);
        assertThat(row.find()).as(r.out).isTrue();
        assertThat(Long.parseLong(row.group(1).replace(",", ""))).isPositive();
        assertThat(Long.parseLong(row.group(2).replace(",", ""))).isPositive();
        assertThat(r.out).contains("[samsa #1]", "[apache #1]", "apache kafka-clients 4.1.2",
                "CPU s per 1M records", "warm-up round of 2,000 records each");
        // the unmeasured warm-up round comes first, then the runs alternate, the order rotating by one each
        // round: samsa, apache, then apache, samsa
        int warmSamsa = r.out.indexOf("[samsa warm-up]");
        int warmApache = r.out.indexOf("[apache warm-up]");
        assertThat(warmSamsa).as(r.out).isNotNegative().isLessThan(r.out.indexOf("[samsa #1]"));
        assertThat(warmApache).as(r.out).isNotNegative().isLessThan(r.out.indexOf("[samsa #1]"));
        assertThat(r.out.indexOf("[samsa #1]")).isLessThan(r.out.indexOf("[apache #1]"));
        assertThat(r.out.indexOf("[apache #1]")).isLessThan(r.out.indexOf("[apache #2]"));
        assertThat(r.out.indexOf("[apache #2]")).isLessThan(r.out.indexOf("[samsa #2]"));

        Map<String, Object> results = (Map<String, Object>) Json.parse(Files.readString(json));
        Map<String, Object> runs = (Map<String, Object>) results.get("runs");
        for (String client : List.of("samsa", "apache")) {
            List<Object> clientRuns = (List<Object>) runs.get(client);
            assertThat(clientRuns).as(client + ": warm-up runs are not among the results").hasSize(2);
            Map<String, Object> run = (Map<String, Object>) clientRuns.get(0);
            assertThat(Figures.value(run, "reliability.acked")).as(client).isEqualTo(records);
            assertThat(Figures.value(run, "reliability.failed")).as(client).isZero();
            assertThat(Figures.value(run, "recordsPerSec")).as(client).isPositive();
            assertThat(Figures.value(run, "latencyMs.p99")).as(client).isPositive();
            // the intervals from record num-records / 2 on: part of the timed records at most (none in a run shorter
            // than a timeline interval)
            double half = Figures.value(run, "latencyMsSecondHalf.samples");
            assertThat(half).as(client).isNotNegative().isLessThan(Figures.value(run, "latencyMs.samples"));
            assertCpuFigures(client, run, r.out);
            // the embedded broker's CPU during the run, and the client's plus the broker's
            double broker = Figures.value(run, "broker.cpuMsPerMillionRecords");
            assertThat(broker).as(client + " broker CPU").isPositive();
            double clientCpu = Figures.value(run, "resources.cpuMsPerMillionRecords");
            double both = Figures.value(run, "broker.clientPlusBrokerCpuMsPerMillionRecords");
            if (Double.isNaN(clientCpu)) {
                assertThat(both).as(client).isNaN();
            } else {
                assertThat(both).as(client).isCloseTo(broker + clientCpu, within(1e-6));
            }
            assertThat(Figures.value(run, "batch.recordsPerBatch")).as(client).isPositive();
            assertThat((List<Object>) run.get("timeline")).as(client).isNotEmpty();
        }
        assertThat(((Number) results.get("warmupRecordsPerClient")).longValue()).isEqualTo(2000L);
        Map<String, Object> medians = (Map<String, Object>) results.get("medians");
        assertThat(medians).containsKeys("samsa", "apache");

        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("samsa perf report", "apache kafka-clients 4.1.2",
                "Throughput over time", "Latency percentiles").doesNotContain("<script", "<link", "<img", "url(", "https://");
        Matcher svg = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(page);
        int charts = 0;
        while (svg.find()) {
            // every chart is well-formed SVG (XML), so any browser renders it
            String chart = svg.group();
            DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(chart.getBytes(StandardCharsets.UTF_8)));
            assertThat(chart).contains("<polyline");
            charts++;
        }
        assertThat(charts).isEqualTo(3);
    }

    /**
     * {@code --threads 3}: three application threads share each Java client's producer and send num-records
     * between them, every record acknowledged once, the JSON saying how many threads sent.
     */
    @Test
    @SuppressWarnings("unchecked")
    void splitsTheRecordsBetweenApplicationThreads() throws Exception {
        Path json = dir.resolve("threads.json");
        int records = 30_001;
        CliRun r = CliRun.of("perf", "--topic", "perf-threads", "--num-records", Integer.toString(records),
                "--record-size", "100", "--compare", "apache", "--threads", "3", "--runs", "1", "--warmup-records",
                "0", "--producer-props", "acks=all", "enable.idempotence=true", "linger.ms=5",
                "--jvm-options", "-Xms256m -Xmx256m", "--json", json.toString());
        assertThat(r.status).as(r.toString()).isZero();
        assertThat(r.out).contains("Application threads: 3 per Java client", "sending 30,001 records from 3 "
                + "application threads", "CPU s per 1M records, second half");

        Map<String, Object> results = (Map<String, Object>) Json.parse(Files.readString(json));
        assertThat(Figures.value(results, "workload.threads")).isEqualTo(3);
        Map<String, Object> runs = (Map<String, Object>) results.get("runs");
        for (String client : List.of("samsa", "apache")) {
            Map<String, Object> run = (Map<String, Object>) ((List<Object>) runs.get(client)).get(0);
            assertThat(Figures.value(run, "threads")).as(client).isEqualTo(3);
            assertThat(Figures.value(run, "reliability.sent")).as(client).isEqualTo(records);
            assertThat(Figures.value(run, "reliability.acked")).as(client).isEqualTo(records);
            assertThat(Figures.value(run, "resources.secondHalfRecords")).as(client).isBetween(1.0, (double) records);
            Map<String, Object> resources = (Map<String, Object>) run.get("resources");
            assertThat((Map<String, Object>) resources.get("threadCpuSec"))
                    .as(client + ": the sending threads' CPU, read as they end").containsKey("perf-send-#");
            assertCpuFigures(client, run, r.out);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void runsTheKafkaClientsAdapterAsAThirdJavaClient() throws Exception {
        Path json = dir.resolve("adapter.json");
        int records = 5_000;
        CliRun r = CliRun.of("perf", "--topic", "perf-adapter-it", "--num-records", Integer.toString(records),
                "--record-size", "100", "--compare", "apache,adapter", "--runs", "1", "--warmup-records", "0",
                "--producer-props", "acks=all", "linger.ms=5", "--jvm-options", "-Xms128m -Xmx128m",
                "--json", json.toString());
        assertThat(r.status).as(r.toString()).isZero();
        // a column and a ratio to Samsa for each client, in the order given
        Matcher row = Pattern.compile("records/s\\s+([\\d,]+)\\s+([\\d,]+)\\s+[\\d.]+x\\s+([\\d,]+)\\s+[\\d.]+x")
                .matcher(r.out);
        assertThat(row.find()).as(r.out).isTrue();
        assertThat(r.out).contains("samsa/apache", "samsa/adapter", "[adapter #1] samsa-kafka-clients",
                "(kafka-clients 4.1.2 API)");
        assertThat(r.out.indexOf("[samsa #1]")).isLessThan(r.out.indexOf("[apache #1]"));
        assertThat(r.out.indexOf("[apache #1]")).isLessThan(r.out.indexOf("[adapter #1]"));

        Map<String, Object> runs = (Map<String, Object>) ((Map<String, Object>) Json.parse(Files.readString(json)))
                .get("runs");
        for (String client : List.of("samsa", "apache", "adapter")) {
            List<Object> clientRuns = (List<Object>) runs.get(client);
            assertThat(clientRuns).as(client).hasSize(1);
            Map<String, Object> run = (Map<String, Object>) clientRuns.get(0);
            assertThat(Figures.value(run, "reliability.acked")).as(client).isEqualTo(records);
            assertThat(Figures.value(run, "reliability.failed")).as(client).isZero();
            assertThat(Figures.value(run, "recordsPerSec")).as(client).isPositive();
            assertCpuFigures(client, run, r.out);
            assertThat(Figures.value(run, "buffer.peakUtilisation")).as(client).isPositive();
            assertThat(Figures.value(run, "batch.recordsPerBatch")).as(client).isPositive();
        }
        // The adapter mirrors Samsa's metrics under Apache's names: its batch model is read, not derived.
        Map<String, Object> adapterBatch = (Map<String, Object>) ((Map<String, Object>) ((List<Object>)
                runs.get("adapter")).get(0)).get("batch");
        Map<String, Object> apacheBatch = (Map<String, Object>) ((Map<String, Object>) ((List<Object>)
                runs.get("apache")).get(0)).get("batch");
        assertThat(adapterBatch).containsEntry("derived", false);
        assertThat(apacheBatch).containsEntry("derived", true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void sendsInTransactionsWithSamsaAndApache() throws Exception {
        Path json = dir.resolve("txn.json");
        int records = 10_000;
        // Throttled to last about 0.5 s: with 50 ms transactions, the first commits long before the last record,
        // so every run has at least two transactions whatever the machine's speed.
        CliRun r = CliRun.of("perf", "--topic", "perf-txn-it", "--num-records", Integer.toString(records),
                "--record-size", "100", "--throughput", "20000", "--transaction-duration-ms", "50",
                "--compare", "apache", "--runs", "1", "--warmup-records", "0",
                "--producer-props", "acks=all", "linger.ms=5", "--jvm-options", "-Xms128m -Xmx128m",
                "--json", json.toString());
        assertThat(r.status).as(r.toString()).isZero();
        assertThat(r.out).contains("Transactions: each committed at the first send 50 ms after it began",
                "transactional.id samsa-perf-", "-- transactions", "transactions committed", "commit avg (ms)");

        Map<String, Object> results = (Map<String, Object>) Json.parse(Files.readString(json));
        assertThat(Figures.value(results, "workload.transactionDurationMs")).isEqualTo(50);
        Map<String, Object> runs = (Map<String, Object>) results.get("runs");
        for (String client : List.of("samsa", "apache")) {
            Map<String, Object> run = (Map<String, Object>) ((List<Object>) runs.get(client)).get(0);
            assertThat(Figures.value(run, "reliability.acked")).as(client).isEqualTo(records);
            assertThat(Figures.value(run, "reliability.failed")).as(client).isZero();
            double count = Figures.value(run, "transactions.count");
            assertThat(count).as(client).isGreaterThanOrEqualTo(2);
            assertThat(Figures.value(run, "transactions.recordsPerTransaction") * count).as(client)
                    .isCloseTo(records, within(1e-6));
            assertThat(Figures.value(run, "transactions.initMs")).as(client).isPositive();
            assertThat(Figures.value(run, "transactions.commitMs.avg")).as(client).isPositive();
            assertThat(Figures.value(run, "transactions.commitMs.max")).as(client)
                    .isGreaterThanOrEqualTo(Figures.value(run, "transactions.commitMs.p50"));
            // both producers time their commits too (txn-commit-time-ns-total)
            assertThat(Figures.value(run, "transactions.metricCommitTimeNsTotal")).as(client).isPositive();
            assertThat(Figures.value(run, "transactions.metricCommitMsAvg")).as(client).isPositive();
        }
    }

    /** {@code --samsa-send produce}: Samsa's runner sends without futures, and says so; every record is acknowledged. */
    @Test
    @SuppressWarnings("unchecked")
    void sendsWithProduceWhenAsked() throws Exception {
        Path json = dir.resolve("produce.json");
        int records = 50_000;
        CliRun r = CliRun.of("perf", "--topic", "perf-produce", "--num-records", Integer.toString(records),
                "--record-size", "100", "--samsa-send", "produce", "--runs", "1", "--warmup-records", "0",
                "--jvm-options", "-Xms128m -Xmx128m", "--json", json.toString());
        assertThat(r.status).as(r.toString()).isZero();
        assertThat(r.out).contains("Samsa sends with produce(record, callback)");

        Map<String, Object> results = (Map<String, Object>) Json.parse(Files.readString(json));
        Map<String, Object> runs = (Map<String, Object>) results.get("runs");
        Map<String, Object> run = (Map<String, Object>) ((List<Object>) runs.get("samsa")).get(0);
        assertThat(Figures.value(run, "reliability.acked")).isEqualTo(records);
        assertThat(Figures.value(run, "reliability.failed")).isZero();
    }

    @Test
    void servesTheSamsaRunsMetricsForPrometheusWhileItRuns() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // Throttled to last about 5 s, so that /metrics can be scraped while the run sends.
        java.util.concurrent.CompletableFuture<CliRun> run = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> CliRun.of("perf", "--topic", "perf-metrics-it", "--num-records", "100000", "--record-size", "100",
                        "--throughput", "20000", "--runs", "1", "--warmup-records", "0", "--metrics-port",
                        Integer.toString(port), "--jvm-options", "-Xms128m -Xmx128m"));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        Pattern sent = Pattern.compile("samsa_producer_records_acked_total\\{client_id=\"[^\"]+\"} ([0-9.E]+)");
        double acked = 0;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
        while (acked <= 0 && !run.isDone() && System.nanoTime() < deadline) {
            try {
                Matcher m = sent.matcher(http.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                if (m.find()) {
                    acked = Double.parseDouble(m.group(1));
                }
            } catch (java.io.IOException notYet) {
                // the runner's JVM and its producer are still starting
            }
            Thread.sleep(100); // between scrapes; the loop's condition is the scraped count
        }
        assertThat(acked).as("records acknowledged, as scraped during the run").isPositive();
        CliRun r = run.get(5, java.util.concurrent.TimeUnit.MINUTES);
        assertThat(r.status).as(r.toString()).isZero();
    }

    @Test
    void perfReportsABrokerThatCannotStart() {
        // The embedded broker's JVM refuses the option at once: the failure names the broker and its reason.
        CliRun r = CliRun.of("perf", "--topic", "t", "--num-records", "10", "--record-size", "10",
                "--broker-jvm-options", "-XX:+NoSuchOption");
        assertThat(r.status).as(r.toString()).isEqualTo(Samsa.FAILED);
        assertThat(r.err).contains("exited with status 1 during start", "Unrecognized VM option 'NoSuchOption'");
    }

    /**
     * The client's CPU figures cover the timed run: a run of a second or more has them, a shorter one (these
     * runs usually are) has none and says so in the output, rather than a per-record figure made of start-up.
     */
    private static void assertCpuFigures(String client, Map<String, Object> run, String out) {
        double seconds = Figures.value(run, "elapsedSec");
        double perMillion = Figures.value(run, "resources.cpuMsPerMillionRecords");
        assertThat(Figures.value(run, "resources.cpuSec")).as(client).isPositive();
        assertThat(Figures.value(run, "resources.allocatedBytesPerRecord")).as(client).isPositive();
        if (seconds >= 1.0) {
            assertThat(perMillion).as(client).isPositive();
            assertThat(Figures.value(run, "resources.cpuCoresAverage")).as(client).isPositive().isLessThan(
                    Runtime.getRuntime().availableProcessors() + 0.5);
        } else {
            assertThat(perMillion).as(client + " after %.3f s", seconds).isNaN();
            assertThat(out).contains("CPU per record and cores used left out: the run took");
        }
        double secondHalf = Figures.value(run, "resources.cpuMsPerMillionRecordsSecondHalf");
        if (Figures.value(run, "resources.secondHalfSec") >= 1.0) {
            assertThat(secondHalf).as(client).isPositive();
        } else {
            assertThat(secondHalf).as(client).isNaN();
        }
    }
}
