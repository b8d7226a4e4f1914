package io.samsa.cli;

import io.samsa.cli.perf.Kcat;
import io.samsa.cli.perf.PerfSession;
import io.samsa.cli.perf.Rdkafka;
import io.samsa.cli.perf.RunnerClasspaths;
import io.samsa.perf.harness.Payloads;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code samsa perf}: the producer benchmark, with the flags of Apache Kafka's {@code ProducerPerformance}, and
 * {@code --compare apache,adapter,kcat} to run the same workload with Apache Kafka's producer, with
 * samsa-kafka-clients (Apache's {@code Producer} interface over Samsa) and with kcat. Parses and checks the
 * arguments and every input before anything starts; {@link PerfSession} runs the workload.
 */
@Command(name = "perf", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures producer throughput and latency; with --compare, side by side with Apache Kafka's "
                + "producer (kafka-clients), Samsa behind Apache's Producer interface (samsa-kafka-clients) and kcat "
                + "(librdkafka), each client in its own process, runs alternating.",
                "Without --bootstrap-server (or bootstrap.servers in the producer properties) it starts an embedded "
                        + "1-node Apache Kafka and creates the topic with --partitions."})
public final class PerfCommand implements Callable<Integer> {
    /**
     * What {@code --compare} accepts: {@code apache} (Apache Kafka's producer), {@code adapter} (Apache-typed code on
     * Samsa through samsa-kafka-clients' {@code SamsaKafkaProducer}), {@code kcat} and {@code rdkafka} (librdkafka's
     * producer in samsa perf's own C program, which times every record as the Java runners do). Samsa's own client
     * always runs.
     */
    public static final List<String> CLIENTS = List.of("apache", "adapter", "kcat", "rdkafka");
    /**
     * Warm-up records per client on the embedded broker: enough load for the broker's CPU per record to settle
     * before any measured run (it kept falling for about 10M records; 500,000 per client left round 1's first run
     * paying for it: see BENCHMARKS.md, Method).
     */
    public static final long DEFAULT_WARMUP_RECORDS = 5_000_000;
    /** More application threads than this measure the machine's scheduler, not the producer. */
    static final int MAX_THREADS = 256;

    /**
     * Whether and how a session sends in transactions.
     *
     * @param durationMs how long each transaction stays open, 0 for no transactions
     * @param idPrefix   the start of every run's {@code transactional.id}; null without transactions
     */
    public record TransactionSettings(long durationMs, String idPrefix) {
        /** Apache's {@code ProducerPerformance}: a transactional.id without a duration means this. */
        public static final long DURATION_MS = 3000;
        /** The producer's default {@code transaction.timeout.ms}. */
        static final long TRANSACTION_TIMEOUT_MS = 60_000;

        /**
         * @param durationOption  {@code --transaction-duration-ms}, or null
         * @param transactionalId {@code transactional.id} from the producer properties, or null
         */
        public static TransactionSettings resolve(Long durationOption, String transactionalId) {
            String id = transactionalId == null || transactionalId.isBlank() ? null : transactionalId.trim();
            long duration = durationOption != null ? durationOption : id != null ? DURATION_MS : 0;
            if (duration <= 0) {
                return new TransactionSettings(0, null);
            }
            // The session's start time sets apart this session's ids from an earlier one's on the same broker.
            return new TransactionSettings(duration,
                    id != null ? id : "samsa-perf-" + Long.toString(System.currentTimeMillis(), 36));
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--topic", required = true, description = "Topic to produce to.")
    public String topic;

    @Option(names = "--num-records", required = true, description = "Number of records per run.")
    public long numRecords;

    @ArgGroup(exclusive = true, multiplicity = "1")
    public Payload payload;

    public static final class Payload {
        @Option(names = "--record-size", required = true, description = "Size of each record's value in bytes.")
        public Integer recordSize;

        @Option(names = "--payload-file", required = true, paramLabel = "FILE",
                description = "Values are read from this file, split at --payload-delimiter, used in order (cycling).")
        public Path payloadFile;
    }

    @Option(names = "--payload-delimiter", defaultValue = "\\n",
            description = "Delimiter of --payload-file entries (default: newline; \\n and \\t are understood).")
    public String payloadDelimiter;

    @Option(names = "--throughput", defaultValue = "-1",
            description = "Target records/s; -1 for no limit (default: ${DEFAULT-VALUE}).")
    public double throughput;

    @Mixin
    public ProducerOptions producer;

    @Option(names = {"--bootstrap-server", "-b"}, paramLabel = "HOST:PORT[,...]",
            description = "Brokers to use; without it (and without bootstrap.servers) an embedded 1-node Kafka is started.")
    public String bootstrap;

    @Option(names = "--partitions", defaultValue = "6",
            description = "Partitions of the topic created on the embedded broker (default: ${DEFAULT-VALUE}).")
    public int partitions;

    @Option(names = "--compare", split = ",", paramLabel = "CLIENT",
            description = "Also run: apache (Apache Kafka's producer, kafka-clients), adapter (samsa-kafka-clients: "
                    + "Apache's Producer interface over Samsa, driven by the same code as apache), kcat (librdkafka), "
                    + "rdkafka (librdkafka's producer in a C program of samsa perf's, built with the machine's cc: "
                    + "per-record latency, as the Java clients). Comma-separated; the clients run in the order given, after samsa.")
    public List<String> compare = new ArrayList<>();

    @Option(names = "--skip-missing", description = "With --compare kcat or rdkafka: skip it (with a note) when it is "
            + "not installed or cannot run the workload (transactions, threads), instead of failing.")
    public boolean skipMissing;

    @Option(names = "--transaction-duration-ms", paramLabel = "MS",
            description = "Send in transactions (the Java clients; kcat has none): a transaction is committed at the "
                    + "first send MS ms after it began, then the next one begins; the last is committed before the "
                    + "final flush; the commits are inside the measured time. Each run has a transactional.id of its "
                    + "own; one given in the producer properties is their prefix, and without this option means "
                    + TransactionSettings.DURATION_MS + " ms, as in Apache's ProducerPerformance.")
    public Long transactionDurationMs;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Application threads sharing each Java client's one producer, sending every N-th record "
                    + "each (num-records in all; a --throughput target is their sum) (default: ${DEFAULT-VALUE}). "
                    + "kcat and rdkafka send from one thread: they do not run with N > 1 (--skip-missing skips them).")
    public int threads;

    @Option(names = "--samsa-send", defaultValue = "send", paramLabel = "send|produce",
            description = "How the samsa client sends each record: send(record, callback), which returns a future, "
                    + "as code moved over from Apache's producer does, or produce(record, callback), Samsa's send "
                    + "without a future, for code that uses only the callback (default: ${DEFAULT-VALUE}).")
    public String samsaSend;

    /** The rdkafka client built for this session ({@link Rdkafka#build()}); discarded as the command ends. */
    private Path rdkafkaProgram;

    @Option(names = "--runs", description = "Measured runs per client, alternating clients, the order rotating "
            + "each round (A B C, B C A, ...); figures "
            + "are medians (default: 3 with --compare, else 1).")
    public Integer runs;

    @Option(names = "--warmup-records", paramLabel = "N",
            description = "Before the measured rounds, one unmeasured round: every client sends N records, unthrottled, "
                    + "so a freshly started broker's JIT is warm before any client is measured; 0 for none "
                    + "(default: min(--num-records, " + PerfCommand.DEFAULT_WARMUP_RECORDS + ") on the embedded broker, "
                    + "0 with --bootstrap-server).")
    public Long warmupRecords;

    @Option(names = "--reporting-interval", defaultValue = "5000", paramLabel = "MS",
            description = "Progress line interval in ms (default: ${DEFAULT-VALUE}); the report's timeline has a "
                    + "point every 500 ms, or every interval if shorter.")
    public long reportingIntervalMs;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Write a self-contained HTML report.")
    public Path report;

    @Option(names = "--json", paramLabel = "FILE", description = "Write every run's results as JSON.")
    public Path json;

    @Option(names = "--jvm-options", paramLabel = "OPTIONS", defaultValue = "-Xms1g -Xmx1g -XX:+UseG1GC",
            description = "JVM options of every Java client's process, the same for each (default: ${DEFAULT-VALUE}).")
    public String jvmOptions;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve the samsa client's producer metrics for Prometheus at http://<host>:PORT/metrics while "
                    + "each of its runs lasts (samsa-prometheus), e.g. to watch a long run in Grafana.")
    public Integer metricsPort;

    /**
     * Kafka's own start scripts run a broker with a fixed 1 GB heap and G1 ({@code kafka-server-start.sh}'s
     * {@code KAFKA_HEAP_OPTS}, {@code kafka-run-class.sh}'s {@code KAFKA_JVM_PERFORMANCE_OPTS}).
     */
    public static final String DEFAULT_BROKER_JVM_OPTIONS =
            "-Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35";

    @Option(names = "--broker-jvm-options", paramLabel = "OPTIONS", defaultValue = DEFAULT_BROKER_JVM_OPTIONS,
            description = "JVM options of the embedded broker (default, as Kafka's start scripts: ${DEFAULT-VALUE}).")
    public String brokerJvmOptions;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated payloads (default: ${DEFAULT-VALUE}).")
    public long seed;

    @Option(names = "--kafka-version", description = "Apache Kafka version of the embedded broker (default: the build's).")
    public String kafkaVersion;

    @Option(names = "--run-timeout", defaultValue = "1800", paramLabel = "SECONDS",
            description = "Longest a single client run may take before it is killed (default: ${DEFAULT-VALUE}).")
    public long runTimeoutSec;

    public CommandSpec spec() {
        return spec;
    }

    /** The clients in run order: samsa first, then --compare's in the order given, without repeats. */
    public List<String> clients() {
        Set<String> out = new LinkedHashSet<>();
        out.add("samsa");
        for (String c : compare) {
            String name = c.trim().toLowerCase(java.util.Locale.ROOT);
            if (!CLIENTS.contains(name)) {
                throw new CliException("unknown client '" + c + "' in --compare: expected one or more of "
                        + String.join(", ", CLIENTS));
            }
            out.add(name);
        }
        return new ArrayList<>(out);
    }

    public String delimiter() {
        return payloadDelimiter.replace("\\n", "\n").replace("\\t", "\t").replace("\\r", "\r");
    }

    @Override
    public Integer call() throws Exception {
        if (topic.isBlank()) {
            throw new CliException("--topic must not be empty");
        }
        if (numRecords <= 0) {
            throw new CliException("--num-records must be > 0, was " + numRecords);
        }
        if (payload.recordSize != null && payload.recordSize <= 0) {
            throw new CliException("--record-size must be > 0, was " + payload.recordSize);
        }
        if (throughput == 0 || (throughput < 0 && throughput != -1)) {
            throw new CliException("--throughput must be > 0 records/s, or -1 for no limit; was " + throughput);
        }
        if (partitions < 1) {
            throw new CliException("--partitions must be >= 1, was " + partitions);
        }
        if (runs != null && runs < 1) {
            throw new CliException("--runs must be >= 1, was " + runs);
        }
        if (warmupRecords != null && warmupRecords < 0) {
            throw new CliException("--warmup-records must be >= 0, was " + warmupRecords);
        }
        if (reportingIntervalMs < 100) {
            throw new CliException("--reporting-interval must be >= 100 ms, was " + reportingIntervalMs);
        }
        if (payloadDelimiter.isEmpty()) {
            throw new CliException("--payload-delimiter must not be empty");
        }
        if (transactionDurationMs != null && transactionDurationMs <= 0) {
            throw new CliException("--transaction-duration-ms must be > 0, was " + transactionDurationMs);
        }
        if (!samsaSend.equals("send") && !samsaSend.equals("produce")) {
            throw new CliException("--samsa-send must be send or produce, was " + samsaSend);
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new CliException("--threads must be between 1 and " + MAX_THREADS + ", was " + threads);
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            PerfSession session = new PerfSession(plan(out), out, spec.commandLine().getErr(), Samsa::describe);
            return session.run() ? Samsa.OK : Samsa.FAILED;
        } finally {
            if (rdkafkaProgram != null) {
                Rdkafka.discard(rdkafkaProgram);
            }
        }
    }

    /**
     * Checks every input before any run (payload file, properties, clients available, broker reachable, the topic
     * on an external broker) and resolves the arguments into what the session runs.
     */
    private PerfSession.Plan plan(PrintWriter out) {
        List<String> clients = clients();
        Path payloadFile = payload.payloadFile;
        Payloads payloads;
        try {
            payloads = payloadFile != null ? Payloads.fromFile(payloadFile, delimiter())
                    : Payloads.generated(payload.recordSize, seed);
        } catch (IOException e) {
            throw new CliException(e.getMessage() + " (--payload-file)", e);
        }
        Map<String, String> props = producer.resolve(null);
        String brokers = bootstrap != null ? bootstrap : props.get("bootstrap.servers");
        props.remove("bootstrap.servers");
        if (brokers != null) {
            Bootstrap.parse(brokers);
        }
        // Each run gets an id of its own (PerfSession); a given one is their prefix.
        String transactionalId = props.remove("transactional.id");
        TransactionSettings txn = TransactionSettings.resolve(transactionDurationMs, transactionalId);
        Map<String, String> check = new LinkedHashMap<>(props);
        check.put("bootstrap.servers", brokers != null ? brokers : "localhost:9092");
        if (txn.durationMs() > 0) {
            check.put("transactional.id", txn.idPrefix());
        }
        ProducerOptions.validate(check);
        if (txn.durationMs() > 0) {
            long timeout = Long.parseLong(props.getOrDefault("transaction.timeout.ms",
                    Long.toString(TransactionSettings.TRANSACTION_TIMEOUT_MS)).trim());
            if (txn.durationMs() >= timeout) {
                throw new CliException("--transaction-duration-ms " + txn.durationMs() + " must be below "
                        + "transaction.timeout.ms (" + timeout + "): the coordinator aborts a transaction open longer");
            }
        }
        if (report != null) {
            Path parent = report.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new CliException("--report " + report + ": directory " + parent + " does not exist");
            }
        }
        Map<String, String> runnerClasspaths = new LinkedHashMap<>();
        if (clients.contains("apache")) {
            runnerClasspaths.put("apache", runnerClasspath(RunnerClasspaths::apache));
        }
        if (clients.contains("adapter")) {
            runnerClasspaths.put("adapter", runnerClasspath(RunnerClasspaths::adapter));
        }
        if (txn.durationMs() > 0 && threads > 1) {
            throw new CliException("--threads " + threads + " with --transaction-duration-ms: a producer has one "
                    + "transaction open at a time, so transactions run with one sending thread");
        }
        for (String c : List.of("kcat", "rdkafka")) {
            // One process sending from one thread, without transactions: running it anyway would show its plain
            // one-thread figure as if it were the transactional or N-thread one.
            String cannot = !clients.contains(c) ? null
                    : txn.durationMs() > 0 ? c + " has no transactions (--transaction-duration-ms)"
                    : threads > 1 ? c + " has no application threads (--threads " + threads + ")" : null;
            if (cannot != null) {
                skip(c, cannot, clients, out);
            }
        }
        Path kcat = null;
        if (clients.contains("kcat")) {
            kcat = Kcat.find().orElse(null);
            if (kcat == null) {
                skip("kcat", "kcat is not installed (on Debian/Ubuntu: apt-get install kcat)", clients, out);
            }
        }
        Path rdkafka = null;
        if (clients.contains("rdkafka")) {
            try {
                rdkafka = Rdkafka.build();
                rdkafkaProgram = rdkafka;
            } catch (IOException e) {
                skip("rdkafka", e.getMessage(), clients, out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted while building the rdkafka client", e);
            }
        }
        if (brokers != null) {
            Bootstrap.check(brokers);
            checkTopic(props, brokers);
        }
        int runCount = runs != null ? runs : (clients.size() > 1 ? 3 : 1);
        long warmup = warmupRecords != null ? warmupRecords
                : brokers == null ? Math.min(numRecords, DEFAULT_WARMUP_RECORDS) : 0;
        String commandLine = "samsa " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        return new PerfSession.Plan(clients, payloads, topic, numRecords, payload.recordSize, payloadFile,
                delimiter(), throughput, seed, reportingIntervalMs, props, brokers, partitions, runnerClasspaths, kcat,
                rdkafka, runCount, warmup, report, json, jvmOptions, brokerJvmOptions, kafkaVersion, runTimeoutSec, commandLine,
                txn.durationMs(), txn.idPrefix(), metricsPort, threads, samsaSend.equals("produce"));
    }

    /** Fails on {@code client}, which cannot run here, or with --skip-missing leaves it out with a note. */
    private void skip(String client, String why, List<String> clients, PrintWriter out) {
        if (!skipMissing) {
            throw new CliException("--compare " + client + ": " + why + "; add --skip-missing to run without it");
        }
        out.println("Note: " + why + "; skipping " + client + ".");
        clients.remove(client);
    }

    /** A runner JVM's classpath; its jars missing is bad input, like a missing kcat. */
    private static String runnerClasspath(Classpath classpath) {
        try {
            return classpath.get();
        } catch (IOException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    private interface Classpath {
        String get() throws IOException;
    }

    /** An external cluster: the topic must exist (asked with Samsa's producer, at most 15 s). */
    private void checkTopic(Map<String, String> props, String brokers) {
        Map<String, String> withBrokers = new LinkedHashMap<>(props);
        withBrokers.put("bootstrap.servers", brokers);
        Map<String, Object> p = new LinkedHashMap<>(ProducerOptions.withSerializers(withBrokers));
        p.put("max.block.ms", "15000");
        try (io.samsa.clients.producer.KafkaProducer<byte[], byte[]> client = new io.samsa.clients.producer.KafkaProducer<>(p)) {
            client.partitionsFor(topic);
        } catch (RuntimeException e) {
            throw new CliException("topic " + topic + " is not available on " + brokers + ": " + Samsa.describe(e)
                    + " (create it first; samsa perf creates topics only on the embedded broker)", e);
        }
    }
}
