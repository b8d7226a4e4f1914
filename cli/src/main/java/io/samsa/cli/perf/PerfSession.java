package io.samsa.cli.perf;

import io.samsa.cli.Bootstrap;
import io.samsa.cli.CliException;
import io.samsa.cli.PerfCommand;
import io.samsa.cli.ProducerOptions;
import io.samsa.cli.Samsa;
import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.perf.harness.Json;
import io.samsa.perf.harness.Payloads;
import io.samsa.perf.harness.Workload;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * One {@code samsa perf} invocation: checks every input before any run (payload file, properties, clients
 * available, broker reachable), starts the embedded broker if needed, runs each client in its own process in
 * alternating rounds, the order rotating by one each round (samsa, apache, kcat; apache, kcat, samsa; ...),
 * then prints the medians side by side and writes the reports. Single-threaded, apart from the output pumps of
 * the child processes.
 */
public final class PerfSession {
    private final PerfCommand cmd;
    private final PrintWriter out;
    private final PrintWriter err;

    public PerfSession(PerfCommand cmd, PrintWriter out, PrintWriter err) {
        this.cmd = cmd;
        this.out = out;
        this.err = err;
    }

    public int run() throws Exception {
        List<String> clients = new ArrayList<>(cmd.clients());
        Path payloadFile = cmd.payload.payloadFile;
        Payloads payloads;
        try {
            payloads = payloadFile != null ? Payloads.fromFile(payloadFile, cmd.delimiter())
                    : Payloads.generated(cmd.payload.recordSize, cmd.seed);
        } catch (IOException e) {
            throw new CliException(e.getMessage() + " (--payload-file)", e);
        }
        Map<String, String> props = cmd.producer.resolve(null);
        String bootstrap = cmd.bootstrap != null ? cmd.bootstrap : props.get("bootstrap.servers");
        props.remove("bootstrap.servers");
        if (bootstrap != null) {
            Bootstrap.parse(bootstrap);
        }
        Map<String, String> check = new LinkedHashMap<>(props);
        check.put("bootstrap.servers", bootstrap != null ? bootstrap : "localhost:9092");
        ProducerOptions.validate(check);
        if (cmd.report != null) {
            Path parent = cmd.report.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new CliException("--report " + cmd.report + ": directory " + parent + " does not exist");
            }
        }
        String apacheClasspath = clients.contains("apache") ? RunnerClasspaths.apache() : null;
        Path kcat = null;
        if (clients.contains("kcat")) {
            kcat = Kcat.find().orElse(null);
            if (kcat == null) {
                if (!cmd.skipMissing) {
                    throw new CliException("--compare kcat: kcat is not installed (on Debian/Ubuntu: apt-get install "
                            + "kcat); add --skip-missing to run without it");
                }
                out.println("Note: kcat is not installed (apt-get install kcat); skipping it.");
                clients.remove("kcat");
            }
        }
        if (bootstrap != null) {
            Bootstrap.check(bootstrap);
        }
        int runs = cmd.runs != null ? cmd.runs : (clients.size() > 1 ? 3 : 1);
        long warmup = cmd.warmupRecords != null ? cmd.warmupRecords
                : bootstrap == null ? Math.min(cmd.numRecords, PerfCommand.DEFAULT_WARMUP_RECORDS) : 0;

        Path work = Files.createTempDirectory("samsa-perf-");
        EmbeddedKafkaCluster cluster = null;
        try {
            if (bootstrap == null) {
                cluster = startBroker();
                bootstrap = cluster.bootstrapServers();
            }
            Map<String, String> producerProps = new LinkedHashMap<>(props);
            producerProps.put("bootstrap.servers", bootstrap);
            Workload base = new Workload("samsa", 0, cmd.topic, cmd.numRecords,
                    cmd.payload.recordSize != null ? cmd.payload.recordSize : (int) Math.round(payloads.averageSize()),
                    payloadFile != null ? payloadFile.toAbsolutePath().toString() : null, cmd.delimiter(),
                    cmd.throughput, cmd.seed, cmd.reportingIntervalMs, "", producerProps);
            if (cluster == null) {
                checkTopic(producerProps);
            }
            printHeader(clients, runs, warmup, base, payloads, bootstrap, cluster);

            Map<String, List<Map<String, Object>>> results = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            clients.forEach(c -> results.put(c, new ArrayList<>()));
            Runs r = new Runs(cluster, bootstrap, payloads, kcat, apacheClasspath, work, failures);
            if (warmup > 0) {
                // Unmeasured: a freshly started broker runs interpreted and C1 code for its first seconds; without
                // this, whichever client runs first in round 1 pays for the broker's warm-up (a 170-240 ms p99 at
                // a fixed rate, against 15-25 ms in later rounds).
                out.printf("Warm-up round (not measured): %,d records per client, unthrottled%n", warmup);
                out.flush();
                Workload w = base.withSize(warmup, -1);
                for (String client : clients) {
                    r.run(client, w, 0, "[" + client + " warm-up] ", "warm-up");
                }
            }
            for (int round = 1; round <= runs; round++) {
                for (String client : roundOrder(clients, round)) {
                    Map<String, Object> result = r.run(client, base, round, "[" + client + " #" + round + "] ",
                            "run " + round);
                    if (result != null) {
                        results.get(client).add(result);
                    }
                }
            }
            Summary summary = new Summary(clients, results, base, runs, warmup, describeBroker(cluster, bootstrap),
                    ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), cmd.jvmOptions, commandLine());
            out.println();
            out.print(summary.table());
            out.flush();
            if (cmd.json != null) {
                Files.writeString(cmd.json, Json.write(summary.toJson()), StandardCharsets.UTF_8);
                out.println("Results: " + cmd.json);
            }
            if (cmd.report != null) {
                Files.writeString(cmd.report, HtmlReport.render(summary), StandardCharsets.UTF_8);
                out.println("Report: " + cmd.report);
            }
            long failedRecords = summary.failedRecords();
            if (!failures.isEmpty()) {
                failures.forEach(f -> err.println("samsa perf: " + f));
            }
            if (failedRecords > 0) {
                err.println("samsa perf: " + failedRecords + " record(s) failed; see the reliability rows");
            }
            err.flush();
            return failures.isEmpty() && failedRecords == 0 ? Samsa.OK : Samsa.FAILED;
        } finally {
            if (cluster != null) {
                cluster.close();
            }
            deleteRecursively(work);
        }
    }

    /**
     * The clients in the order they run in {@code round} (from 1): the list rotated by one per round (A B C, then
     * B C A, then C A B), so that no client is always first after the warm-up or always last before a drift of the
     * machine. With one order for every round, the same client always had the first slot of round 1, where the
     * broker was least warm (its CPU per record there was 1.7-2.4x that of the same client's later runs after a
     * 500,000-record warm-up).
     */
    static List<String> roundOrder(List<String> clients, int round) {
        int n = clients.size();
        List<String> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(clients.get((i + round - 1) % n));
        }
        return order;
    }

    private String commandLine() {
        return "samsa " + String.join(" ", cmd.spec().commandLine().getParseResult().originalArgs());
    }

    private Duration timeout() {
        return Duration.ofSeconds(cmd.runTimeoutSec);
    }

    private EmbeddedKafkaCluster startBroker() {
        long t0 = System.nanoTime();
        out.println("Starting an embedded Apache Kafka (KRaft, 1 node) ...");
        out.flush();
        EmbeddedKafkaCluster.Builder b = EmbeddedKafkaCluster.builder().nodes(1)
                .jvmOptions(options(cmd.brokerJvmOptions));
        if (cmd.kafkaVersion != null) {
            b.version(cmd.kafkaVersion);
        }
        EmbeddedKafkaCluster c = b.build().start();
        out.printf("Kafka %s is up at %s (%.1f s)%n", c.version(), c.bootstrapServers(), (System.nanoTime() - t0) / 1e9);
        return c;
    }

    /** An external cluster: the topic must exist (asked with Samsa's producer, at most 15 s). */
    private void checkTopic(Map<String, String> props) {
        Map<String, Object> p = new LinkedHashMap<>(ProducerOptions.withSerializers(props));
        p.put("max.block.ms", "15000");
        try (io.samsa.producer.KafkaProducer<byte[], byte[]> producer = new io.samsa.producer.KafkaProducer<>(p)) {
            producer.partitionsFor(cmd.topic);
        } catch (RuntimeException e) {
            throw new CliException("topic " + cmd.topic + " is not available on " + props.get("bootstrap.servers")
                    + ": " + Samsa.describe(e) + " (create it first; samsa perf creates topics only on the embedded broker)", e);
        }
    }

    private void printHeader(List<String> clients, int runs, long warmup, Workload w, Payloads payloads,
                             String bootstrap, EmbeddedKafkaCluster cluster) {
        out.printf("Workload: %,d records of %s bytes, %s, topic %s (%s)%n", w.numRecords,
                w.payloadFile != null ? String.format("%.1f (avg, %d payloads from %s)", payloads.averageSize(),
                        payloads.size(), w.payloadFile) : Integer.toString(w.recordSize),
                w.throughput > 0 ? String.format("throttled to %,.0f records/s", w.throughput) : "unthrottled",
                cmd.topic, cluster != null ? cmd.partitions + " partitions, a fresh topic per run" : "existing topic");
        out.println("Producer properties: " + w.producerProps);
        out.printf("Clients: %s; %d run(s) each, alternating (order rotating by round)%s; JVM options: %s; broker: %s%n",
                String.join(", ", clients), runs, warmup > 0 ? String.format(", after a warm-up round of %,d "
                        + "records each", warmup) : "", cmd.jvmOptions, describeBroker(cluster, bootstrap));
        out.flush();
    }

    /** JVM options as separate arguments; blank means none (the JVM's defaults). */
    static List<String> options(String options) {
        String s = options == null ? "" : options.trim();
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+"));
    }

    private String describeBroker(EmbeddedKafkaCluster cluster, String bootstrap) {
        return cluster != null ? "embedded Apache Kafka " + cluster.version() + " (1 node, JVM options "
                + cmd.brokerJvmOptions.trim() + ") at " + bootstrap : bootstrap;
    }

    private Map<String, Object> runJava(String client, Workload w, Path work, int index, String prefix,
                                        String classpath) throws IOException, InterruptedException {
        Path workload = work.resolve(client + "-" + index + ".properties");
        w.write(workload);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options(cmd.jvmOptions));
        // Both clients log through slf4j-simple; their INFO lines (Apache prints its whole config) would bury the
        // progress lines.
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(classpath);
        command.add(client.equals("apache") ? "io.samsa.perf.apache.ApacheRunner" : SamsaRunner.class.getName());
        command.add(workload.toString());
        ChildProcess child = ChildProcess.start(command, prefix, out, true);
        ChildProcess.Outcome outcome = child.await(timeout());
        if (outcome.timedOut) {
            throw new IOException("did not finish within " + cmd.runTimeoutSec + " s (--run-timeout); killed");
        }
        if (outcome.exitCode != 0) {
            String why = outcome.stderrTail.stream().filter(l -> l.startsWith("ERROR")).reduce((a, b) -> b)
                    .orElse(String.join(" | ", outcome.stderrTail));
            throw new IOException("exited with status " + outcome.exitCode + ": " + why);
        }
        Path result = Path.of(w.resultFile);
        if (!Files.isRegularFile(result)) {
            throw new IOException("wrote no result file " + result);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) Json.parse(Files.readString(result, StandardCharsets.UTF_8));
        return r;
    }

    /** Runs one client once (a fresh topic on the embedded broker); what every run shares. */
    private final class Runs {
        private final EmbeddedKafkaCluster cluster;
        private final String bootstrap;
        private final Payloads payloads;
        private final Path kcat;
        private final String apacheClasspath;
        private final Path work;
        private final List<String> failures;
        private final Map<Long, Path> kcatInputs = new LinkedHashMap<>();
        private int index;

        Runs(EmbeddedKafkaCluster cluster, String bootstrap, Payloads payloads, Path kcat, String apacheClasspath,
             Path work, List<String> failures) {
            this.cluster = cluster;
            this.bootstrap = bootstrap;
            this.payloads = payloads;
            this.kcat = kcat;
            this.apacheClasspath = apacheClasspath;
            this.work = work;
            this.failures = failures;
        }

        /** @return the run's result, or null if it failed (reported and added to the failures) */
        Map<String, Object> run(String client, Workload base, int round, String prefix, String what)
                throws InterruptedException {
            index++;
            String topic = cmd.topic;
            if (cluster != null) {
                // a fresh topic per run: every client starts from the same empty log
                topic = cmd.topic + "-" + index;
                cluster.createTopic(topic, cmd.partitions, 1);
            }
            Path result = work.resolve(client + "-" + index + ".json");
            Workload w = base.withRun(client, round, topic, result.toString());
            try {
                Map<String, Object> r;
                if (client.equals("kcat")) {
                    Path input = null;
                    if (w.throughput <= 0) {
                        input = kcatInputs.get(w.numRecords);
                        if (input == null) {
                            input = work.resolve("kcat-input-" + w.numRecords + ".txt");
                            Kcat.writeInput(input, w, payloads);
                            kcatInputs.put(w.numRecords, input);
                        }
                    }
                    double brokerBefore = brokerCpuSec(cluster);
                    r = Kcat.run(kcat, w, bootstrap, payloads, input, out, prefix, timeout());
                    addBrokerCpu(r, brokerBefore, brokerCpuSec(cluster), w.numRecords);
                } else {
                    double brokerBefore = brokerCpuSec(cluster);
                    r = runJava(client, w, work, index, prefix,
                            client.equals("apache") ? apacheClasspath : RunnerClasspaths.samsa());
                    addBrokerCpu(r, brokerBefore, brokerCpuSec(cluster), w.numRecords);
                }
                addDerived(r);
                return r;
            } catch (IOException | RuntimeException e) {
                failures.add(client + " " + what + " failed: " + Samsa.describe(e));
                err.println(prefix + "FAILED: " + Samsa.describe(e));
                err.flush();
                return null;
            } finally {
                if (cluster != null) {
                    try {
                        cluster.deleteTopic(topic);
                    } catch (RuntimeException e) {
                        err.println("(could not delete topic " + topic + ": " + e.getMessage() + ")");
                    }
                }
            }
        }
    }

    /**
     * CPU seconds the embedded broker's processes have used so far (user + system, from the OS), or NaN with an
     * external broker or where the OS does not tell. Read just before a client starts and just after it exits:
     * on a shared machine the broker's CPU per record is the other half of the story, since every CPU second a
     * client saves goes to the broker (the admin agent, which creates topics between runs, is not counted).
     */
    private static double brokerCpuSec(EmbeddedKafkaCluster cluster) {
        if (cluster == null) {
            return Double.NaN;
        }
        double sum = 0;
        for (int node : cluster.nodeIds()) {
            OptionalLong pid = cluster.nodePid(node);
            if (pid.isEmpty()) {
                return Double.NaN;
            }
            Optional<Duration> cpu = ProcessHandle.of(pid.getAsLong()).flatMap(h -> h.info().totalCpuDuration());
            if (cpu.isEmpty()) {
                return Double.NaN;
            }
            sum += cpu.get().toNanos() / 1e9;
        }
        return sum;
    }

    /** Adds {@code broker.cpuSec}, {@code broker.cpuMsPerMillionRecords} and client + broker per 1M records. */
    static void addBrokerCpu(Map<String, Object> r, double before, double after, long records) {
        if (Double.isNaN(before) || Double.isNaN(after) || records <= 0) {
            return;
        }
        double sec = Math.max(0, after - before);
        double perMillion = sec * 1000 / (records / 1e6);
        Map<String, Object> broker = new LinkedHashMap<>();
        broker.put("cpuSec", sec);
        broker.put("cpuMsPerMillionRecords", perMillion);
        double client = Figures.value(r, "resources.cpuMsPerMillionRecords");
        broker.put("clientPlusBrokerCpuMsPerMillionRecords", Double.isNaN(client) ? Double.NaN : client + perMillion);
        r.put("broker", broker);
    }

    @SuppressWarnings("unchecked")
    static void addDerived(Map<String, Object> r) {
        Object rel = r.get("reliability");
        if (rel instanceof Map) {
            Map<String, Object> m = (Map<String, Object>) rel;
            double sent = ((Number) m.get("sent")).doubleValue();
            double acked = ((Number) m.get("acked")).doubleValue();
            m.put("ackedPercent", sent == 0 ? Double.NaN : acked * 100 / sent);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a temp file left behind is not worth failing the run for
                }
            });
        } catch (IOException e) {
            // same
        }
    }
}
