package io.samsa.cli;

import io.samsa.common.header.Header;
import io.samsa.common.header.internals.RecordHeader;
import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.common.config.ConfigException;
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
 * <p>Threads: the command's thread reads and sends; the producer's callback thread reports failures and counts
 * (atomic counters); on Ctrl-C the shutdown hook closes the producer (flushing) and halts with the status.
 */
@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads lines from stdin (or a file) and sends each as a record to a topic.",
                "With --property parse.key=true a line is KEY<key.separator>VALUE; with parse.headers=true it "
                        + "starts with h1:v1,h2:v2<headers.delimiter>."})
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

    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile long lines;

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

    private int produce(InputStream in, LineParser parser, Header[] fixedHeaders, Map<String, String> props,
                        PrintWriter err, PrintWriter out, EmbeddedKafkaCluster cluster) throws IOException {
        KafkaProducer<byte[], byte[]> p;
        try {
            p = new KafkaProducer<>(new LinkedHashMap<String, Object>(props), new ByteArraySerializer(),
                    new ByteArraySerializer());
        } catch (ConfigException e) {
            throw new CliException("invalid producer configuration: " + e.getMessage(), e);
        }
        Duration closeTimeout = Duration.ofSeconds(closeTimeoutSec);
        Thread hook = new Thread(() -> {
            // Ctrl-C: everything read so far was handed to send(); close flushes it, bounded by --close-timeout.
            p.close(closeTimeout);
            int status = summary(err);
            if (cluster != null) {
                cluster.close();
            }
            Runtime.getRuntime().halt(status);
        }, "samsa-produce-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean hookRemoved = false;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
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
                    continue;
                }
                List<Header> all = new ArrayList<>(parsed.headers);
                for (Header h : fixedHeaders) {
                    all.add(h);
                }
                try {
                    p.send(new ProducerRecord<>(topic, null, parsed.key, parsed.value, all), (md, e) -> {
                        if (e == null) {
                            acked.incrementAndGet();
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
                }
            }
            p.flush();
            Runtime.getRuntime().removeShutdownHook(hook);
            hookRemoved = true;
            p.close(closeTimeout);
            out.flush();
            return summary(err);
        } finally {
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

    private int summary(PrintWriter err) {
        long a = acked.get();
        long f = failed.get();
        long lost = lines - a - f; // not completed within the close timeout
        synchronized (err) {
            err.printf("%,d line(s) read, %,d record(s) sent to %s, %,d failed%s%n", lines, a, topic, f,
                    lost > 0 ? ", " + lost + " not confirmed within --close-timeout" : "");
            err.flush();
        }
        return f > 0 || lost > 0 ? Samsa.FAILED : Samsa.OK;
    }
}
