package io.samsa.cli.perf;

import io.samsa.perf.harness.Json;
import io.samsa.perf.harness.Workload;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three Java clients: samsa, apache and adapter (samsa-kafka-clients), each a runner JVM with its own main class and
 * classpath, rotating through the rounds, and a column each in the reports.
 */
class JavaRunnersTest {

    @Test
    void threeJavaClientsRotateThroughEveryPosition() {
        List<String> clients = List.of("samsa", "apache", "adapter");
        assertThat(PerfSession.roundOrder(clients, 1)).containsExactly("samsa", "apache", "adapter");
        assertThat(PerfSession.roundOrder(clients, 2)).containsExactly("apache", "adapter", "samsa");
        assertThat(PerfSession.roundOrder(clients, 3)).containsExactly("adapter", "samsa", "apache");
        assertThat(PerfSession.roundOrder(clients, 4)).containsExactly("samsa", "apache", "adapter");
        List<String> four = List.of("samsa", "apache", "adapter", "kcat");
        assertThat(PerfSession.roundOrder(four, 2)).containsExactly("apache", "adapter", "kcat", "samsa");
        assertThat(PerfSession.roundOrder(four, 4)).containsExactly("kcat", "samsa", "apache", "adapter");
    }

    @Test
    void eachJavaClientHasItsRunner() {
        assertThat(PerfSession.runnerClass("samsa")).isEqualTo(SamsaRunner.class.getName());
        assertThat(PerfSession.runnerClass("apache")).isEqualTo("io.samsa.perf.apache.ApacheRunner");
        assertThat(PerfSession.runnerClass("adapter")).isEqualTo("io.samsa.perf.adapter.AdapterRunner");
    }

    /** What is on each runner's classpath, by file name (a jar, or a module's target/classes). */
    private static List<String> names(String classpath) {
        List<String> out = new ArrayList<>();
        for (String e : classpath.split(File.pathSeparator)) {
            String n = e.endsWith("classes") ? new File(e).getParentFile().getParentFile().getName() : new File(e).getName();
            out.add(n);
        }
        return out;
    }

    @Test
    void apachesRunnerHasNoSamsaAndTheAdaptersHasBoth() throws Exception {
        List<String> apache = names(RunnerClasspaths.apache());
        assertThat(apache).anyMatch(n -> n.startsWith("kafka-clients-"))
                .noneMatch(n -> n.startsWith("samsa-producer") || n.equals("producer"))
                .noneMatch(n -> n.contains("kafka-clients") && n.contains("samsa"))
                .noneMatch(n -> n.startsWith("samsa-protocol") || n.equals("protocol"));
        List<String> adapter = names(RunnerClasspaths.adapter());
        assertThat(adapter).anyMatch(n -> n.startsWith("kafka-clients-"))
                .anyMatch(n -> n.startsWith("samsa-kafka-clients") || n.equals("kafka-clients"))
                .anyMatch(n -> n.startsWith("samsa-producer") || n.equals("producer"))
                .anyMatch(n -> n.startsWith("samsa-perf-apache") || n.equals("perf-apache"))
                .anyMatch(n -> n.startsWith("samsa-perf-adapter") || n.equals("perf-adapter"))
                .noneMatch(n -> n.startsWith("samsa-cli") || n.startsWith("picocli"));
    }

    @Test
    void everyClientHasAColorOfItsOwn() {
        List<String> all = new ArrayList<>(List.of("samsa"));
        all.addAll(io.samsa.cli.PerfCommand.CLIENTS);
        assertThat(HtmlReport.COLORS).containsKeys(all.toArray(new String[0]));
        assertThat(new HashSet<>(HtmlReport.COLORS.values())).hasSize(HtmlReport.COLORS.size());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> run(String client, int round, double recordsPerSec, double cpuMs) {
        return (Map<String, Object>) Json.parse("{\"client\": \"" + client + "\", \"run\": " + round
                + ", \"description\": \"" + client + " x\", \"recordsPerSec\": " + recordsPerSec
                + ", \"resources\": {\"cpuMsPerMillionRecords\": " + cpuMs + "}}");
    }

    @Test
    void theReportsHaveAColumnAndARatioToSamsaForEachClient() {
        Map<String, List<Map<String, Object>>> results = new LinkedHashMap<>();
        results.put("samsa", List.of(run("samsa", 1, 1_000_000, 1000)));
        results.put("apache", List.of(run("apache", 1, 500_000, 2000)));
        results.put("adapter", List.of(run("adapter", 1, 980_000, 1050)));
        Workload w = new Workload("samsa", 0, "t", 1000, 100, null, "\n", -1, 42, 5000, "", 0, Map.of("acks", "all"));
        Summary s = new Summary(List.of("samsa", "apache", "adapter"), results, w, 1, 0, "b", "d", "-Xmx1g", "samsa perf");
        String table = s.table();
        assertThat(table).contains("samsa/apache", "samsa/adapter", "adapter: samsa-kafka-clients");
        String rps = table.lines().filter(l -> l.startsWith("records/s")).findFirst().orElseThrow();
        assertThat(rps.split("\\s+")).containsExactly("records/s", "1,000,000", "500,000", "2.00x", "980,000", "1.02x");
        String cpu = table.lines().filter(l -> l.startsWith("CPU s per 1M")).findFirst().orElseThrow();
        assertThat(cpu).contains("0.50x", "0.95x");

        String page = HtmlReport.render(s);
        assertThat(page).contains("<th>adapter</th><th>samsa/adapter</th>", "adapter x", HtmlReport.COLORS.get("adapter"));
    }
}
