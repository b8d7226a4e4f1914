package io.samsa.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.samsa.kafka.embedded.fork.ClientTelemetryRecorder;
import io.samsa.kafka.embedded.fork.NodeMain;
import io.samsa.kafka.embedded.fork.ParentWatchdog;

/**
 * A real Apache Kafka cluster in KRaft mode, each node (broker and controller combined) in its own forked JVM, on
 * free loopback ports, with its data in a temporary directory. For tests, demos and users' own tests.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().nodes(3).build().start()) {
 *     kafka.createTopic("orders", 3, 3);
 *     ... produce to kafka.bootstrapServers() ...
 *     kafka.killNode(2);
 *     kafka.restartNode(2);
 * }
 * }</pre>
 *
 * <h2>Why forked JVMs</h2>
 * Kafka brings Scala and some forty jars whose versions would clash with the caller's (and with the Kafka client
 * a test may use to read back), and a broker in the same JVM cannot be killed like a real one. So the broker runs
 * in a child {@code java} process whose classpath is built from a {@code samsa-kafka-dist-*} jar, and admin
 * operations go through a small "admin agent" child JVM that has Kafka's {@code Admin} client (see
 * {@link io.samsa.kafka.embedded.fork.AdminAgent}). The caller's classpath sees none of Kafka.
 *
 * <h2>Life cycle and cleanup</h2>
 * {@link #start()} formats the storage, starts the nodes and returns once every broker answers requests.
 * {@link #close()} stops every fork (SIGTERM, then SIGKILL after a grace period) and deletes the data directory.
 * Should the caller forget to close, a JVM shutdown hook kills the forks; should the caller's JVM itself be
 * killed, each fork's watchdog notices and halts, and the next cluster started under the same base directory
 * deletes the abandoned data directory.
 *
 * <p>Threads: all public methods are thread-safe and serialized by this object's monitor (a second caller waits
 * while a node restarts). The JVM shutdown hook is the exception: it deliberately takes no lock and only reads the
 * {@code volatile} process references, so that a caller blocked inside {@link #start()} cannot stall JVM exit.
 */
public final class EmbeddedKafkaCluster implements KafkaTestCluster, AutoCloseable {

    /** Broker configs that the cluster sets itself, because they carry its ports, ids, quorum and directories. */
    static final Set<String> MANAGED_CONFIGS = Set.of(
            "process.roles", "node.id", "broker.id", "controller.quorum.voters", "controller.quorum.bootstrap.servers",
            "controller.listener.names", "listeners", "advertised.listeners", "listener.security.protocol.map",
            "inter.broker.listener.name", "log.dirs", "log.dir", "metadata.log.dir");

    private static final String DIRECTORY_PREFIX = "samsa-kafka-";
    private static final String OWNER_FILE = "owner.pid";
    private static final String TELEMETRY_DIRECTORY = "client-telemetry";
    /** The listener the fault proxies front (see {@link Builder#faultProxies()}). */
    public static final String PROXIED_LISTENER = "PROXIED";
    /** Kafka 4.x's default reporter; listing it keeps JMX when we add ours (3.9 adds it by itself either way). */
    private static final String JMX_REPORTER = "org.apache.kafka.common.metrics.JmxReporter";
    private static final int START_ATTEMPTS = 3;
    private static final int CLOSE_GRACE_SECONDS = 3;

    private enum State { NEW, STARTING, RUNNING, CLOSED }

    // --- settings, immutable after build() ---
    private final int nodeCount;
    private final KafkaDistribution distribution;
    private final List<Listener> listeners;
    private final Listener interBrokerListener;
    private final Map<String, String> brokerConfigOverrides;
    private final boolean autoCreateTopics;
    private final boolean clientTelemetry;
    private final boolean faultProxies;
    /** Per node, when built with {@link Builder#faultProxies()}; made with the ports, closed with the cluster. */
    private final Map<Integer, FaultProxy> proxies = new LinkedHashMap<>();
    private final Path baseDirectory;
    private final List<String> jvmOptions;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private final Duration operationTimeout;

    // --- state, guarded by "this" ---
    private State state = State.NEW;
    // The three below are also read, without the monitor, by the shutdown hook: hence volatile / concurrent.
    private volatile Path rootDirectory;
    private volatile AdminAgentClient agent;
    private final Map<Integer, Node> nodes = new ConcurrentSkipListMap<>();
    private String clusterId;
    private ClientTelemetryLog telemetryLog;

    private EmbeddedKafkaCluster(Builder b) {
        this.nodeCount = b.nodes;
        this.distribution = KafkaDistribution.forVersion(b.version != null ? b.version : KafkaVersions.fromEnvironment());
        this.listeners = b.listeners.isEmpty() ? List.of(Listener.plaintext(Listener.DEFAULT_NAME)) : List.copyOf(b.listeners);
        String ibl = b.interBrokerListener != null ? b.interBrokerListener : listeners.get(0).name();
        this.interBrokerListener = listeners.stream().filter(l -> l.name().equals(ibl)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("inter-broker listener '" + ibl + "' is not one of the "
                        + "listeners " + listeners.stream().map(Listener::name).collect(Collectors.toList())));
        this.brokerConfigOverrides = Map.copyOf(b.brokerConfigs);
        this.autoCreateTopics = b.autoCreateTopics;
        this.clientTelemetry = b.clientTelemetry;
        this.faultProxies = b.faultProxies;
        this.baseDirectory = b.baseDirectory != null ? b.baseDirectory : Path.of(System.getProperty("java.io.tmpdir"));
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.startTimeout = b.startTimeout;
        this.stopTimeout = b.stopTimeout;
        this.operationTimeout = b.operationTimeout;
    }

    /** A builder with defaults: one node, the default Kafka version, one PLAINTEXT listener. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Life cycle
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Formats storage, starts every node and the admin agent, and waits until every broker is registered and
     * answers requests. If a broker fails to bind its port (someone took it between our pick and its bind), the
     * whole start is retried on fresh ports, up to three times.
     *
     * @return this cluster, for {@code try (var kafka = builder().build().start())}
     * @throws KafkaEmbeddedException if a node exits or the cluster is not ready within the start timeout; the
     *                                message carries the tail of the failing node's log. Everything started so
     *                                far is stopped and the data directory is deleted.
     * @throws IllegalStateException  if called twice
     */
    public synchronized EmbeddedKafkaCluster start() {
        if (state != State.NEW) {
            throw new IllegalStateException("cluster already " + state.name().toLowerCase(Locale.ROOT)
                    + "; start() may be called once");
        }
        state = State.STARTING;
        ShutdownHook.register(this);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        try {
            Files.createDirectories(baseDirectory);
            sweepAbandonedDirectories(baseDirectory);
            rootDirectory = Files.createTempDirectory(baseDirectory, DIRECTORY_PREFIX);
            ProcessHandle self = ProcessHandle.current();
            Files.writeString(rootDirectory.resolve(OWNER_FILE),
                    self.pid() + " " + self.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("?"),
                    StandardCharsets.UTF_8);
            clusterId = newClusterId();
            if (clientTelemetry) {
                Path telemetryDir = Files.createDirectories(rootDirectory.resolve(TELEMETRY_DIRECTORY));
                telemetryLog = new ClientTelemetryLog(telemetryDir);
            }
            for (int id = 1; id <= nodeCount; id++) {
                nodes.put(id, new Node(id, rootDirectory.resolve("node-" + id)));
            }
            for (int attempt = 1; ; attempt++) {
                allocatePorts();
                startProxies();
                for (Node node : nodes.values()) {
                    Files.createDirectories(node.dir);
                    writeServerProperties(node);
                }
                agent = new AdminAgentClient("Kafka " + distribution.version() + " cluster in " + rootDirectory,
                        distribution, rootDirectory, clientConfigs(interBrokerListener));
                for (Node node : nodes.values()) {
                    launch(node, true);
                }
                agent.start();
                try {
                    awaitReady(List.copyOf(nodes.keySet()), deadline, "start");
                    break;
                } catch (BindConflict conflict) {
                    if (attempt == START_ATTEMPTS) {
                        throw new KafkaEmbeddedException(conflict.getMessage() + " (gave up after " + attempt + " attempts)");
                    }
                    // Start over on fresh ports with fresh storage; the cluster id may stay.
                    killAll();
                    agent.close();
                    closeProxies();
                    for (Node node : nodes.values()) {
                        deleteRecursively(node.dir);
                    }
                    PortAllocator.release(allPorts());
                }
            }
            state = State.RUNNING;
            return this;
        } catch (IOException e) {
            abortStart();
            throw new KafkaEmbeddedException("could not prepare the data directory under " + baseDirectory + ": " + e, e);
        } catch (RuntimeException | Error e) {
            abortStart();
            throw e;
        }
    }

    /**
     * Stops every node and the admin agent, then deletes the data directory. All nodes get SIGTERM at once and a
     * shared grace period of 3 s (or the stop timeout, if shorter) before SIGKILL. The grace is short on purpose:
     * the data is about to be deleted, and in a multi-node cluster the last nodes to stop lose their KRaft quorum
     * and would wait for it, up to about a broker session timeout. Idempotent; a cluster that never started just
     * forgets its settings.
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        try {
            if (agent != null) {
                agent.close();
            }
            List<Process> running = new ArrayList<>();
            for (Node node : nodes.values()) {
                Process p = node.process;
                if (p != null && p.isAlive()) {
                    Forks.terminate(p); // all at once: they shut down in parallel
                    running.add(p);
                }
            }
            long deadline = System.nanoTime() + closeGrace().toNanos();
            for (Process p : running) {
                if (Forks.waitFor(p, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    Forks.closeStdin(p);
                } else {
                    Forks.kill(p);
                }
            }
        } finally {
            closeProxies();
            for (Node node : nodes.values()) {
                node.process = null;
            }
            PortAllocator.release(allPorts());
            if (rootDirectory != null) {
                deleteRecursively(rootDirectory);
            }
            ShutdownHook.deregister(this);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Node control
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Stops a node gracefully: SIGTERM runs Kafka's shutdown hook (controlled shutdown, leadership moves away).
     * If it takes longer than the stop timeout the node is killed. Does nothing if the node is not running.
     */
    @Override
    public synchronized void stopNode(int nodeId) {
        Node node = runningCluster().node(nodeId);
        Process p = node.process;
        if (p != null) {
            Forks.stop(p, stopTimeout);
        }
    }

    /** Kills a node with SIGKILL and waits until the process is gone. Does nothing if it is not running. */
    @Override
    public synchronized void killNode(int nodeId) {
        Node node = runningCluster().node(nodeId);
        Process p = node.process;
        if (p != null) {
            Forks.kill(p);
        }
    }

    /**
     * Starts a node again on its old ports and data directory (stopping it gracefully first if it is running) and
     * waits until it is registered with the controller and answers requests itself. Its partitions may still be
     * catching up when this returns; poll {@link #describeTopic} for the ISR if a test needs it back.
     */
    @Override
    public synchronized void restartNode(int nodeId) {
        Node node = runningCluster().node(nodeId);
        Process p = node.process;
        if (p != null && p.isAlive()) {
            Forks.stop(p, stopTimeout);
        }
        launch(node, false);
        try {
            awaitReady(List.of(nodeId), System.nanoTime() + startTimeout.toNanos(), "restart of node " + nodeId);
        } catch (BindConflict conflict) {
            throw new KafkaEmbeddedException(conflict.getMessage() + "; a restarted node must keep its ports, so "
                    + "something else on this machine now holds one of them");
        }
    }

    /** Whether a node's process is alive. */
    public synchronized boolean isNodeRunning(int nodeId) {
        Process p = node(nodeId).process;
        return p != null && p.isAlive();
    }

    /** The pid of a node's JVM, if it is running. */
    public synchronized OptionalLong nodePid(int nodeId) {
        Process p = node(nodeId).process;
        return p != null && p.isAlive() ? OptionalLong.of(p.pid()) : OptionalLong.empty();
    }

    /** Pids of every fork of this cluster that is alive now: nodes and the admin agent. */
    public synchronized List<Long> processIds() {
        List<Long> pids = new ArrayList<>();
        for (Node node : nodes.values()) {
            Process p = node.process;
            if (p != null && p.isAlive()) {
                pids.add(p.pid());
            }
        }
        if (agent != null) {
            agent.pid().ifPresent(pids::add);
        }
        return pids;
    }

    @Override
    public boolean supportsNodeControl() {
        return true;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Addresses and admin
    // ------------------------------------------------------------------------------------------------------------

    /** Every node's address on the first (client) listener, stopped nodes included: {@code 127.0.0.1:p1,...}. */
    @Override
    public synchronized String bootstrapServers() {
        return bootstrapServers(listeners.get(0).name());
    }

    /** Every node's address on the named listener. */
    public synchronized String bootstrapServers(String listenerName) {
        Listener listener = listener(listenerName);
        startedCluster();
        StringJoiner joiner = new StringJoiner(",");
        nodes.values().forEach(n -> joiner.add("127.0.0.1:" + n.listenerPorts.get(listener.name())));
        return joiner.toString();
    }

    @Override
    public synchronized Map<String, String> clientConfigs() {
        return clientConfigs(listeners.get(0));
    }

    /** Client configs for the named listener. */
    public synchronized Map<String, String> clientConfigs(String listenerName) {
        return clientConfigs(listener(listenerName));
    }

    @Override
    public synchronized String brokerAddress(int nodeId) {
        Node node = startedCluster().node(nodeId);
        return "127.0.0.1:" + node.listenerPorts.get(listeners.get(0).name());
    }

    @Override
    public synchronized List<Integer> nodeIds() {
        return IntStream.rangeClosed(1, nodeCount).boxed().collect(Collectors.toList());
    }

    @Override
    public synchronized void createTopic(String topic, int partitions, int replicationFactor, Map<String, String> topicConfigs) {
        Objects.requireNonNull(topic, "topic");
        List<String> args = new ArrayList<>(List.of(topic, Integer.toString(partitions), Integer.toString(replicationFactor)));
        topicConfigs.forEach((k, v) -> args.add(k + "=" + v));
        runningCluster().agent.require(operationTimeout, "creating topic '" + topic + "' (" + partitions + " partitions, "
                + "replication factor " + replicationFactor + ")", "CREATE_TOPIC", args);
    }

    @Override
    public synchronized void deleteTopic(String topic) {
        runningCluster().agent.require(operationTimeout, "deleting topic '" + topic + "'", "DELETE_TOPIC", List.of(topic));
    }

    @Override
    public synchronized List<PartitionState> describeTopic(String topic) {
        List<String> tokens = runningCluster().agent.require(operationTimeout, "describing topic '" + topic + "'",
                "DESCRIBE_TOPIC", List.of(topic));
        return parsePartitions(tokens);
    }

    /**
     * Creates or updates a SCRAM user through Kafka's Admin API (KRaft stores SCRAM credentials in the
     * metadata log). Returns once a broker serves the credential. The password is sent to the admin agent only,
     * and never logged.
     *
     * @param mechanism {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}
     */
    public synchronized void upsertScramUser(String user, String mechanism, String password) {
        runningCluster().agent.require(operationTimeout, "creating SCRAM user '" + user + "' (" + mechanism + ")",
                "UPSERT_SCRAM", List.of(user, mechanism, "4096", password));
    }

    /**
     * Adds an ACL through Kafka's Admin API. The cluster needs an authorizer ({@code authorizer.class.name}).
     * Returns once {@code DescribeAcls} shows it.
     *
     * @param principal    e.g. {@code User:alice}
     * @param resourceType Kafka's {@code ResourceType} name: {@code TOPIC}, {@code CLUSTER}, {@code GROUP}, ...
     * @param resourceName e.g. the topic, or {@code kafka-cluster} for the cluster
     * @param patternType  {@code LITERAL} or {@code PREFIXED}
     * @param operation    Kafka's {@code AclOperation} name: {@code WRITE}, {@code DESCRIBE},
     *                     {@code IDEMPOTENT_WRITE}, ...
     * @param permission   {@code ALLOW} or {@code DENY}
     */
    public synchronized void createAcl(String principal, String resourceType, String resourceName, String patternType,
                                       String operation, String permission) {
        runningCluster().agent.require(operationTimeout, "creating ACL " + permission + " " + principal + " "
                        + operation + " on " + resourceType + " " + patternType + " " + resourceName, "CREATE_ACL",
                List.of(principal, resourceType, resourceName, patternType, operation, permission));
    }

    /**
     * Creates or replaces a KIP-714 client metrics subscription (Kafka's {@code CLIENT_METRICS} config resource)
     * and returns once a broker serves it. Clients that connect afterwards get it from
     * {@code GetTelemetrySubscriptions}; clients already pushing under an older subscription learn of the change on
     * their next push.
     *
     * @param metricPrefixes metric name prefixes, e.g. {@code org.apache.kafka.producer.}; {@code *} for every
     *                       metric; empty for none
     * @param intervalMs     push interval, 100 ms to 1 h (the broker refuses others)
     * @param match          client selectors ({@code client_id}, {@code client_instance_id},
     *                       {@code client_software_name}, {@code client_software_version},
     *                       {@code client_source_address}, {@code client_source_port}) to regular expressions; empty
     *                       for every client
     */
    @Override
    public synchronized void setClientMetricsSubscription(String name, List<String> metricPrefixes, int intervalMs,
                                                          Map<String, String> match) {
        runningCluster().agent.require(operationTimeout, "setting client metrics subscription '" + name + "'",
                "SET_CLIENT_METRICS", clientMetricsArgs(name, metricPrefixes, intervalMs, match));
    }

    @Override
    public synchronized void deleteClientMetricsSubscription(String name) {
        runningCluster().agent.require(operationTimeout, "deleting client metrics subscription '" + name + "'",
                "DELETE_CLIENT_METRICS", List.of(name));
    }

    /**
     * The fault-injection proxy in front of a node, when the cluster was built with {@link Builder#faultProxies()}.
     *
     * @throws IllegalStateException without fault proxies
     */
    public synchronized FaultProxy faultProxy(int nodeId) {
        startedCluster();
        FaultProxy proxy = proxies.get(nodeId);
        if (proxy == null) {
            throw new IllegalStateException(faultProxies ? "no node " + nodeId + " (nodes: " + nodes.keySet() + ")"
                    : "this cluster has no fault proxies; build it with EmbeddedKafkaCluster.builder().faultProxies()");
        }
        return proxy;
    }

    /**
     * Client configs that reach the brokers through their fault proxies ({@link Builder#faultProxies()}): every
     * connection such a client makes, to any broker, passes a proxy. {@link #clientConfigs()} stays direct, for the
     * checks of a test that must not suffer its faults.
     */
    public synchronized Map<String, String> proxiedClientConfigs() {
        startedCluster();
        if (!faultProxies) {
            throw new IllegalStateException("this cluster has no fault proxies; build it with "
                    + "EmbeddedKafkaCluster.builder().faultProxies()");
        }
        StringJoiner joiner = new StringJoiner(",");
        nodes.values().forEach(n -> joiner.add("127.0.0.1:" + n.proxyPort));
        Map<String, String> c = new LinkedHashMap<>();
        c.put("bootstrap.servers", joiner.toString());
        return c;
    }

    /**
     * The telemetry pushes the brokers received, kept in the cluster's data directory.
     *
     * @throws IllegalStateException if the cluster was built without {@link Builder#clientTelemetry()}
     */
    @Override
    public synchronized ClientTelemetryLog clientTelemetry() {
        startedCluster();
        if (telemetryLog == null) {
            throw new IllegalStateException("client telemetry is not recorded by this cluster; build it with "
                    + "EmbeddedKafkaCluster.builder().clientTelemetry() or @KafkaCluster(clientTelemetry = true)");
        }
        return telemetryLog;
    }

    static List<String> clientMetricsArgs(String name, List<String> metricPrefixes, int intervalMs,
                                          Map<String, String> match) {
        Objects.requireNonNull(name, "name");
        if (intervalMs < 100 || intervalMs > 3_600_000) {
            throw new IllegalArgumentException("client metrics push interval must be 100 ms to 1 h, got " + intervalMs);
        }
        List<String> args = new ArrayList<>(List.of(name, Integer.toString(intervalMs), String.join(",", metricPrefixes)));
        match.forEach((k, v) -> args.add(k + "=" + v));
        return args;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Introspection
    // ------------------------------------------------------------------------------------------------------------

    /** The exact Kafka version the nodes run, e.g. {@code 4.1.2}. */
    public String version() {
        return distribution.version();
    }

    /** The KRaft cluster id, once started. */
    public synchronized String clusterId() {
        return startedCluster().clusterId;
    }

    /** The temporary directory holding every node's data, config and log; deleted by {@link #close()}. */
    public synchronized Path dataDirectory() {
        return startedCluster().rootDirectory;
    }

    /** A node's log file (its JVM's stdout and stderr, across restarts). */
    public synchronized Path logFile(int nodeId) {
        return startedCluster().node(nodeId).log;
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaCluster[Kafka " + distribution.version() + ", " + nodeCount + " node(s), " + state + "]";
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internals
    // ------------------------------------------------------------------------------------------------------------

    /** One node's fixed identity (id, ports, files) and its current process. */
    private static final class Node {
        final int id;
        final Path dir;
        final Path config;
        final Path log;
        final Map<String, Integer> listenerPorts = new LinkedHashMap<>();
        int controllerPort;
        /** With fault proxies: the broker's port of the proxied listener, and the proxy's port in front of it. */
        int proxiedPort;
        int proxyPort;
        /** The current JVM, or null if never started. Written under the cluster's monitor; volatile for the hook. */
        volatile Process process;

        Node(int id, Path dir) {
            this.id = id;
            this.dir = dir;
            this.config = dir.resolve("server.properties");
            this.log = dir.resolve("kafka.log");
        }
    }

    /** A node died because a port was taken: worth a retry on fresh ports. */
    private static final class BindConflict extends RuntimeException {
        BindConflict(String message) {
            super(message);
        }
    }

    private Duration closeGrace() {
        Duration grace = Duration.ofSeconds(CLOSE_GRACE_SECONDS);
        return stopTimeout.compareTo(grace) < 0 ? stopTimeout : grace;
    }

    private void allocatePorts() {
        for (Node node : nodes.values()) {
            node.listenerPorts.clear();
            for (Listener l : listeners) {
                node.listenerPorts.put(l.name(), PortAllocator.allocate());
            }
            node.controllerPort = PortAllocator.allocate();
            if (faultProxies) {
                node.proxiedPort = PortAllocator.allocate();
                node.proxyPort = PortAllocator.allocate();
            }
        }
    }

    private void startProxies() throws IOException {
        closeProxies();
        if (!faultProxies) {
            return;
        }
        for (Node node : nodes.values()) {
            proxies.put(node.id, new FaultProxy(node.id, node.proxyPort, node.proxiedPort));
        }
    }

    private void closeProxies() {
        proxies.values().forEach(FaultProxy::close);
        proxies.clear();
    }

    private List<Integer> allPorts() {
        List<Integer> ports = new ArrayList<>();
        for (Node node : nodes.values()) {
            ports.addAll(node.listenerPorts.values());
            if (node.controllerPort != 0) {
                ports.add(node.controllerPort);
            }
            if (node.proxyPort != 0) {
                ports.add(node.proxiedPort);
                ports.add(node.proxyPort);
            }
        }
        return ports;
    }

    private void writeServerProperties(Node node) {
        Map<String, String> c = new LinkedHashMap<>();
        StringJoiner voters = new StringJoiner(",");
        nodes.values().forEach(n -> voters.add(n.id + "@127.0.0.1:" + n.controllerPort));
        StringJoiner listenerList = new StringJoiner(",");
        StringJoiner advertised = new StringJoiner(",");
        StringJoiner protocolMap = new StringJoiner(",");
        for (Listener l : listeners) {
            String address = l.name() + "://127.0.0.1:" + node.listenerPorts.get(l.name());
            listenerList.add(address);
            advertised.add(address);
            protocolMap.add(l.name() + ":" + l.securityProtocol().name());
        }
        if (faultProxies) {
            // Bound at one port, advertised at the proxy's: clients that bootstrap through the proxies stay behind
            // them, since a broker answers Metadata with the addresses of the listener the request came in on.
            listenerList.add(PROXIED_LISTENER + "://127.0.0.1:" + node.proxiedPort);
            advertised.add(PROXIED_LISTENER + "://127.0.0.1:" + node.proxyPort);
            protocolMap.add(PROXIED_LISTENER + ":" + SecurityProtocol.PLAINTEXT.name());
        }
        listenerList.add(Listener.CONTROLLER_NAME + "://127.0.0.1:" + node.controllerPort);
        protocolMap.add(Listener.CONTROLLER_NAME + ":" + SecurityProtocol.PLAINTEXT.name());

        // Identity, quorum and addresses: managed, not overridable.
        c.put("process.roles", "broker,controller");
        c.put("node.id", Integer.toString(node.id));
        c.put("controller.quorum.voters", voters.toString());
        c.put("controller.listener.names", Listener.CONTROLLER_NAME);
        c.put("listeners", listenerList.toString());
        // The controller listener is not advertised: clients only ever talk to brokers (3.9 rejects it outright).
        c.put("advertised.listeners", advertised.toString());
        c.put("listener.security.protocol.map", protocolMap.toString());
        c.put("inter.broker.listener.name", interBrokerListener.name());
        c.put("log.dirs", node.dir.resolve("data").toString());

        // Test-friendly defaults, all overridable with Builder.brokerConfig.
        int rf = Math.min(3, nodeCount);
        int minIsr = Math.min(2, nodeCount);
        c.put("num.partitions", "1");
        c.put("auto.create.topics.enable", Boolean.toString(autoCreateTopics));
        c.put("offsets.topic.replication.factor", Integer.toString(rf));
        // 50 partitions (the default) make the first consumer group on a fresh cluster wait seconds for no benefit.
        c.put("offsets.topic.num.partitions", "5");
        c.put("transaction.state.log.replication.factor", Integer.toString(rf));
        // 2 like Kafka's default, not rf: with 3 nodes a transactional producer must survive one killed node.
        c.put("transaction.state.log.min.isr", Integer.toString(minIsr));
        c.put("transaction.state.log.num.partitions", "5");
        c.put("group.initial.rebalance.delay.ms", "0");
        // Kafka's 128 MiB log-cleaner buffer is allocated at start-up; tests compact little.
        c.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        // Heartbeat twice as often as Kafka's 2 s: a started broker is unfenced sooner. The session stays at Kafka's
        // 9 s: a shorter one would speed up failover after killNode, but on a loaded 2-core machine live brokers
        // may miss that many heartbeats and get fenced, which makes tests flaky in ways a real cluster is not.
        c.put("broker.heartbeat.interval.ms", "1000");
        c.put("broker.session.timeout.ms", "9000");
        if (distribution.major() >= 4) {
            c.put("share.coordinator.state.topic.replication.factor", Integer.toString(rf));
            c.put("share.coordinator.state.topic.min.isr", Integer.toString(minIsr));
            c.put("share.coordinator.state.topic.num.partitions", "5");
        }

        for (Listener l : listeners) {
            l.brokerConfigs().forEach((k, v) -> c.put(l.configPrefix() + k, v));
        }
        c.putAll(brokerConfigOverrides);
        if (clientTelemetry) {
            // Any ClientTelemetry reporter makes the broker advertise and serve the telemetry APIs.
            String reporters = c.getOrDefault("metric.reporters", JMX_REPORTER).trim();
            if (!reporters.contains(ClientTelemetryRecorder.class.getName())) {
                reporters = (reporters.isEmpty() ? "" : reporters + ",") + ClientTelemetryRecorder.class.getName();
            }
            c.put("metric.reporters", reporters);
            c.put(ClientTelemetryRecorder.DIRECTORY_CONFIG, rootDirectory.resolve(TELEMETRY_DIRECTORY).toString());
        }
        ConfigFiles.write(node.config, "Written by samsa-kafka-embedded for node " + node.id + " of cluster " + clusterId
                + " (Kafka " + distribution.version() + ")", c);
    }

    private void launch(Node node, boolean format) {
        List<String> command = new ArrayList<>();
        command.add(Forks.javaExecutable());
        command.addAll(jvmOptions);
        command.add("-Djava.awt.headless=true");
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss.SSS");
        command.add("-Dorg.slf4j.simpleLogger.logFile=System.out");
        command.add("-cp");
        command.add(Forks.classpath(distribution));
        command.add(NodeMain.class.getName());
        command.add("--parent-pid");
        command.add(Long.toString(ProcessHandle.current().pid()));
        if (format) {
            command.add("--format");
            command.add(clusterId);
        }
        command.add(node.config.toString());
        node.process = Forks.start("Kafka " + distribution.version() + " node " + node.id, command, node.dir, node.log, false);
    }

    /**
     * Polls until every listed node is registered and answers requests (see the admin agent's CHECK_BROKERS),
     * failing fast if a node's process exits.
     */
    private void awaitReady(List<Integer> ids, long deadline, String what) {
        String lastReason = "no answer yet";
        while (true) {
            for (int id : ids) {
                Node node = nodes.get(id);
                Process p = node.process;
                if (p != null && !p.isAlive()) {
                    String message = "Kafka " + distribution.version() + " node " + id + " exited with status " + p.exitValue()
                            + " during " + what + " (" + describeExit(p.exitValue()) + "). Its log " + node.log
                            + " ends with:\n" + Forks.tail(node.log, 60);
                    if (Forks.mentionsBindFailure(node.log)) {
                        throw new BindConflict(message);
                    }
                    throw new KafkaEmbeddedException(message);
                }
            }
            long remainingNanos = deadline - System.nanoTime();
            if (remainingNanos <= 0) {
                StringBuilder tails = new StringBuilder();
                for (int id : ids) {
                    Node node = nodes.get(id);
                    tails.append("\n  node ").append(id).append(" log ").append(node.log).append(" ends with:\n")
                            .append(Forks.tail(node.log, 25));
                }
                throw new KafkaEmbeddedException("Kafka " + distribution.version() + " nodes " + ids + " were not ready within "
                        + startTimeout.toMillis() + " ms of " + what + "; last check: " + lastReason + tails);
            }
            Duration attempt = Duration.ofNanos(Math.min(remainingNanos, Duration.ofSeconds(5).toNanos()));
            List<String> args = ids.stream().map(String::valueOf).collect(Collectors.toList());
            AdminAgentClient.Response response = agent.call(attempt, "CHECK_BROKERS", args);
            if (response.ok()) {
                return;
            }
            lastReason = response.message();
            pollPause();
        }
    }

    private static String describeExit(int status) {
        if (status == NodeMain.FORMAT_FAILED_STATUS) {
            return "formatting the storage failed";
        }
        if (status == NodeMain.KAFKA_FAILED_STATUS) {
            return "kafka.Kafka.main threw";
        }
        if (status == ParentWatchdog.PARENT_GONE_STATUS) {
            return "its watchdog thought this JVM was gone";
        }
        if (status == 1) {
            return "Kafka reported a fatal error";
        }
        return status > 128 ? "killed by signal " + (status - 128) : "see the log";
    }

    /** The wait between readiness polls: short against a start that takes seconds, bounded by the caller's deadline. */
    private static void pollPause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaEmbeddedException("interrupted while waiting for Kafka to start");
        }
    }

    private void abortStart() {
        try {
            killAll();
            if (agent != null) {
                agent.close();
            }
        } finally {
            state = State.CLOSED;
            closeProxies();
            PortAllocator.release(allPorts());
            if (rootDirectory != null && !Boolean.getBoolean("samsa.kafka.keepFailedDataDirectory")) {
                deleteRecursively(rootDirectory);
            }
            ShutdownHook.deregister(this);
        }
    }

    private void killAll() {
        for (Node node : nodes.values()) {
            Process p = node.process;
            if (p != null) {
                p.destroyForcibly();
            }
        }
        for (Node node : nodes.values()) {
            Process p = node.process;
            if (p != null) {
                Forks.kill(p);
            }
        }
    }

    /** Called by the JVM shutdown hook only: kill everything, delete the directory, take no lock. */
    private void emergencyStop() {
        AdminAgentClient a = agent;
        if (a != null) {
            a.killFromShutdownHook();
        }
        List<Process> processes = new ArrayList<>();
        for (Node node : nodes.values()) {
            Process p = node.process;
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
                processes.add(p);
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (Process p : processes) {
            Forks.waitFor(p, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        Path dir = rootDirectory;
        if (dir != null) {
            deleteRecursively(dir);
        }
    }

    private Map<String, String> clientConfigs(Listener listener) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("bootstrap.servers", bootstrapServers(listener.name()));
        c.put("security.protocol", listener.securityProtocol().name());
        c.putAll(listener.clientConfigs());
        return c;
    }

    private Listener listener(String name) {
        return listeners.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no listener named '" + name + "'; listeners are "
                        + listeners.stream().map(Listener::name).collect(Collectors.toList())));
    }

    private Node node(int nodeId) {
        Node node = nodes.get(nodeId);
        if (node == null) {
            throw new IllegalArgumentException(nodes.isEmpty()
                    ? "the cluster has not been started, so it has no node " + nodeId
                    : "no node " + nodeId + "; node ids are " + nodes.keySet());
        }
        return node;
    }

    private EmbeddedKafkaCluster startedCluster() {
        if (state == State.NEW || nodes.isEmpty()) {
            throw new IllegalStateException("the cluster has not been started; call start() first");
        }
        return this;
    }

    private EmbeddedKafkaCluster runningCluster() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("the cluster is " + state.name().toLowerCase(Locale.ROOT)
                    + (state == State.NEW ? "; call start() first" : ""));
        }
        return this;
    }

    static List<PartitionState> parsePartitions(List<String> tokens) {
        List<PartitionState> out = new ArrayList<>();
        for (String t : tokens) {
            String[] f = t.split(":");
            out.add(new PartitionState(Integer.parseInt(f[0]), Integer.parseInt(f[1]), parseIds(f[2]), parseIds(f[3])));
        }
        out.sort(Comparator.comparingInt(PartitionState::partition));
        return out;
    }

    private static List<Integer> parseIds(String s) {
        return s.equals("-") ? List.of() : Stream.of(s.split(",")).map(Integer::valueOf).collect(Collectors.toList());
    }

    /**
     * A KRaft cluster id: 16 random bytes, URL-safe base64 without padding, as Kafka's {@code Uuid} prints them.
     * Never starting with '-', which StorageTool's argument parser would take for an option.
     */
    private static String newClusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            ByteBuffer bytes = ByteBuffer.allocate(16);
            bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    static void deleteRecursively(Path dir) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (NoSuchFileException ignored) {
                        // raced with another deleter (the shutdown hook, a sweep): fine
                    }
                }
                return;
            } catch (IOException | UncheckedIOException e) {
                // A file still being written by a dying fork: try again.
            }
        }
    }

    /**
     * Deletes data directories left by JVMs that died without closing their cluster (killed, crashed). A directory
     * is abandoned when its owner file names a pid that is not alive, or alive but started at another instant (the
     * pid was reused). Directories without an owner file are left alone: they may be being created right now.
     */
    static void sweepAbandonedDirectories(Path base) {
        try (Stream<Path> children = Files.list(base)) {
            for (Path dir : children.filter(p -> p.getFileName().toString().startsWith(DIRECTORY_PREFIX))
                    .collect(Collectors.toList())) {
                Path owner = dir.resolve(OWNER_FILE);
                if (!Files.isRegularFile(owner)) {
                    continue;
                }
                try {
                    String[] f = Files.readString(owner, StandardCharsets.UTF_8).trim().split(" ");
                    long pid = Long.parseLong(f[0]);
                    boolean alive = ProcessHandle.of(pid)
                            .filter(ProcessHandle::isAlive)
                            .map(h -> f.length < 2 || f[1].equals("?") || h.info().startInstant()
                                    .map(i -> Long.toString(i.toEpochMilli()).equals(f[1])).orElse(true))
                            .orElse(false);
                    if (!alive) {
                        deleteRecursively(dir);
                    }
                } catch (IOException | RuntimeException e) {
                    // unreadable or half-written owner file: leave it
                }
            }
        } catch (IOException | RuntimeException e) {
            // a base directory we cannot list is reported when we create our own directory in it
        }
    }

    /**
     * The JVM shutdown hook: the second line of defence for clusters their owner did not close. Registered once,
     * the first time any cluster starts.
     */
    private static final class ShutdownHook {
        private static final Set<EmbeddedKafkaCluster> LIVE = ConcurrentHashMap.newKeySet();
        private static boolean installed; // guarded by ShutdownHook.class

        static void register(EmbeddedKafkaCluster cluster) {
            synchronized (ShutdownHook.class) {
                if (!installed) {
                    Runtime.getRuntime().addShutdownHook(new Thread(ShutdownHook::run, "samsa-kafka-embedded-shutdown"));
                    installed = true;
                }
            }
            LIVE.add(cluster);
        }

        static void deregister(EmbeddedKafkaCluster cluster) {
            LIVE.remove(cluster);
        }

        private static void run() {
            for (EmbeddedKafkaCluster cluster : LIVE.toArray(new EmbeddedKafkaCluster[0])) {
                try {
                    cluster.emergencyStop();
                } catch (RuntimeException e) {
                    // keep going: the other clusters still need stopping, and the forks' watchdogs are the backstop
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Builder
    // ------------------------------------------------------------------------------------------------------------

    /**
     * Settings of a cluster. Not thread-safe; {@link #build()} copies everything it needs.
     */
    public static final class Builder {
        private int nodes = 1;
        private String version;
        private final Map<String, String> brokerConfigs = new LinkedHashMap<>();
        private boolean autoCreateTopics = true;
        private boolean clientTelemetry;
        private boolean faultProxies;
        private final List<Listener> listeners = new ArrayList<>();
        private String interBrokerListener;
        private Path baseDirectory;
        private List<String> jvmOptions = List.of("-Xms256m", "-Xmx1g", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
        private Duration startTimeout = Duration.ofSeconds(120);
        private Duration stopTimeout = Duration.ofSeconds(30);
        private Duration operationTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** Number of nodes, each both broker and KRaft controller (default 1). Ids are 1..n. */
        public Builder nodes(int nodes) {
            if (nodes < 1) {
                throw new IllegalArgumentException("a cluster needs at least one node, got " + nodes);
            }
            this.nodes = nodes;
            return this;
        }

        /**
         * The Kafka version, exact ({@code "4.1.2"}) or a release line with exactly one available version
         * ({@code "3.9"}). Default: the {@code samsa.kafka.version} system property, else {@link KafkaVersions#DEFAULT}.
         */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * Sets a broker config on every node, overriding the test-friendly defaults. Configs that carry the
         * cluster's own ports, ids, quorum and directories are refused ({@code listeners}, {@code node.id}, ...);
         * listeners are configured with {@link #listener}.
         */
        public Builder brokerConfig(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value of " + key);
            if (MANAGED_CONFIGS.contains(key)) {
                throw new IllegalArgumentException("broker config '" + key + "' is managed by EmbeddedKafkaCluster (it holds "
                        + "the cluster's ports, ids, quorum or directories); configure listeners with Builder.listener(...)");
            }
            brokerConfigs.put(key, value);
            return this;
        }

        /** {@link #brokerConfig} for each entry. */
        public Builder brokerConfigs(Map<String, String> configs) {
            configs.forEach(this::brokerConfig);
            return this;
        }

        /** Whether producing to or fetching metadata for an unknown topic creates it (default true). */
        public Builder autoCreateTopics(boolean enabled) {
            this.autoCreateTopics = enabled;
            return this;
        }

        /**
         * Puts a {@link FaultProxy} in front of every node: the brokers get one more listener (plaintext, named
         * {@value EmbeddedKafkaCluster#PROXIED_LISTENER}) advertised at the proxy's port, so clients configured
         * with {@link EmbeddedKafkaCluster#proxiedClientConfigs()} reach every broker through its proxy, which
         * resets, stalls or cuts their connections on demand. Brokers talk to each other, and
         * {@link EmbeddedKafkaCluster#clientConfigs()} clients to them, directly. The proxies keep their ports across node restarts.
         */
        public Builder faultProxies() {
            this.faultProxies = true;
            return this;
        }

        /** {@code clientTelemetry(true)}. */
        public Builder clientTelemetry() {
            return clientTelemetry(true);
        }

        /**
         * Whether the brokers record the KIP-714 telemetry clients push (default false), readable with
         * {@link EmbeddedKafkaCluster#clientTelemetry()}. Enabling it installs a telemetry receiver plugin in the
         * brokers, without which they do not offer the telemetry APIs at all; so it also decides whether clients
         * see telemetry as supported. Clients push only once a subscription matches them
         * ({@link EmbeddedKafkaCluster#setClientMetricsSubscription}).
         */
        public Builder clientTelemetry(boolean enabled) {
            this.clientTelemetry = enabled;
            return this;
        }

        /**
         * Adds a client-facing listener. The first one added is the one {@link #bootstrapServers()} and
         * {@link #clientConfigs()} describe, and the inter-broker listener unless {@link #interBrokerListener} says
         * otherwise. Without any, the cluster has one {@code PLAINTEXT} listener.
         */
        public Builder listener(Listener listener) {
            Objects.requireNonNull(listener, "listener");
            if (listeners.stream().anyMatch(l -> l.name().equals(listener.name()))) {
                throw new IllegalArgumentException("listener " + listener.name() + " added twice");
            }
            listeners.add(listener);
            return this;
        }

        /** Which listener the brokers (and the admin agent) use among themselves. */
        public Builder interBrokerListener(String name) {
            this.interBrokerListener = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Where the cluster's temporary directory is created (default {@code java.io.tmpdir}). */
        public Builder baseDirectory(Path directory) {
            this.baseDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * JVM options of each node, replacing the defaults {@code -Xms256m -Xmx1g -XX:+UseSerialGC
         * -XX:+ExitOnOutOfMemoryError}. The serial collector suits a small heap on a machine with few cores, where
         * several brokers and the tests share the CPUs.
         */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** How long {@link #start()} and {@link #restartNode} may take (default 120 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = positive(timeout, "startTimeout");
            return this;
        }

        /**
         * Grace period of {@link #stopNode} before the node is killed (default 30 s). A node that is the last of its
         * KRaft quorum never finishes a graceful stop, so stopping the last nodes of a cluster takes this long.
         */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = positive(timeout, "stopTimeout");
            return this;
        }

        /** How long an admin operation (create, describe, delete topic) may take (default 60 s). */
        public Builder operationTimeout(Duration timeout) {
            this.operationTimeout = positive(timeout, "operationTimeout");
            return this;
        }

        /**
         * Checks the settings and resolves the Kafka version; starts nothing.
         *
         * @throws KafkaEmbeddedException if the version is not available or its jars are missing from the local
         *                                Maven repository (the message says what to run)
         */
        public EmbeddedKafkaCluster build() {
            return new EmbeddedKafkaCluster(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
