package io.samsa.cli.perf;

import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.perf.harness.Json;
import io.samsa.perf.harness.Payloads;
import io.samsa.perf.harness.Runner;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One {@code samsa perf} invocation, its inputs already checked ({@link Plan}): starts the embedded broker if
 * needed, runs each client in its own process in alternating rounds, the order rotating by one each round
 * (samsa, apache, kcat; apache, kcat, samsa; ...), then prints the medians side by side and writes the reports.
 * The Java clients (samsa, apache, adapter) each run the perf harness in a JVM of their own, with their own
 * classpath ({@link RunnerClasspaths}); kcat runs as it is ({@link Kcat}); rdkafka is librdkafka's producer in
 * a C program of ours ({@link Rdkafka}).
 * Single-threaded, apart from the output pumps of the child processes.
 */
public final class PerfSession {
    /**
     * What to run, every input checked and resolved by the command that parsed it.
     *
     * @param clients          the clients in run order (samsa first), each available
     * @param recordSize       the value size, or null when the values come from {@code payloadFile}
     * @param payloadFile      the file the values come from, or null
     * @param throughput       target records/s, or -1 for no limit
     * @param producerProps    producer properties, without {@code bootstrap.servers}
     * @param bootstrap        the brokers to use, or null to start an embedded 1-node Kafka
     * @param partitions       partitions of each topic created on the embedded broker
     * @param runnerClasspaths the classpath of each Java client's runner JVM but samsa's (which is this JVM's own),
     *                         by client name: {@code apache}, {@code adapter}, for those that run
     * @param kcat             the kcat program, or null when {@code kcat} does not run
     * @param rdkafka          the rdkafka client's program ({@link Rdkafka#build}), or null when it does not run
     * @param runs             measured runs per client
     * @param warmupRecords    records per client of the unmeasured warm-up round, 0 for none
     * @param report           the HTML report to write, or null
     * @param json             the JSON results to write, or null
     * @param jvmOptions       JVM options of every Java client's process
     * @param brokerJvmOptions JVM options of the embedded broker
     * @param kafkaVersion     the embedded broker's Kafka version, or null for the build's
     * @param commandLine      the command as given, for the reports
     * @param transactionDurationMs how long each transaction stays open (the Java clients send in transactions),
     *                         or 0 for none
     * @param transactionalIdPrefix each transactional run's {@code transactional.id} is this, the client and the
     *                         run's number; null without transactions
     * @param metricsPort      the port Samsa's runner serves its producer's metrics on for Prometheus while it
     *                         runs, or null for none
     * @param threads          application threads sharing each Java client's producer
     * @param samsaProduce     whether Samsa's runner sends with {@code produce(record, callback)}, the send without a
     *                         future, instead of {@code send(record, callback)}
     */
    public record Plan(List<String> clients, Payloads payloads, String topic, long numRecords, Integer recordSize,
                       Path payloadFile, String delimiter, double throughput, long seed, long reportingIntervalMs,
                       Map<String, String> producerProps, String bootstrap, int partitions,
                       Map<String, String> runnerClasspaths,
                       Path kcat, Path rdkafka, int runs, long warmupRecords, Path report, Path json, String jvmOptions,
                       String brokerJvmOptions, String kafkaVersion, long runTimeoutSec, String commandLine,
                       long transactionDurationMs, String transactionalIdPrefix, Integer metricsPort,
                       int threads, boolean samsaProduce) {
        public Plan {
            clients = List.copyOf(clients);
            producerProps = Collections.unmodifiableMap(new LinkedHashMap<>(producerProps));
            runnerClasspaths = Map.copyOf(runnerClasspaths);
        }
    }

    private final Plan plan;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Function<Throwable, String> describe;

    /**
     * @param describe puts a failed run's exception on one line, as the program does for its own errors (this
     *                 package sits below the program and does not call it)
     */
    public PerfSession(Plan plan, PrintWriter out, PrintWriter err, Function<Throwable, String> describe) {
        this.plan = plan;
        this.out = out;
        this.err = err;
        this.describe = describe;
    }

    /** @return true when every run succeeded and no record failed */
    public boolean run() throws IOException, InterruptedException {
        List<String> clients = plan.clients();
        Payloads payloads = plan.payloads();
        Path payloadFile = plan.payloadFile();
        String bootstrap = plan.bootstrap();
        int runs = plan.runs();
        long warmup = plan.warmupRecords();

        Path work = Files.createTempDirectory("samsa-perf-");
        EmbeddedKafkaCluster cluster = null;
        try {
            if (bootstrap == null) {
                cluster = startBroker();
                bootstrap = cluster.bootstrapServers();
            }
            Map<String, String> producerProps = new LinkedHashMap<>(plan.producerProps());
            producerProps.put("bootstrap.servers", bootstrap);
            Workload base = new Workload("samsa", 0, plan.topic(), plan.numRecords(),
                    plan.recordSize() != null ? plan.recordSize() : (int) Math.round(payloads.averageSize()),
                    payloadFile != null ? payloadFile.toAbsolutePath().toString() : null, plan.delimiter(),
                    plan.throughput(), plan.seed(), plan.reportingIntervalMs(), "", plan.transactionDurationMs(),
                    producerProps, plan.threads());
            printHeader(clients, runs, warmup, base, payloads, bootstrap, cluster);

            Map<String, List<Map<String, Object>>> results = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            clients.forEach(c -> results.put(c, new ArrayList<>()));
            Runs r = new Runs(cluster, bootstrap, payloads, work, failures);
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
                    ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), plan.jvmOptions(), plan.commandLine());
            out.println();
            out.print(summary.table());
            out.flush();
            if (plan.json() != null) {
                Files.writeString(plan.json(), Json.write(summary.toJson()), StandardCharsets.UTF_8);
                out.println("Results: " + plan.json());
            }
            if (plan.report() != null) {
                Files.writeString(plan.report(), HtmlReport.render(summary), StandardCharsets.UTF_8);
                out.println("Report: " + plan.report());
            }
            long failedRecords = summary.failedRecords();
            if (!failures.isEmpty()) {
                failures.forEach(f -> err.println("samsa perf: " + f));
            }
            if (failedRecords > 0) {
                err.println("samsa perf: " + failedRecords + " record(s) failed; see the reliability rows");
            }
            err.flush();
            return failures.isEmpty() && failedRecords == 0;
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

    private Duration timeout() {
        return Duration.ofSeconds(plan.runTimeoutSec());
    }

    private EmbeddedKafkaCluster startBroker() {
        long t0 = System.nanoTime();
        out.println("Starting an embedded Apache Kafka (KRaft, 1 node) ...");
        out.flush();
        EmbeddedKafkaCluster.Builder b = EmbeddedKafkaCluster.builder().nodes(1)
                .jvmOptions(options(plan.brokerJvmOptions()))
                .brokerConfig("log.segment.delete.delay.ms", Integer.toString(FILE_DELETE_DELAY_MS))
                .brokerConfig("log.initial.task.delay.ms", Integer.toString(FILE_DELETE_DELAY_MS));
        if (plan.kafkaVersion() != null) {
            b.version(plan.kafkaVersion());
        }
        EmbeddedKafkaCluster c = b.build().start();
        out.printf("Kafka %s is up at %s (%.1f s)%n", c.version(), c.bootstrapServers(), (System.nanoTime() - t0) / 1e9);
        return c;
    }

    private void printHeader(List<String> clients, int runs, long warmup, Workload w, Payloads payloads,
                             String bootstrap, EmbeddedKafkaCluster cluster) {
        out.printf("Workload: %,d records of %s bytes, %s, topic %s (%s)%n", w.numRecords,
                w.payloadFile != null ? String.format("%.1f (avg, %d payloads from %s)", payloads.averageSize(),
                        payloads.size(), w.payloadFile) : Integer.toString(w.recordSize),
                w.throughput > 0 ? String.format("throttled to %,.0f records/s", w.throughput) : "unthrottled",
                plan.topic(), cluster != null ? plan.partitions() + " partitions, a fresh topic per run" : "existing topic");
        out.println("Producer properties: " + w.producerProps);
        if (w.threads > 1) {
            out.printf("Application threads: %d per Java client, sharing its producer, every %d-th record each%n",
                    w.threads, w.threads);
        }
        if (plan.samsaProduce() && clients.contains("samsa")) {
            out.println("Samsa sends with produce(record, callback): no future per record (the other Java clients "
                    + "call send(record, callback))");
        }
        out.printf("Clients: %s; %d run(s) each, alternating (order rotating by round)%s; JVM options: %s; broker: %s%n",
                String.join(", ", clients), runs, warmup > 0 ? String.format(", after a warm-up round of %,d "
                        + "records each", warmup) : "", plan.jvmOptions(), describeBroker(cluster, bootstrap));
        if (w.transactional()) {
            out.printf("Transactions: each committed at the first send %,d ms after it began, the last before the "
                    + "final flush; transactional.id %s-<client>-<run>, one per run%n", w.transactionDurationMs,
                    plan.transactionalIdPrefix());
        }
        out.flush();
    }

    /** JVM options as separate arguments; blank means none (the JVM's defaults). */
    static List<String> options(String options) {
        String s = options == null ? "" : options.trim();
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+"));
    }

    private String describeBroker(EmbeddedKafkaCluster cluster, String bootstrap) {
        return cluster != null ? "embedded Apache Kafka " + cluster.version() + " (1 node, JVM options "
                + plan.brokerJvmOptions().trim() + ") at " + bootstrap : bootstrap;
    }

    private Map<String, Object> runJava(String client, Workload w, Path work, int index, String prefix,
                                        String classpath, java.util.function.Predicate<String> marks)
            throws IOException, InterruptedException {
        Path workload = work.resolve(client + "-" + index + ".properties");
        w.write(workload);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options(plan.jvmOptions()));
        // Every Java client logs through slf4j-simple; their INFO lines (Apache prints its whole config) would bury
        // the progress lines.
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        if (plan.metricsPort() != null && client.equals("samsa")) {
            command.add("-D" + SamsaRunner.METRICS_PORT_PROPERTY + "=" + plan.metricsPort());
        }
        if (plan.samsaProduce() && client.equals("samsa")) {
            command.add("-D" + SamsaRunner.PRODUCE_PROPERTY + "=true");
        }
        command.add("-cp");
        command.add(classpath);
        command.add(runnerClass(client));
        command.add(workload.toString());
        ChildProcess child = ChildProcess.start(command, prefix, out, true, marks);
        ChildProcess.Outcome outcome = child.await(timeout());
        if (outcome.timedOut) {
            throw new IOException("did not finish within " + plan.runTimeoutSec() + " s (--run-timeout); killed");
        }
        if (outcome.exitCode != 0) {
            throw new IOException("exited with status " + outcome.exitCode + ": " + outcome.why());
        }
        Path result = Path.of(w.resultFile);
        if (!Files.isRegularFile(result)) {
            throw new IOException("wrote no result file " + result);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) Json.parse(Files.readString(result, StandardCharsets.UTF_8));
        return r;
    }

    /** The main class of a Java client's runner: each is the perf harness around that client. */
    static String runnerClass(String client) {
        switch (client) {
            case "samsa":
                return SamsaRunner.class.getName();
            case "apache":
                return "io.samsa.perf.apache.ApacheRunner";
            case "adapter":
                // ApacheRunner's code, the producer made as samsa-kafka-clients' SamsaKafkaProducer
                return "io.samsa.perf.adapter.AdapterRunner";
            default:
                throw new IllegalArgumentException("not a Java client: " + client);
        }
    }

    /** The classpath of a Java client's runner JVM. */
    private String runnerClasspath(String client) {
        if (client.equals("samsa")) {
            return RunnerClasspaths.samsa();
        }
        String cp = plan.runnerClasspaths().get(client);
        if (cp == null) {
            throw new IllegalStateException("no runner classpath for " + client);
        }
        return cp;
    }

    /** Runs one client once (a fresh topic on the embedded broker); what every run shares. */
    private final class Runs {
        private final EmbeddedKafkaCluster cluster;
        private final String bootstrap;
        private final Payloads payloads;
        private final Path work;
        private final List<String> failures;
        private final Map<Long, Path> kcatInputs = new LinkedHashMap<>();
        private Path rdkafkaPayloads;
        private int index;

        Runs(EmbeddedKafkaCluster cluster, String bootstrap, Payloads payloads, Path work, List<String> failures) {
            this.cluster = cluster;
            this.bootstrap = bootstrap;
            this.payloads = payloads;
            this.work = work;
            this.failures = failures;
        }

        /** @return the run's result, or null if it failed (reported and added to the failures) */
        Map<String, Object> run(String client, Workload base, int round, String prefix, String what)
                throws InterruptedException {
            index++;
            String topic = plan.topic();
            if (cluster != null) {
                // a fresh topic per run: every client starts from the same empty log
                topic = plan.topic() + "-" + index;
                cluster.createTopic(topic, plan.partitions(), 1);
                try {
                    Duration took = awaitPartitionLogs(cluster.dataDirectory(), topic, plan.partitions(),
                            TOPIC_READY_TIMEOUT);
                    if (took.toMillis() >= 1000) {
                        out.printf("%stopic %s: the broker created its %,d partitions' logs in %.1f s, before the "
                                + "run%n", prefix, topic, plan.partitions(), took.toMillis() / 1000.0);
                    }
                } catch (IOException e) {
                    failures.add(client + " " + what + " failed: " + describe.apply(e));
                    err.println(prefix + "FAILED: " + describe.apply(e));
                    err.flush();
                    deleteTopic(topic);
                    return null;
                }
            }
            Path result = work.resolve(client + "-" + index + ".json");
            Workload w = base.withRun(client, round, topic, result.toString());
            if (w.transactional()) {
                // An id per run: every run's initTransactions() does the same work (a new producer id), none of them
                // the bump of an earlier run's epoch.
                w = w.withProducerProperty("transactional.id", plan.transactionalIdPrefix() + "-" + client + "-" + index);
            }
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
                    r = Kcat.run(plan.kcat(), w, bootstrap, payloads, input, out, prefix, timeout());
                    addBrokerCpu(r, brokerBefore, brokerCpuSec(cluster), w.numRecords);
                } else {
                    BrokerCpuMarks marks = new BrokerCpuMarks(cluster);
                    if (client.equals("rdkafka")) {
                        if (rdkafkaPayloads == null) {
                            rdkafkaPayloads = work.resolve("rdkafka-payloads.bin");
                            Rdkafka.writePayloads(rdkafkaPayloads, payloads);
                        }
                        r = Rdkafka.run(plan.rdkafka(), w, bootstrap, payloads, rdkafkaPayloads, work, out, prefix,
                                timeout(), marks);
                    } else {
                        r = runJava(client, w, work, index, prefix, runnerClasspath(client), marks);
                    }
                    marks.addTo(r, w.numRecords);
                }
                addDerived(r);
                return r;
            } catch (IOException | RuntimeException e) {
                failures.add(client + " " + what + " failed: " + describe.apply(e));
                err.println(prefix + "FAILED: " + describe.apply(e));
                err.flush();
                return null;
            } finally {
                deleteTopic(topic);
            }
        }

        private void deleteTopic(String topic) {
            if (cluster != null) {
                try {
                    cluster.deleteTopic(topic);
                    awaitLogsRemoved(cluster.dataDirectory(), topic, TOPIC_READY_TIMEOUT);
                } catch (RuntimeException | IOException e) {
                    err.println("(could not delete topic " + topic + ": " + describe.apply(e) + ")");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Longest the embedded broker may take to create a fresh topic's logs before a run counts as failed. */
    static final Duration TOPIC_READY_TIMEOUT = Duration.ofMinutes(5);
    /** How often the partitions' log directories are looked for while the broker creates them. */
    private static final long TOPIC_READY_POLL_MS = 20;

    /**
     * Waits until the embedded broker has a log directory ({@code <topic>-<partition>}, under {@code root} at any
     * depth up to 3) for every partition of {@code topic}, and returns how long that took.
     *
     * <p>Why: the controller assigns the leaders at creation, so the topic's metadata (what {@code createTopic}
     * waits for, and what a producer reads) names a leader for every partition at once, but the broker creates a
     * partition's log, and starts leading it, only as it applies that metadata, one partition after another. The
     * broker answers a run started before then with {@code NOT_LEADER_OR_FOLLOWER} for the partitions not created
     * yet; with a thousand partitions and more the clients retried a large share of their records (BENCHMARKS.md,
     * "Cost curves"), each retry costing a metadata refresh and the broker's time, so the run measured the broker's
     * topic creation rather than the client. The broker creates a partition's directory and makes itself its leader
     * in the same step, so the directories are the signal a run may start.
     *
     * @throws IOException when some partitions have no directory after {@code timeout} (the message names how many)
     */
    static Duration awaitPartitionLogs(Path root, String topic, int partitions, Duration timeout)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        java.util.regex.Pattern name = java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote(topic) + "-(\\d+)");
        while (true) {
            java.util.BitSet seen = new java.util.BitSet(partitions);
            try (Stream<Path> s = Files.find(root, 3, (p, a) -> a.isDirectory()
                    && name.matcher(p.getFileName().toString()).matches())) {
                s.forEach(p -> {
                    java.util.regex.Matcher m = name.matcher(p.getFileName().toString());
                    if (m.matches()) {
                        int partition = Integer.parseInt(m.group(1));
                        if (partition < partitions) {
                            seen.set(partition);
                        }
                    }
                });
            } catch (java.io.UncheckedIOException e) {
                // a directory vanished while walking (a deleted topic's): look again
            }
            int missing = partitions - seen.cardinality();
            if (missing == 0) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IOException("topic " + topic + ": the broker created logs for " + seen.cardinality()
                        + " of its " + partitions + " partitions in " + timeout.toSeconds() + " s");
            }
            Thread.sleep(TOPIC_READY_POLL_MS);
        }
    }

    /**
     * Waits until the embedded broker has removed every log of the deleted {@code topic} from under {@code root}:
     * the partitions' directories and their renamed {@code <topic>-<partition>.<id>-delete} forms.
     *
     * <p>Why: a deleted partition keeps its segment open (a file descriptor and two index mappings) until the broker
     * removes it, {@link #FILE_DELETE_DELAY_MS} after the deletion. A run that starts before then shares the machine
     * with that removal, and at 10,000 partitions two topics' open segments exceed an open-file limit of 20,000,
     * which takes the broker's log directory offline.
     *
     * @throws IOException when some remain after {@code timeout} (the message names how many)
     */
    static Duration awaitLogsRemoved(Path root, String topic, Duration timeout) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        java.util.regex.Pattern name = java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote(topic) + "-\\d+(\\.[0-9a-f]+-delete)?");
        while (true) {
            long left;
            try (Stream<Path> s = Files.find(root, 3, (p, a) -> a.isDirectory()
                    && name.matcher(p.getFileName().toString()).matches())) {
                left = s.count();
            } catch (java.io.UncheckedIOException e) {
                left = -1; // a directory vanished while walking: look again
            }
            if (left == 0) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IOException("topic " + topic + ": the broker still had " + left + " of its partitions' "
                        + "logs " + timeout.toSeconds() + " s after deleting it");
            }
            Thread.sleep(TOPIC_READY_POLL_MS);
        }
    }

    /**
     * How long the embedded broker keeps a deleted topic's logs on disk ({@code log.segment.delete.delay.ms}, the
     * default of the topics' {@code file.delete.delay.ms}; Kafka's is 60 s), and how long after its start it first
     * looks for such logs ({@code log.initial.task.delay.ms}; Kafka's is 30 s). Short, so that
     * {@link #awaitLogsRemoved} holds each run back by a fraction of a second.
     */
    static final int FILE_DELETE_DELAY_MS = 200;

    /**
     * The broker's CPU over a client's timed run, read as the client marks its start and end on stdout
     * ({@link Runner#MARK_START}, {@link Runner#MARK_END}; on the stdout pump thread, which the run's await joins);
     * around the whole process (start-up, the producer's creation and close) if a mark is missing.
     */
    private static final class BrokerCpuMarks implements java.util.function.Predicate<String> {
        private final EmbeddedKafkaCluster cluster;
        private final double before;
        private double atStart = Double.NaN;
        private double atEnd = Double.NaN;

        BrokerCpuMarks(EmbeddedKafkaCluster cluster) {
            this.cluster = cluster;
            this.before = brokerCpuSec(cluster);
        }

        @Override
        public boolean test(String line) {
            if (line.equals(Runner.MARK_START)) {
                atStart = brokerCpuSec(cluster);
                return true;
            }
            if (line.equals(Runner.MARK_END)) {
                atEnd = brokerCpuSec(cluster);
                return true;
            }
            return false;
        }

        void addTo(Map<String, Object> r, long records) {
            double after = brokerCpuSec(cluster);
            boolean marked = !Double.isNaN(atStart) && !Double.isNaN(atEnd);
            addBrokerCpu(r, marked ? atStart : before, marked ? atEnd : after, records);
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

    /**
     * Adds {@code broker.cpuSec}, {@code broker.cpuMsPerMillionRecords} and client + broker per 1M records. The
     * per-record figures are NaN for a run shorter than {@link Runner#MIN_CPU_SECONDS} ({@code elapsedSec}), as
     * the client's are: over a fraction of a second the broker's own background work and the clock's granularity
     * outweigh the records.
     */
    static void addBrokerCpu(Map<String, Object> r, double before, double after, long records) {
        if (Double.isNaN(before) || Double.isNaN(after) || records <= 0) {
            return;
        }
        double sec = Math.max(0, after - before);
        double elapsed = Figures.value(r, "elapsedSec");
        double perMillion = elapsed >= Runner.MIN_CPU_SECONDS ? sec * 1000 / (records / 1e6) : Double.NaN;
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

    static void deleteRecursively(Path dir) {
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
