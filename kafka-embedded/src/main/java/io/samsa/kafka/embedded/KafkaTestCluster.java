package io.samsa.kafka.embedded;

import java.util.List;
import java.util.Map;

/**
 * What a test needs from a Kafka cluster, whether we started it ({@link EmbeddedKafkaCluster}) or it was already
 * running ({@link ExternalKafkaCluster}, chosen with {@code -Dsamsa.bootstrap=host:port}). Write integration tests
 * against this interface so the same tests can run against either.
 *
 * <p>Node control ({@link #stopNode}, {@link #killNode}, {@link #restartNode}) works only on embedded clusters; see
 * {@link #supportsNodeControl()}. Admin operations wait, with a timeout, until their effect is visible.
 *
 * <p>Implementations are thread-safe.
 */
public interface KafkaTestCluster {

    /** {@code host:port,host:port,...} of every broker on the client listener, for {@code bootstrap.servers}. */
    String bootstrapServers();

    /**
     * Configs a client needs to connect: {@code bootstrap.servers}, plus {@code security.protocol} and whatever
     * the listener requires (trust store, credentials).
     */
    Map<String, String> clientConfigs();

    /** Creates a topic and waits until every partition has a leader and every live broker knows the topic. */
    default void createTopic(String topic, int partitions, int replicationFactor) {
        createTopic(topic, partitions, replicationFactor, Map.of());
    }

    /**
     * Creates a topic with topic-level configs (e.g. {@code min.insync.replicas}, {@code cleanup.policy}) and waits
     * until every partition has a leader and every live broker's metadata has the topic, so a client may ask any
     * broker about it at once.
     *
     * @throws KafkaEmbeddedException if the cluster refuses (the message carries Kafka's error, e.g.
     *                                {@code TopicExistsException}) or it takes too long
     */
    void createTopic(String topic, int partitions, int replicationFactor, Map<String, String> topicConfigs);

    /** Deletes a topic and waits until it is no longer listed. */
    void deleteTopic(String topic);

    /** The partitions of a topic as the cluster's metadata shows them now, in partition order. */
    List<PartitionState> describeTopic(String topic);

    /**
     * The ids of the cluster's brokers, ascending: for an embedded cluster every configured node (1..n), running or
     * not; for an external one the brokers that are alive now.
     */
    List<Integer> nodeIds();

    /** {@code host:port} of one broker's client listener. */
    String brokerAddress(int nodeId);

    /** Whether {@link #stopNode}, {@link #killNode} and {@link #restartNode} work on this cluster. */
    boolean supportsNodeControl();

    /** Stops a broker gracefully (controlled shutdown), killing it if it takes too long. */
    void stopNode(int nodeId);

    /** Kills a broker abruptly ({@code kill -9}): no controlled shutdown, no flush. */
    void killNode(int nodeId);

    /**
     * Starts a stopped or killed broker again on the same ports and data directory (stopping it first if it is
     * running), and waits until it answers requests.
     */
    void restartNode(int nodeId);

    /**
     * Creates or replaces a KIP-714 client metrics subscription for every client: {@code metricPrefixes} are
     * metric name prefixes ({@code *} for all), pushed every {@code intervalMs} (100 ms to 1 h). Returns once a
     * broker serves it. Clients fetch subscriptions when they start, and otherwise only every push interval
     * (five minutes without a subscription), so set it before creating the clients.
     */
    default void setClientMetricsSubscription(String name, List<String> metricPrefixes, int intervalMs) {
        setClientMetricsSubscription(name, metricPrefixes, intervalMs, Map.of());
    }

    /**
     * Like {@link #setClientMetricsSubscription(String, List, int)}, for the clients {@code match} selects: keys
     * {@code client_id}, {@code client_instance_id}, {@code client_software_name}, {@code client_software_version},
     * {@code client_source_address}, {@code client_source_port}; values regular expressions.
     */
    void setClientMetricsSubscription(String name, List<String> metricPrefixes, int intervalMs, Map<String, String> match);

    /** Deletes a client metrics subscription; returns once a broker no longer serves it. */
    void deleteClientMetricsSubscription(String name);

    /**
     * The client telemetry pushes the brokers received. Only on embedded clusters built with client telemetry
     * recording ({@code EmbeddedKafkaCluster.Builder.clientTelemetry()}, {@code @KafkaCluster(clientTelemetry = true)}).
     *
     * @throws UnsupportedOperationException on an external cluster
     * @throws IllegalStateException         if recording was not enabled
     */
    ClientTelemetryLog clientTelemetry();
}
