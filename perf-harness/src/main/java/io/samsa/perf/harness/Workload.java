package io.samsa.perf.harness;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One perf run, as the parent {@code samsa perf} hands it to a runner process: a properties file, so every runner
 * (Samsa's, Apache's) reads the same description with no shared library beyond this harness.
 *
 * <p>Keys: {@code client}, {@code run}, {@code topic}, {@code num.records}, {@code record.size} or
 * {@code payload.file} (+ {@code payload.delimiter}), {@code throughput} (records/s, -1 unthrottled),
 * {@code seed}, {@code reporting.interval.ms}, {@code result.file}, {@code transaction.duration.ms} (0 or absent:
 * no transactions), {@code threads} (application threads sharing the producer; absent: 1); every producer
 * property under the prefix {@code producer.} (a transactional run's
 * {@code transactional.id} among them). Immutable.
 */
public final class Workload {
    public static final String PRODUCER_PREFIX = "producer.";

    public final String client;
    public final int run;
    public final String topic;
    public final long numRecords;
    public final int recordSize;
    public final String payloadFile;
    public final String payloadDelimiter;
    public final double throughput;
    public final long seed;
    public final long reportingIntervalMs;
    public final String resultFile;
    /**
     * How long each transaction stays open, in ms: the runner commits at the first send this long after it began
     * the transaction (Apache's {@code ProducerPerformance --transaction-duration-ms}); 0 for no transactions.
     */
    public final long transactionDurationMs;
    /** Producer properties with Apache Kafka's names (each runner translates where its client differs). */
    public final Map<String, String> producerProps;
    /** Application threads that share the one producer and split {@link #numRecords} between them. */
    public final int threads;

    public Workload(String client, int run, String topic, long numRecords, int recordSize, String payloadFile,
                    String payloadDelimiter, double throughput, long seed, long reportingIntervalMs,
                    String resultFile, long transactionDurationMs, Map<String, String> producerProps) {
        this(client, run, topic, numRecords, recordSize, payloadFile, payloadDelimiter, throughput, seed,
                reportingIntervalMs, resultFile, transactionDurationMs, producerProps, 1);
    }

    public Workload(String client, int run, String topic, long numRecords, int recordSize, String payloadFile,
                    String payloadDelimiter, double throughput, long seed, long reportingIntervalMs,
                    String resultFile, long transactionDurationMs, Map<String, String> producerProps, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        this.threads = threads;
        this.client = client;
        this.run = run;
        this.topic = topic;
        this.numRecords = numRecords;
        this.recordSize = recordSize;
        this.payloadFile = payloadFile;
        this.payloadDelimiter = payloadDelimiter;
        this.throughput = throughput;
        this.seed = seed;
        this.reportingIntervalMs = reportingIntervalMs;
        this.resultFile = resultFile;
        this.transactionDurationMs = transactionDurationMs;
        this.producerProps = Map.copyOf(new TreeMap<>(producerProps));
    }

    public Workload withRun(String client, int run, String topic, String resultFile) {
        return new Workload(client, run, topic, numRecords, recordSize, payloadFile, payloadDelimiter, throughput,
                seed, reportingIntervalMs, resultFile, transactionDurationMs, producerProps, threads);
    }

    /** The same workload with another record count and rate (the perf tool's unmeasured warm-up runs). */
    public Workload withSize(long numRecords, double throughput) {
        return new Workload(client, run, topic, numRecords, recordSize, payloadFile, payloadDelimiter, throughput,
                seed, reportingIntervalMs, resultFile, transactionDurationMs, producerProps, threads);
    }

    /** The same workload with one producer property set (a run's own {@code transactional.id}). */
    public Workload withProducerProperty(String key, String value) {
        Map<String, String> props = new TreeMap<>(producerProps);
        props.put(key, value);
        return new Workload(client, run, topic, numRecords, recordSize, payloadFile, payloadDelimiter, throughput,
                seed, reportingIntervalMs, resultFile, transactionDurationMs, props, threads);
    }

    public boolean transactional() {
        return transactionDurationMs > 0;
    }

    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("client", client);
        p.setProperty("run", Integer.toString(run));
        p.setProperty("topic", topic);
        p.setProperty("num.records", Long.toString(numRecords));
        p.setProperty("record.size", Integer.toString(recordSize));
        if (payloadFile != null) {
            p.setProperty("payload.file", payloadFile);
        }
        p.setProperty("payload.delimiter", payloadDelimiter);
        p.setProperty("throughput", Double.toString(throughput));
        p.setProperty("seed", Long.toString(seed));
        p.setProperty("reporting.interval.ms", Long.toString(reportingIntervalMs));
        p.setProperty("result.file", resultFile);
        p.setProperty("transaction.duration.ms", Long.toString(transactionDurationMs));
        p.setProperty("threads", Integer.toString(threads));
        producerProps.forEach((k, v) -> p.setProperty(PRODUCER_PREFIX + k, v));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "samsa perf workload");
        }
    }

    public static Workload read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> producer = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith(PRODUCER_PREFIX)) {
                producer.put(name.substring(PRODUCER_PREFIX.length()), p.getProperty(name));
            }
        }
        return new Workload(required(p, "client"), Integer.parseInt(required(p, "run")), required(p, "topic"),
                Long.parseLong(required(p, "num.records")), Integer.parseInt(required(p, "record.size")),
                p.getProperty("payload.file"), p.getProperty("payload.delimiter", "\n"),
                Double.parseDouble(required(p, "throughput")), Long.parseLong(required(p, "seed")),
                Long.parseLong(required(p, "reporting.interval.ms")), required(p, "result.file"),
                Long.parseLong(p.getProperty("transaction.duration.ms", "0")), producer,
                Integer.parseInt(p.getProperty("threads", "1")));
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("workload file lacks '" + key + "'");
        }
        return v;
    }
}
