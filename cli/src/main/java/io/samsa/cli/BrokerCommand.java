package io.samsa.cli;

import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code samsa broker}: starts the embedded Apache Kafka (1 or 3 KRaft nodes in forked JVMs, loopback), prints
 * its bootstrap string, and runs until Ctrl-C (or {@code --for} seconds), then stops the nodes and deletes their
 * data. Threads: the command's thread waits on a latch; the shutdown hook (Ctrl-C) closes the cluster and
 * releases it.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Starts an embedded Apache Kafka (KRaft), prints its bootstrap string, runs until Ctrl-C, "
                + "then stops it and deletes its data."})
final class BrokerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "1", description = "Number of nodes: 1 or 3 (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--kafka-version", description = "Apache Kafka version of the broker (default: the build's, 4.1.x; 3.9.x available).")
    String kafkaVersion;

    @Option(names = "--topic", paramLabel = "NAME[:PARTITIONS]",
            description = "Create this topic at start (replication factor = nodes); repeatable.")
    List<String> topics = new ArrayList<>();

    @Option(names = "--for", paramLabel = "SECONDS", description = "Stop after this many seconds instead of waiting for Ctrl-C.")
    Long forSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<String[]> parsedTopics = new ArrayList<>();
        for (String t : topics) {
            parsedTopics.add(parseTopic(t));
        }
        if (forSeconds != null && forSeconds <= 0) {
            throw new CliException("--for must be > 0 seconds, was " + forSeconds);
        }
        EmbeddedKafkaCluster cluster = EmbeddedBroker.start(nodes, kafkaVersion, out);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            out.println("Stopping Kafka and deleting its data ...");
            out.flush();
            try {
                cluster.close();
            } finally {
                stopped.countDown();
            }
        }, "samsa-broker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (String[] t : parsedTopics) {
                cluster.createTopic(t[0], Integer.parseInt(t[1]), nodes);
                out.printf("Created topic %s (%s partitions, replication factor %d)%n", t[0], t[1], nodes);
            }
            out.println("Bootstrap servers: " + cluster.bootstrapServers());
            out.println(forSeconds == null ? "Press Ctrl-C to stop." : "Stopping in " + forSeconds + " s.");
            out.flush();
            if (forSeconds == null) {
                stopped.await();
                return Samsa.OK;
            }
            stopped.await(forSeconds, java.util.concurrent.TimeUnit.SECONDS);
        } catch (RuntimeException | InterruptedException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            cluster.close();
            throw e;
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        out.println("Stopping Kafka and deleting its data ...");
        cluster.close();
        out.println("Stopped.");
        return Samsa.OK;
    }

    static String[] parseTopic(String spec) {
        String name = spec;
        String partitions = "1";
        int colon = spec.lastIndexOf(':');
        if (colon >= 0) {
            name = spec.substring(0, colon);
            partitions = spec.substring(colon + 1);
        }
        if (name.isBlank()) {
            throw new CliException("bad --topic '" + spec + "': expected NAME[:PARTITIONS]");
        }
        try {
            if (Integer.parseInt(partitions) < 1) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new CliException("bad --topic '" + spec + "': partitions '" + partitions + "' must be a number >= 1");
        }
        return new String[] {name, partitions};
    }
}
