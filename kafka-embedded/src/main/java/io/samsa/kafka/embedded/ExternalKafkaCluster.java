package io.samsa.kafka.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A Kafka cluster someone else runs, reached by its bootstrap servers, for running the same integration tests
 * against a real deployment ({@code -Dsamsa.bootstrap=host:9092}).
 *
 * <p>Admin operations work as on an embedded cluster (through the same admin agent fork, with the default Kafka
 * version's client, which talks to any broker from 2.x on). Node control does not: {@link #stopNode},
 * {@link #killNode} and {@link #restartNode} throw {@link UnsupportedOperationException}, since the nodes are not
 * ours. (The JUnit extension turns those calls into skipped tests instead.)
 *
 * <p>Thread-safe: every operation goes through the agent client, which serializes requests.
 */
public final class ExternalKafkaCluster implements KafkaTestCluster, AutoCloseable {

    /** System property naming an external cluster's bootstrap servers. */
    public static final String BOOTSTRAP_PROPERTY = "samsa.bootstrap";
    /** Prefix of system properties passed on as client configs, e.g. {@code -Dsamsa.client.security.protocol=SSL}. */
    public static final String CLIENT_CONFIG_PREFIX = "samsa.client.";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final Map<String, String> clientConfigs;
    private final Path workDirectory;
    private final AdminAgentClient agent;

    private ExternalKafkaCluster(String bootstrapServers, Map<String, String> extraClientConfigs) {
        this.bootstrapServers = bootstrapServers;
        Map<String, String> c = new LinkedHashMap<>();
        c.put("bootstrap.servers", bootstrapServers);
        c.putAll(extraClientConfigs);
        this.clientConfigs = Collections.unmodifiableMap(c);
        try {
            this.workDirectory = Files.createTempDirectory("samsa-external-kafka-");
        } catch (IOException e) {
            throw new KafkaEmbeddedException("cannot create a temporary directory for the admin agent: " + e, e);
        }
        this.agent = new AdminAgentClient("external cluster " + bootstrapServers,
                KafkaDistribution.forVersion(KafkaVersions.fromEnvironment()), workDirectory, clientConfigs);
    }

    /** Connects to {@code bootstrapServers} with plaintext and checks that the cluster answers. */
    public static ExternalKafkaCluster connect(String bootstrapServers) {
        return connect(bootstrapServers, Map.of());
    }

    /**
     * Connects with extra client configs (security settings) and checks that the cluster answers.
     *
     * @throws KafkaEmbeddedException if no broker answers within 60 s
     */
    public static ExternalKafkaCluster connect(String bootstrapServers, Map<String, String> clientConfigs) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers are blank");
        }
        ExternalKafkaCluster cluster = new ExternalKafkaCluster(bootstrapServers.trim(), clientConfigs);
        try {
            cluster.describeCluster();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw new KafkaEmbeddedException("cannot reach the external Kafka cluster at " + bootstrapServers + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The cluster named by the {@value #BOOTSTRAP_PROPERTY} system property, with client configs from
     * {@value #CLIENT_CONFIG_PREFIX}{@code *} properties, or null if the property is not set.
     */
    public static ExternalKafkaCluster fromSystemProperties() {
        String bootstrap = System.getProperty(BOOTSTRAP_PROPERTY);
        if (bootstrap == null || bootstrap.isBlank()) {
            return null;
        }
        Map<String, String> configs = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith(CLIENT_CONFIG_PREFIX))
                .forEach(k -> configs.put(k.substring(CLIENT_CONFIG_PREFIX.length()), System.getProperty(k)));
        return connect(bootstrap, configs);
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public Map<String, String> clientConfigs() {
        return clientConfigs;
    }

    @Override
    public void createTopic(String topic, int partitions, int replicationFactor, Map<String, String> topicConfigs) {
        List<String> args = new ArrayList<>(List.of(topic, Integer.toString(partitions), Integer.toString(replicationFactor)));
        topicConfigs.forEach((k, v) -> args.add(k + "=" + v));
        agent.require(TIMEOUT, "creating topic '" + topic + "'", "CREATE_TOPIC", args);
    }

    @Override
    public void deleteTopic(String topic) {
        agent.require(TIMEOUT, "deleting topic '" + topic + "'", "DELETE_TOPIC", List.of(topic));
    }

    @Override
    public List<PartitionState> describeTopic(String topic) {
        return EmbeddedKafkaCluster.parsePartitions(
                agent.require(TIMEOUT, "describing topic '" + topic + "'", "DESCRIBE_TOPIC", List.of(topic)));
    }

    @Override
    public List<Integer> nodeIds() {
        return new ArrayList<>(describeCluster().keySet());
    }

    @Override
    public String brokerAddress(int nodeId) {
        Map<Integer, String> nodes = describeCluster();
        String address = nodes.get(nodeId);
        if (address == null) {
            throw new IllegalArgumentException("the external cluster at " + bootstrapServers + " has no live broker " + nodeId
                    + "; brokers: " + nodes.keySet());
        }
        return address;
    }

    @Override
    public void setClientMetricsSubscription(String name, List<String> metricPrefixes, int intervalMs,
                                             Map<String, String> match) {
        agent.require(TIMEOUT, "setting client metrics subscription '" + name + "'", "SET_CLIENT_METRICS",
                EmbeddedKafkaCluster.clientMetricsArgs(name, metricPrefixes, intervalMs, match));
    }

    @Override
    public void deleteClientMetricsSubscription(String name) {
        agent.require(TIMEOUT, "deleting client metrics subscription '" + name + "'", "DELETE_CLIENT_METRICS",
                List.of(name));
    }

    /** Not available: the pushes reach brokers that are not ours, and only our brokers record them. */
    @Override
    public ClientTelemetryLog clientTelemetry() {
        throw new UnsupportedOperationException("client telemetry pushes to the external Kafka cluster at "
                + bootstrapServers + " are not recorded: only an EmbeddedKafkaCluster's brokers record them");
    }

    @Override
    public boolean supportsNodeControl() {
        return false;
    }

    @Override
    public void stopNode(int nodeId) {
        throw unsupported("stop");
    }

    @Override
    public void killNode(int nodeId) {
        throw unsupported("kill");
    }

    @Override
    public void restartNode(int nodeId) {
        throw unsupported("restart");
    }

    /** Stops the admin agent and deletes its working directory; the cluster itself is untouched. */
    @Override
    public void close() {
        try {
            agent.close();
        } finally {
            EmbeddedKafkaCluster.deleteRecursively(workDirectory);
        }
    }

    @Override
    public String toString() {
        return "ExternalKafkaCluster[" + bootstrapServers + "]";
    }

    /** Live brokers by id, as {@code host:port}. */
    private Map<Integer, String> describeCluster() {
        Map<Integer, String> out = new TreeMap<>();
        for (String t : agent.require(TIMEOUT, "describing the cluster", "DESCRIBE_CLUSTER", List.of())) {
            int eq = t.indexOf('=');
            out.put(Integer.parseInt(t.substring(0, eq)), t.substring(eq + 1));
        }
        return out;
    }

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("cannot " + what + " a node of the external Kafka cluster at "
                + bootstrapServers + ": its brokers are not run by this JVM. Tests that need node control should check "
                + "supportsNodeControl(), or be skipped as the JUnit extension does");
    }
}
