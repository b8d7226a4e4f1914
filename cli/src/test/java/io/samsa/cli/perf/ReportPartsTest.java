package io.samsa.cli.perf;

import io.samsa.perf.harness.Json;
import io.samsa.perf.harness.Workload;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportPartsTest {

    @Test
    @SuppressWarnings("unchecked")
    void figuresAreFoundByDottedPathsAndCombinedByMedian() {
        Map<String, Object> a = (Map<String, Object>) Json.parse("{\"recordsPerSec\": 10, \"latencyMs\": {\"p99.9\": 4}}");
        Map<String, Object> b = (Map<String, Object>) Json.parse("{\"recordsPerSec\": 30, \"latencyMs\": {\"p99.9\": null}}");
        Map<String, Object> c = (Map<String, Object>) Json.parse("{\"recordsPerSec\": 20}");
        assertThat(Figures.value(a, "latencyMs.p99.9")).isEqualTo(4.0);
        assertThat(Figures.value(b, "latencyMs.p99.9")).isNaN();
        assertThat(Figures.value(a, "nothing.here")).isNaN();
        Figures.Figure rps = Figures.ALL.get(0);
        assertThat(Figures.median(List.of(a, b, c), rps)).isEqualTo(20.0);
        assertThat(Figures.median(List.of(a, b), rps)).isEqualTo(20.0);
        Figures.Figure p999 = Figures.ALL.stream().filter(f -> f.path().equals("latencyMs.p99.9")).findFirst().orElseThrow();
        assertThat(Figures.median(List.of(a, b, c), p999)).isEqualTo(4.0);
        assertThat(Summary.ratio(30, 20)).isEqualTo("1.50x");
        assertThat(Summary.ratio(1, Double.NaN)).isEqualTo("n/a");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> transactionalRun(String client, double commitAvgMs, long count) {
        return (Map<String, Object>) Json.parse("{\"client\": \"" + client + "\", \"run\": 1, \"description\": \""
                + client + "\", \"recordsPerSec\": 1000, \"transactions\": {\"count\": " + count
                + ", \"recordsPerTransaction\": 50, \"commitMs\": {\"avg\": " + commitAvgMs
                + ", \"p99\": 9}, \"commitShareOfElapsed\": 0.25, \"metricCommitMsAvg\": 4.5}}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTransactionRowsAppearForATransactionalWorkloadOnly() {
        Map<String, List<Map<String, Object>>> results = new LinkedHashMap<>();
        results.put("samsa", List.of(transactionalRun("samsa", 3.0, 40)));
        results.put("apache", List.of(transactionalRun("apache", 6.0, 80)));
        Workload txn = new Workload("samsa", 0, "t", 4000, 100, null, "\n", -1, 42, 5000, "", 100, Map.of());
        Summary s = new Summary(List.of("samsa", "apache"), results, txn, 1, 0, "b", "d", "-Xmx1g", "samsa perf");
        String table = s.table();
        String commit = table.lines().filter(l -> l.startsWith("commit avg (ms)")).findFirst().orElseThrow();
        assertThat(commit.split("\\s+")).containsExactly("commit", "avg", "(ms)", "3.00", "6.00", "0.50x");
        assertThat(table).contains("-- transactions", "transactions committed", "time in commits (%)",
                "commit avg, client metric (ms)", "each committed at the first send 100 ms after it began");
        String share = table.lines().filter(l -> l.startsWith("time in commits")).findFirst().orElseThrow();
        assertThat(share).contains("25.0");
        Map<String, Object> medians = (Map<String, Object>) s.toJson().get("medians");
        assertThat((Map<String, Object>) medians.get("apache")).containsEntry("transactions committed", 80.0);
        assertThat(HtmlReport.render(s)).contains("transactions committed");

        Workload plain = new Workload("samsa", 0, "t", 4000, 100, null, "\n", -1, 42, 5000, "", 0, Map.of());
        Summary p = new Summary(List.of("samsa", "apache"), results, plain, 1, 0, "b", "d", "-Xmx1g", "samsa perf");
        assertThat(p.table()).doesNotContain("transactions", "commit avg");
        assertThat((Map<String, Object>) ((Map<String, Object>) p.toJson().get("medians")).get("samsa"))
                .doesNotContainKey("transactions committed");
        assertThat(HtmlReport.render(p)).doesNotContain("transactions committed");
    }

    @Test
    void jvmOptionsAreSplitAndBlankMeansNone() {
        assertThat(PerfSession.options(" -Xms1g  -Xmx1g ")).containsExactly("-Xms1g", "-Xmx1g");
        assertThat(PerfSession.options("  ")).isEmpty();
        assertThat(PerfSession.options(null)).isEmpty();
    }

    @Test
    void everyClientTakesEveryPositionAcrossRounds() {
        List<String> clients = List.of("samsa", "apache", "kcat");
        assertThat(PerfSession.roundOrder(clients, 1)).containsExactly("samsa", "apache", "kcat");
        assertThat(PerfSession.roundOrder(clients, 2)).containsExactly("apache", "kcat", "samsa");
        assertThat(PerfSession.roundOrder(clients, 3)).containsExactly("kcat", "samsa", "apache");
        assertThat(PerfSession.roundOrder(clients, 4)).containsExactly("samsa", "apache", "kcat");
        assertThat(PerfSession.roundOrder(List.of("samsa"), 2)).containsExactly("samsa");
    }

    @Test
    @SuppressWarnings("unchecked")
    void brokerCpuIsPerMillionRecordsAndAddedToTheClients() {
        Map<String, Object> r = (Map<String, Object>) Json.parse(
                "{\"elapsedSec\": 2.5, \"resources\": {\"cpuMsPerMillionRecords\": 1500}}");
        PerfSession.addBrokerCpu(r, 10.0, 13.0, 2_000_000); // 3 s of broker CPU over 2M records
        assertThat(Figures.value(r, "broker.cpuSec")).isEqualTo(3.0);
        assertThat(Figures.value(r, "broker.cpuMsPerMillionRecords")).isEqualTo(1500.0);
        assertThat(Figures.value(r, "broker.clientPlusBrokerCpuMsPerMillionRecords")).isEqualTo(3000.0);

        Map<String, Object> tooShort = (Map<String, Object>) Json.parse(
                "{\"elapsedSec\": 0.1, \"resources\": {\"cpuMsPerMillionRecords\": 1500}}");
        PerfSession.addBrokerCpu(tooShort, 10.0, 10.09, 1_000); // 1,000 records in 0.1 s
        assertThat(Figures.value(tooShort, "broker.cpuSec")).isCloseTo(0.09, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Figures.value(tooShort, "broker.cpuMsPerMillionRecords")).as("not meaningful").isNaN();
        assertThat(Figures.value(tooShort, "broker.clientPlusBrokerCpuMsPerMillionRecords")).isNaN();

        Map<String, Object> external = (Map<String, Object>) Json.parse("{\"resources\": {}}");
        PerfSession.addBrokerCpu(external, Double.NaN, Double.NaN, 2_000_000); // --bootstrap-server: not known
        assertThat(external).doesNotContainKey("broker");
        assertThat(Figures.median(List.of(external), Figures.ALL.stream()
                .filter(f -> f.path().equals("broker.cpuMsPerMillionRecords")).findFirst().orElseThrow())).isNaN();
    }

    @Test
    void kcatGetsLibrdkafkaNames() {
        List<String> untranslated = new java.util.ArrayList<>();
        Map<String, String> x = Kcat.translate(new java.util.LinkedHashMap<>(Map.of("acks", "all",
                "compression.type", "lz4", "delivery.timeout.ms", "1000", "buffer.memory", "33554432",
                "partitioner.class", "x", "bootstrap.servers", "h:1")), untranslated);
        assertThat(x).containsEntry("acks", "all").containsEntry("compression.codec", "lz4")
                .containsEntry("message.timeout.ms", "1000").containsEntry("queue.buffering.max.kbytes", "32768")
                .doesNotContainKey("bootstrap.servers");
        assertThat(untranslated).containsExactly("partitioner.class");
    }

    @Test
    void chartsAreWellFormedSvg() throws Exception {
        String svg = HtmlReport.chart("t", "x", "y", List.of(new HtmlReport.Series("s", "#000", 1,
                List.of(new double[] {0, 1}, new double[] {1, 100}))), true, null);
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(svg).contains("<polyline").contains("points=");
        assertThat(HtmlReport.chart("t", "x", "y", List.of(), false, null)).contains("no data");
    }
}
