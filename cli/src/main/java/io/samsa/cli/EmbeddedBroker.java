package io.samsa.cli;

import io.samsa.kafka.embedded.EmbeddedKafkaCluster;

import java.io.PrintWriter;

/** Starts the embedded Apache Kafka for a command and reports where it is. */
final class EmbeddedBroker {
    private EmbeddedBroker() {
    }

    static EmbeddedKafkaCluster start(int nodes, String version, PrintWriter out) {
        if (nodes != 1 && nodes != 3) {
            throw new CliException("--nodes must be 1 or 3, was " + nodes);
        }
        long t0 = System.nanoTime();
        out.printf("Starting an embedded Apache Kafka (KRaft, %d node%s) ...%n", nodes, nodes == 1 ? "" : "s");
        out.flush();
        EmbeddedKafkaCluster.Builder b = EmbeddedKafkaCluster.builder().nodes(nodes);
        if (version != null) {
            b.version(version);
        }
        EmbeddedKafkaCluster cluster = b.build().start();
        out.printf("Kafka %s is up at %s (%.1f s)%n", cluster.version(), cluster.bootstrapServers(),
                (System.nanoTime() - t0) / 1e9);
        out.flush();
        return cluster;
    }
}
