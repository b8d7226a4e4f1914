package io.samsa.cli;

import io.samsa.common.header.Header;
import io.samsa.common.header.internals.RecordHeader;
import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.common.KafkaException;
import io.samsa.common.config.ConfigException;
import io.samsa.common.errors.TransactionAbortedException;
import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.clients.producer.KafkaProducer;
import io.samsa.clients.producer.ProducerRecord;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.samsa.prometheus.SamsaPrometheus;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code samsa produce}: the console producer. Each line of stdin (or {@code --file}) becomes a record. Every
 * line's fate is accounted for: a line that cannot be parsed, or whose send fails, is reported on stderr with
 * its line number and the reason, and the exit status is then 1. Ctrl-C stops reading, and what was already read
 * is flushed (up to {@code --close-timeout}) before the program exits.
 *
 * <p>With {@code --transactional-id} the records are sent in transactions ({@code --transaction-size} records
 * each, or the whole input in one): a line that is not sent, or a record that fails, aborts the open transaction
 * and stops the reading, and so does Ctrl-C; the summary line says which lines were committed.
 *
 * <p>Threads: the command's thread reads and sends; the producer's callback thread reports failures and counts
 * (atomic counters); on Ctrl-C the shutdown hook closes the producer (flushing) and halts with the status.
 */
@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads lines from stdin (or a file) and sends each as a record to a topic.",
                "With --property parse.key=true a line is KEY<key.separator>VALUE; with parse.headers=true it "
                        + "starts with h1:v1,h2:v2<headers.delimiter>.",
                "With --transactional-id the lines are sent in transactions, committed together or not at all."})
final class ProduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = {"--bootstrap-server", "-b"}, paramLabel = "HOST:PORT[,...]", required = true,
                description = "The brokers to connect to.")
        String bootstrap;

        @Option(names = "--embedded", required = true,
                description = "Start an embedded Apache Kafka (1 node) for this run and create the topic on it.")
        boolean embedded;
    }

    @Option(names = {"--topic", "-t"}, required = true, description = "The topic to send to.")
    String topic;

    @Option(names = "--file", paramLabel = "FILE", description = "Read lines from this file instead of stdin.")
    Path file;

    @Option(names = "--property", paramLabel = "KEY=VALUE",
            description = "Line parsing (Apache's names): parse.key, key.separator, parse.headers, headers.delimiter, "
                    + "headers.separator, headers.key.separator, null.marker; repeatable.")
    List<String> readerProperties = new ArrayList<>();

    @Option(names = {"--header", "-H"}, paramLabel = "KEY=VALUE", description = "A header added to every record; repeatable.")
    List<String> headers = new ArrayList<>();

    @Mixin
    ProducerOptions producer;

    @Option(names = "--partitions", defaultValue = "1",
            description = "With --embedded: partitions of the topic created (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--close-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "How long to wait at the end (or on Ctrl-C) for records still in flight (default: ${DEFAULT-VALUE}).")
    long closeTimeoutSec;

    @Option(names = "--transactional-id", paramLabel = "ID",
            description = "Send in transactions with this transactional.id (also read from the producer properties): "
                    + "records become visible to read_committed consumers when their transaction commits. On a line "
                    + "that is not sent, a failed record or Ctrl-C, the open transaction is aborted and reading stops.")
    String transactionalId;

    @Option(names = "--transaction-size", paramLabel = "N",
            description = "With --transactional-id: commit every N records (default: the whole input in one transaction).")
    Long transactionSize;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve the producer's metrics for Prometheus at http://<host>:PORT/metrics while it runs "
                    + "(samsa-prometheus; 0 picks a free port, printed at start).")
    Integer metricsPort;

    /** {@code transactional.id} set, by {@code --transactional-id} or in the producer properties. */
    private boolean transactional;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    /** Transactional only: records that failed because their transaction was aborted, not of their own. */
    private final AtomicLong discarded = new AtomicLong();
    private volatile long lines;
    /** Transactional only: records in committed transactions, and those transactions. */
    private volatile long committedRecords;
    private volatile long committedTransactions;
    /** Transactional only: why not every line read was committed (for the summary line), or null. */
    private volatile String aborted;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LineParser parser = new LineParser(ClientProperties.parse("--property", readerProperties));
        Header[] fixedHeaders = staticHeaders();
        if (partitions < 1) {
            throw new CliException("--partitions must be >= 1, was " + partitions);
        }
        if (closeTimeoutSec < 0) {
            throw new CliException("--close-timeout must be >= 0, was " + closeTimeoutSec);
        }
        if (target.bootstrap != null) {
            Bootstrap.parse(target.bootstrap);
        }
        Map<String, String> props = producer.resolve(target.bootstrap);
        if (transactionalId != null) {
            if (transactionalId.isBlank()) {
                throw new CliException("--transactional-id must not be empty");
            }
            props.put("transactional.id", transactionalId);
        }
        if (transactionSize != null) {
            if (!props.containsKey("transactional.id")) {
                throw new CliException("--transaction-size needs --transactional-id");
            }
            if (transactionSize <= 0) {
                throw new CliException("--transaction-size must be > 0, was " + transactionSize);
            }
        }
        transactional = props.containsKey("transactional.id");
        Map<String, String> check = new LinkedHashMap<>(props);
        check.putIfAbsent("bootstrap.servers", "localhost:9092");
        ProducerOptions.validate(check);
        InputStream in = openInput();

        EmbeddedKafkaCluster cluster = null;
        String bootstrap = target.bootstrap;
        if (target.embedded) {
            cluster = EmbeddedBroker.start(1, null, err);
            bootstrap = cluster.bootstrapServers();
            cluster.createTopic(topic, partitions, 1);
        } else {
            Bootstrap.check(bootstrap);
        }
        try {
            props.put("bootstrap.servers", bootstrap);
            return produce(in, parser, fixedHeaders, props, err, out, cluster);
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private InputStream openInput() {
        if (file == null) {
            return System.in;
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new CliException("--file " + file + " does not exist");
        } catch (IOException e) {
            throw new CliException("cannot read --file " + file + ": " + e.getMessage(), e);
        }
    }

    private Header[] staticHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        for (String a : headers) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new CliException("bad header syntax '" + a + "' for --header: expected key=value");
            }
            h.put(a.substring(0, eq), a.substring(eq + 1));
        }
        List<Header> out = new ArrayList<>();
        h.forEach((k, v) -> out.add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        return out.toArray(new Header[0]);
    }

    /** The /metrics endpoint of {@code --metrics-port}, or null without it. */
    private HTTPServer serveMetrics(KafkaProducer<?, ?> p, PrintWriter err) {
        if (metricsPort == null) {
            return null;
        }
        try {
            HTTPServer server = SamsaPrometheus.serve(p, metricsPort);
            err.println("Serving metrics at http://127.0.0.1:" + server.getPort() + "/metrics");
            err.flush();
            return server;
        } catch (RuntimeException e) {
            p.close(Duration.ZERO);
            throw new CliException("cannot serve metrics on --metrics-port " + metricsPort + ": "
                    + Samsa.describe(e), e);
        }
    }

    private int produce(InputStream in, LineParser parser, Header[] fixedHeaders, Map<String, String> props,
                        PrintWriter err, PrintWriter out, EmbeddedKafkaCluster cluster) throws IOException {
        KafkaProducer<byte[], byte[]> p;
        try {
            p = new KafkaProducer<>(new LinkedHashMap<String, Object>(props), new ByteArraySerializer(),
                    new ByteArraySerializer());
        } catch (ConfigException e) {
            throw new CliException("invalid producer configuration: " + e.getMessage(), e);
        }
        HTTPServer metrics = serveMetrics(p, err);
        Transactions txn = transactional ? new Transactions(p, props.get("transactional.id"),
                transactionSize != null ? transactionSize : Long.MAX_VALUE, err) : null;
        Duration closeTimeout = Duration.ofSeconds(closeTimeoutSec);
        Thread hook = new Thread(() -> {
            // Ctrl-C: everything read so far was handed to send(); close flushes it, bounded by --close-timeout (and
            // aborts an open transaction: an interrupted input is not committed in part).
            if (txn != null) {
                txn.interrupted();
            }
            p.close(closeTimeout);
            if (metrics != null) {
                metrics.close();
            }
            int status = summary(err);
            if (cluster != null) {
                cluster.close();
            }
            Runtime.getRuntime().halt(status);
        }, "samsa-produce-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean hookRemoved = false;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            if (txn != null) {
                txn.init();
            }
            String line;
            long n = 0;
            while ((line = reader.readLine()) != null) {
                n++;
                lines = n;
                final long lineNo = n;
                LineParser.Parsed parsed;
                try {
                    parsed = parser.parse(line);
                } catch (IllegalArgumentException e) {
                    failed.incrementAndGet();
                    err.println("line " + lineNo + ": not sent: " + e.getMessage());
                    if (txn != null) {
                        txn.abort(lineNo, "line " + lineNo + " was not sent");
                        break;
                    }
                    continue;
                }
                List<Header> all = new ArrayList<>(parsed.headers);
                for (Header h : fixedHeaders) {
                    all.add(h);
                }
                if (txn != null && !txn.beforeSend(lineNo)) {
                    break;
                }
                try {
                    // The callback says all that is reported of a line: no future needed (produce, not send).
                    p.produce(new ProducerRecord<>(topic, null, parsed.key, parsed.value, all), (md, e) -> {
                        if (e == null) {
                            acked.incrementAndGet();
                        } else if (e instanceof TransactionAbortedException) {
                            // not this record's own failure: the transaction's, reported once by Transactions
                            discarded.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            synchronized (err) {
                                err.println("line " + lineNo + ": failed: " + Samsa.describe(e));
                            }
                        }
                    });
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    err.println("line " + lineNo + ": not sent: " + Samsa.describe(e));
                    if (txn != null) {
                        txn.abort(lineNo, "line " + lineNo + " was not sent");
                        break;
                    }
                    continue;
                }
                if (txn != null && !txn.sent(lineNo)) {
                    break;
                }
            }
            if (txn != null) {
                txn.finish(n);
            }
            p.flush();
            Runtime.getRuntime().removeShutdownHook(hook);
            hookRemoved = true;
            p.close(closeTimeout);
            out.flush();
            return summary(err);
        } finally {
            if (metrics != null) {
                metrics.close();
            }
            if (!hookRemoved) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down: the hook is running and will close the producer
                }
                p.close(closeTimeout);
            }
        }
    }

    /**
     * {@code --transactional-id}: begins a transaction before the first record of each, commits every
     * {@code size} records and at the end of the input, and aborts the open one at the first line that is not
     * sent or the first commit that fails (a record of it failed), after which nothing more is read: what was
     * committed is then lines 1 to the line before the aborted transaction. The command's thread only, but for
     * {@link #interrupted()} (the Ctrl-C hook).
     */
    private final class Transactions {
        private final KafkaProducer<byte[], byte[]> producer;
        private final String id;
        private final long size;
        private final PrintWriter err;
        private volatile boolean open;
        private long records;
        private long firstLine;
        /** {@code failed} when the open transaction began: more since means a record of it failed. */
        private long failedBefore;

        Transactions(KafkaProducer<byte[], byte[]> producer, String id, long size, PrintWriter err) {
            this.producer = producer;
            this.id = id;
            this.size = size;
            this.err = err;
        }

        void init() {
            try {
                producer.initTransactions();
            } catch (RuntimeException e) {
                throw new KafkaException("initTransactions for transactional.id " + id + " failed: "
                        + Samsa.describe(e), e);
            }
        }

        /** @return false when the transaction could not begin (reported; stop reading) */
        boolean beforeSend(long line) {
            if (open) {
                return true;
            }
            try {
                producer.beginTransaction();
            } catch (RuntimeException e) {
                err.println("line " + line + ": not sent: no transaction could begin: " + Samsa.describe(e));
                aborted = "reading stopped at line " + line;
                return false;
            }
            open = true;
            records = 0;
            firstLine = line;
            failedBefore = failed.get();
            return true;
        }

        /** @return false when the commit this record completed failed (the transaction was aborted; stop reading) */
        boolean sent(long line) {
            records++;
            return records < size || commit(line);
        }

        /** The end of the input: commits the open transaction, if any. */
        void finish(long lastLine) {
            if (open) {
                commit(lastLine);
            }
        }

        private boolean commit(long lastLine) {
            try {
                producer.commitTransaction();
            } catch (RuntimeException e) {
                // The commit waited for the transaction's records: a failure of one of them is reported above,
                // with its line, and is the reason; otherwise the commit's own error is.
                abort(lastLine, failed.get() > failedBefore ? "a record of it failed"
                        : "the commit failed: " + Samsa.describe(e));
                return false;
            }
            open = false;
            committedRecords += records;
            committedTransactions++;
            return true;
        }

        /** Aborts the open transaction, if any, because of the line {@code lastLine}; reading stops after it. */
        void abort(long lastLine, String why) {
            if (!open) {
                // the line would have begun the next transaction: there is none to abort
                aborted = "reading stopped at line " + lastLine;
                return;
            }
            open = false;
            aborted = "transaction " + (committedTransactions + 1) + " (lines " + firstLine + "-" + lastLine
                    + ") aborted";
            synchronized (err) {
                err.println(aborted + ": " + why + "; none of its records is committed, and reading stopped there");
            }
            try {
                producer.abortTransaction();
            } catch (RuntimeException e) {
                // Fenced, or the producer failed for good: the coordinator aborts it at transaction.timeout.ms.
                synchronized (err) {
                    err.println("the abort failed too: " + Samsa.describe(e) + " (the transaction coordinator aborts "
                            + "the transaction when transaction.timeout.ms has passed)");
                }
            }
        }

        /** Ctrl-C: closing the producer aborts the open transaction; the summary says so. */
        void interrupted() {
            if (open) {
                aborted = "transaction " + (committedTransactions + 1) + " (from line " + firstLine
                        + ") aborted: interrupted";
            }
        }
    }

    private int summary(PrintWriter err) {
        long a = acked.get();
        long f = failed.get();
        long lost = lines - a - f; // not completed within the close timeout
        synchronized (err) {
            if (transactional) {
                String why = aborted;
                err.printf("%,d line(s) read, %,d record(s) committed to %s in %,d transaction(s), %,d failed%s%n",
                        lines, committedRecords, topic, committedTransactions, f, why != null ? "; " + why : "");
                err.flush();
                return f > 0 || why != null || committedRecords < lines ? Samsa.FAILED : Samsa.OK;
            }
            err.printf("%,d line(s) read, %,d record(s) sent to %s, %,d failed%s%n", lines, a, topic, f,
                    lost > 0 ? ", " + lost + " not confirmed within --close-timeout" : "");
            err.flush();
        }
        return f > 0 || lost > 0 ? Samsa.FAILED : Samsa.OK;
    }
}
