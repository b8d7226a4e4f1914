package io.samsa.kafka.embedded.fork;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.AlterUserScramCredentialsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateAclsOptions;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.DescribeAclsOptions;
import org.apache.kafka.clients.admin.DescribeUserScramCredentialsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DeleteTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeProducersOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Runs in a small forked JVM, one per cluster, and performs admin operations with Kafka's own {@link Admin}
 * client on behalf of the parent, which must not have kafka-clients on its classpath.
 *
 * <pre>
 * AdminAgent --parent-pid PID CLIENT_PROPERTIES
 * </pre>
 *
 * <h2>Protocol</h2>
 * One request per line on stdin, one response line per request on stdout. Every token is URL-encoded (UTF-8) and
 * tokens are separated by single spaces, so config values with spaces or '=' travel safely:
 * <pre>
 * request:  ID COMMAND TIMEOUT_MS ARG...
 * response: ID OK TOKEN...      |   ID ERR MESSAGE      |   ID NOT_READY MESSAGE
 * </pre>
 * The request id lets the parent drop a late answer to a request it already gave up on. Commands:
 * <ul>
 *   <li>{@code PING} &rarr; {@code OK}</li>
 *   <li>{@code CHECK_BROKERS ID...} &rarr; {@code OK} once every listed broker is registered and itself answers a
 *       request (a {@code DescribeConfigs} routed to that broker), else {@code NOT_READY}. Asking the broker itself
 *       matters after a restart: the controller may still list the previous, killed incarnation.</li>
 *   <li>{@code DESCRIBE_CLUSTER} &rarr; {@code OK ID=HOST:PORT...}</li>
 *   <li>{@code CREATE_TOPIC NAME PARTITIONS RF [KEY=VALUE]...} &rarr; {@code OK} once every partition has a
 *       leader and every live broker knows the topic</li>
 *   <li>{@code DESCRIBE_TOPIC NAME} &rarr; {@code OK PARTITION:LEADER:REPLICAS:ISR...}, lists comma-separated,
 *       leader -1 when there is none</li>
 *   <li>{@code DELETE_TOPIC NAME} &rarr; {@code OK} once the topic no longer appears in the topic list</li>
 *   <li>{@code LIST_TOPICS} &rarr; {@code OK NAME...}</li>
 * </ul>
 * <ul>
 *   <li>{@code UPSERT_SCRAM USER MECHANISM ITERATIONS PASSWORD} &rarr; {@code OK} once the broker answering
 *       {@code DescribeUserScramCredentials} lists the credential ({@code Admin.alterUserScramCredentials})</li>
 *   <li>{@code CREATE_ACL PRINCIPAL RESOURCE_TYPE RESOURCE_NAME PATTERN_TYPE OPERATION PERMISSION} &rarr;
 *       {@code OK} once {@code DescribeAcls} returns the binding ({@code Admin.createAcls}); the enum values are
 *       Kafka's names ({@code TOPIC}, {@code LITERAL}, {@code WRITE}, {@code ALLOW}, ...)</li>
 *   <li>{@code SET_CLIENT_METRICS NAME INTERVAL_MS METRICS [MATCH]...} &rarr; {@code OK} once
 *       {@code DescribeConfigs} shows the KIP-714 client metrics subscription; METRICS is Kafka's comma-separated
 *       prefix list ({@code *} for all, empty for none), each MATCH a {@code key=regex} entry of its {@code match}
 *       list (none: every client)</li>
 *   <li>{@code DELETE_CLIENT_METRICS NAME} &rarr; {@code OK} once {@code DescribeConfigs} no longer shows it</li>
 * </ul>
 *
 * <p>Only Admin APIs present in both Kafka 3.9 and 4.1 are used, since this class runs against either.
 *
 * <p>Threads: the main thread owns the {@link Admin} and handles requests one at a time. Kafka's client logs go
 * to stderr, which the parent sends to a log file; {@code System.out} is pointed at stderr too so that nothing but
 * protocol lines reaches the parent.
 */
public final class AdminAgent {

    /** A request could not be served yet; the parent polls again. */
    private static final class NotReady extends Exception {
        NotReady(String message) {
            super(message, null, false, false);
        }
    }

    private final Admin admin;

    private AdminAgent(Admin admin) {
        this.admin = admin;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !args[0].equals("--parent-pid")) {
            System.err.println("usage: AdminAgent --parent-pid PID CLIENT_PROPERTIES");
            System.exit(NodeMain.USAGE_STATUS);
        }
        // stdin is the command stream: its end is our normal end, so only the pid poller watches the parent.
        ParentWatchdog.start(Long.parseLong(args[1]), false);

        PrintWriter protocol = new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), false);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));

        Properties config = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(args[2]), StandardCharsets.UTF_8)) {
            config.load(reader);
        }
        // Quick reconnects: the agent mostly polls brokers that are starting or were just killed.
        config.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
        config.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        config.putIfAbsent(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "100");
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "samsa-embedded-admin-agent");

        try (Admin admin = Admin.create(config)) {
            new AdminAgent(admin).serve(System.in, protocol);
        }
        System.exit(0);
    }

    private void serve(InputStream in, PrintWriter out) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            List<String> tokens = Arrays.stream(line.trim().split(" "))
                    .map(t -> URLDecoder.decode(t, StandardCharsets.UTF_8))
                    .collect(Collectors.toList());
            String id = tokens.get(0);
            String response;
            try {
                if (tokens.size() < 3) {
                    throw new IllegalArgumentException("expected 'ID COMMAND TIMEOUT_MS ARG...', got: " + line);
                }
                String command = tokens.get(1);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(tokens.get(2)));
                response = "OK" + encodeAll(execute(command, tokens.subList(3, tokens.size()), deadline));
            } catch (NotReady e) {
                response = "NOT_READY " + encode(e.getMessage());
            } catch (Exception e) {
                response = "ERR " + encode(describe(e));
            }
            out.println(encode(id) + " " + response);
            out.flush();
        }
    }

    private List<String> execute(String command, List<String> args, long deadline) throws Exception {
        return switch (command) {
            case "PING" -> List.of();
            case "CHECK_BROKERS" -> checkBrokers(args, deadline);
            case "DESCRIBE_CLUSTER" -> describeCluster(deadline);
            case "CREATE_TOPIC" -> createTopic(args, deadline);
            case "DESCRIBE_TOPIC" -> describeTopic(arg(args, 0, "topic name"), deadline);
            case "DELETE_TOPIC" -> deleteTopic(arg(args, 0, "topic name"), deadline);
            case "LIST_TOPICS" -> new ArrayList<>(listTopics(deadline));
            case "UPSERT_SCRAM" -> upsertScram(args, deadline);
            case "CREATE_ACL" -> createAcl(args, deadline);
            case "SET_CLIENT_METRICS" -> setClientMetrics(args, deadline);
            case "DELETE_CLIENT_METRICS" -> deleteClientMetrics(arg(args, 0, "subscription name"), deadline);
            default -> throw new IllegalArgumentException("unknown admin agent command '" + command + "'");
        };
    }

    private List<String> checkBrokers(List<String> args, long deadline) throws Exception {
        Set<Integer> wanted = args.stream().map(Integer::valueOf).collect(Collectors.toSet());
        Collection<Node> nodes;
        try {
            nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(remainingMs(deadline)))
                    .nodes().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new NotReady("cluster not reachable yet: " + describe(e));
        }
        Set<Integer> registered = nodes.stream().map(Node::id).collect(Collectors.toSet());
        if (!registered.containsAll(wanted)) {
            Set<Integer> missing = new HashSet<>(wanted);
            missing.removeAll(registered);
            throw new NotReady("brokers " + missing + " not registered yet (registered: " + registered + ")");
        }
        List<ConfigResource> resources = wanted.stream()
                .map(id -> new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(id)))
                .collect(Collectors.toList());
        try {
            admin.describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(remainingMs(deadline)))
                    .all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new NotReady("brokers " + wanted + " registered but not all answering yet: " + describe(e));
        }
        return List.of();
    }

    private List<String> describeCluster(long deadline) throws Exception {
        Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(remainingMs(deadline)))
                .nodes().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        return nodes.stream()
                .sorted((a, b) -> Integer.compare(a.id(), b.id()))
                .map(n -> n.id() + "=" + n.host() + ":" + n.port())
                .collect(Collectors.toList());
    }

    /** Partitions one CreateTopics or CreatePartitions request adds: below the controller's 10,000 records. */
    static final int MAX_PARTITIONS_PER_REQUEST = 9_000;

    private List<String> createTopic(List<String> args, long deadline) throws Exception {
        String name = arg(args, 0, "topic name");
        int partitions = Integer.parseInt(arg(args, 1, "partition count"));
        short replicationFactor = Short.parseShort(arg(args, 2, "replication factor"));
        Map<String, String> configs = new HashMap<>();
        for (String kv : args.subList(3, args.size())) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("topic config must be KEY=VALUE, got '" + kv + "'");
            }
            configs.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        // The controller writes a topic's creation as one metadata batch (the topic's record plus one per
        // partition) and refuses a batch of more than 10,000 records ("excessively large batch operation"), so a
        // larger topic is created in steps: the first ones, then the rest added by CreatePartitions.
        int first = Math.min(partitions, MAX_PARTITIONS_PER_REQUEST);
        NewTopic topic = new NewTopic(name, first, replicationFactor).configs(configs);
        admin.createTopics(List.of(topic), new CreateTopicsOptions().timeoutMs(remainingMs(deadline)))
                .all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        for (int count = first; count < partitions; ) {
            count = Math.min(partitions, count + MAX_PARTITIONS_PER_REQUEST);
            admin.createPartitions(Map.of(name, NewPartitions.increaseTo(count)),
                            new CreatePartitionsOptions().timeoutMs(remainingMs(deadline)))
                    .all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        }

        // Created means the controller accepted it; clients need a leader for every partition.
        while (true) {
            List<String> withoutLeader = new ArrayList<>();
            try {
                TopicDescription description = describe(name, deadline);
                if (description.partitions().size() < partitions) {
                    withoutLeader.add("(only " + description.partitions().size() + " of " + partitions + " partitions known)");
                }
                for (TopicPartitionInfo p : description.partitions()) {
                    if (leaderId(p) < 0) {
                        withoutLeader.add(Integer.toString(p.partition()));
                    }
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                withoutLeader.add("(topic not in metadata yet)");
            }
            if (withoutLeader.isEmpty()) {
                awaitKnownToEveryBroker(name, deadline);
                return List.of();
            }
            if (remainingMs(deadline) <= 1) {
                throw new TimeoutException("topic '" + name + "' was created but partitions " + withoutLeader
                        + " have no leader yet");
            }
            pause();
        }
    }

    /**
     * Waits until every live broker's metadata has the topic, so that a client may ask any of them right after
     * createTopic returns. Describing the topic is not enough: the Admin client asks whichever broker it likes, and
     * in a multi-node cluster another broker may not have applied the new metadata yet (seen with 3.9).
     *
     * <p>We ask each broker in turn with {@code DescribeProducers} pinned to it ({@code brokerId} option) for
     * partition 0 (a topic's partitions are created in one atomic metadata batch, so one partition tells for all).
     * A broker that knows the topic answers at once, with the partition's producers if it leads it or with
     * {@code NOT_LEADER_OR_FOLLOWER} if it does not; one that does not know it yet answers
     * {@code UNKNOWN_TOPIC_OR_PARTITION}, which the Admin client retries on its own until the broker catches up.
     * Brokers that drop out of the cluster meanwhile (killed) are not waited for.
     */
    private void awaitKnownToEveryBroker(String topic, long deadline) throws Exception {
        TopicPartition partition0 = new TopicPartition(topic, 0);
        Set<Integer> confirmed = new HashSet<>();
        while (true) {
            Set<Integer> pending = new TreeSet<>();
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(Math.min(remainingMs(deadline), 5_000)))
                    .nodes().get(remainingMs(deadline), TimeUnit.MILLISECONDS)
                    .forEach(n -> pending.add(n.id()));
            pending.removeAll(confirmed);
            if (pending.isEmpty()) {
                return;
            }
            for (int brokerId : pending) {
                int wait = Math.min(remainingMs(deadline), 5_000);
                try {
                    admin.describeProducers(List.of(partition0), new DescribeProducersOptions().brokerId(brokerId).timeoutMs(wait))
                            .partitionResult(partition0).get(wait + 1_000L, TimeUnit.MILLISECONDS);
                    confirmed.add(brokerId);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof NotLeaderOrFollowerException) {
                        confirmed.add(brokerId);
                    } else if (!(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException)) {
                        throw e;
                    }
                } catch (TimeoutException e) {
                    // not yet: re-check below whether that broker is still part of the cluster
                }
                if (remainingMs(deadline) <= 1) {
                    throw new TimeoutException("topic '" + topic + "' was created, but not all brokers know it yet "
                            + "(confirmed: " + confirmed + ")");
                }
            }
        }
    }

    private List<String> upsertScram(List<String> args, long deadline) throws Exception {
        String user = arg(args, 0, "user");
        ScramMechanism mechanism = ScramMechanism.fromMechanismName(arg(args, 1, "mechanism"));
        if (mechanism == ScramMechanism.UNKNOWN) {
            throw new IllegalArgumentException("unknown SCRAM mechanism '" + args.get(1) + "'");
        }
        int iterations = Integer.parseInt(arg(args, 2, "iterations"));
        String password = arg(args, 3, "password");
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                        new ScramCredentialInfo(mechanism, iterations), password)),
                new AlterUserScramCredentialsOptions().timeoutMs(remainingMs(deadline)))
                .all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        // The controller committed it; wait until a broker serves it (brokers apply metadata asynchronously).
        while (true) {
            try {
                UserScramCredentialsDescription d = admin.describeUserScramCredentials(List.of(user),
                                new DescribeUserScramCredentialsOptions().timeoutMs(remainingMs(deadline)))
                        .description(user).get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                if (d.credentialInfos().stream().anyMatch(i -> i.mechanism() == mechanism)) {
                    return List.of();
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.ResourceNotFoundException)) {
                    throw e;
                }
            }
            if (remainingMs(deadline) <= 1) {
                throw new TimeoutException("SCRAM credential for '" + user + "' was stored but is not served yet");
            }
            pause();
        }
    }

    private List<String> createAcl(List<String> args, long deadline) throws Exception {
        ResourcePattern pattern = new ResourcePattern(ResourceType.valueOf(arg(args, 1, "resource type")),
                arg(args, 2, "resource name"), PatternType.valueOf(arg(args, 3, "pattern type")));
        AccessControlEntry entry = new AccessControlEntry(arg(args, 0, "principal"), "*",
                AclOperation.valueOf(arg(args, 4, "operation")), AclPermissionType.valueOf(arg(args, 5, "permission")));
        AclBinding binding = new AclBinding(pattern, entry);
        admin.createAcls(List.of(binding), new CreateAclsOptions().timeoutMs(remainingMs(deadline)))
                .all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        while (!admin.describeAcls(binding.toFilter(), new DescribeAclsOptions().timeoutMs(remainingMs(deadline)))
                .values().get(remainingMs(deadline), TimeUnit.MILLISECONDS).contains(binding)) {
            if (remainingMs(deadline) <= 1) {
                throw new TimeoutException("ACL " + binding + " was created but is not served yet");
            }
            pause();
        }
        return List.of();
    }

    /**
     * Creates or replaces a client metrics subscription with {@code incrementalAlterConfigs} on a
     * {@code CLIENT_METRICS} resource (the configs {@code metrics}, {@code interval.ms} and {@code match} of Kafka's
     * {@code ClientMetricsConfigs}; the broker accepts intervals from 100 ms to one hour). An empty match list is
     * deleted rather than set, so a replaced subscription does not keep an old filter.
     */
    private List<String> setClientMetrics(List<String> args, long deadline) throws Exception {
        String name = arg(args, 0, "subscription name");
        String interval = arg(args, 1, "interval.ms");
        String metrics = arg(args, 2, "metrics");
        String match = String.join(",", args.subList(3, args.size()));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.CLIENT_METRICS, name);
        List<AlterConfigOp> ops = List.of(
                new AlterConfigOp(new ConfigEntry("metrics", metrics), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("interval.ms", interval), AlterConfigOp.OpType.SET),
                match.isEmpty()
                        ? new AlterConfigOp(new ConfigEntry("match", null), AlterConfigOp.OpType.DELETE)
                        : new AlterConfigOp(new ConfigEntry("match", match), AlterConfigOp.OpType.SET));
        admin.incrementalAlterConfigs(Map.of(resource, ops), new AlterConfigsOptions().timeoutMs(remainingMs(deadline)))
                .all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        // The controller committed it; brokers apply metadata asynchronously.
        while (true) {
            Config config = clientMetricsConfig(resource, deadline);
            if (config != null && dynamicValue(config, "interval.ms").equals(interval)
                    && dynamicValue(config, "metrics").equals(metrics)) {
                return List.of();
            }
            if (remainingMs(deadline) <= 1) {
                throw new TimeoutException("client metrics subscription '" + name + "' was stored but is not served yet");
            }
            pause();
        }
    }

    private List<String> deleteClientMetrics(String name, long deadline) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.CLIENT_METRICS, name);
        List<AlterConfigOp> ops = new ArrayList<>();
        for (String key : List.of("metrics", "interval.ms", "match")) {
            ops.add(new AlterConfigOp(new ConfigEntry(key, null), AlterConfigOp.OpType.DELETE));
        }
        admin.incrementalAlterConfigs(Map.of(resource, ops), new AlterConfigsOptions().timeoutMs(remainingMs(deadline)))
                .all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        while (true) {
            Config config = clientMetricsConfig(resource, deadline);
            if (config == null || config.entries().stream()
                    .noneMatch(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_CLIENT_METRICS_CONFIG)) {
                return List.of();
            }
            if (remainingMs(deadline) <= 1) {
                throw new TimeoutException("client metrics subscription '" + name + "' was deleted but is still served");
            }
            pause();
        }
    }

    /** The subscription's configs, or null if the broker does not know it. */
    private Config clientMetricsConfig(ConfigResource resource, long deadline) throws Exception {
        try {
            return admin.describeConfigs(List.of(resource), new DescribeConfigsOptions().timeoutMs(remainingMs(deadline)))
                    .all().get(remainingMs(deadline), TimeUnit.MILLISECONDS).get(resource);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.ResourceNotFoundException) {
                return null;
            }
            throw e;
        }
    }

    /** A config's value if it was set on the subscription, else "" (defaults do not count). */
    private static String dynamicValue(Config config, String name) {
        ConfigEntry entry = config.get(name);
        return entry == null || entry.source() != ConfigEntry.ConfigSource.DYNAMIC_CLIENT_METRICS_CONFIG
                || entry.value() == null ? "" : entry.value();
    }

    private List<String> describeTopic(String name, long deadline) throws Exception {
        TopicDescription description = describe(name, deadline);
        List<String> out = new ArrayList<>();
        for (TopicPartitionInfo p : description.partitions()) {
            out.add(p.partition() + ":" + leaderId(p) + ":" + ids(p.replicas()) + ":" + ids(p.isr()));
        }
        return out;
    }

    private List<String> deleteTopic(String name, long deadline) throws Exception {
        admin.deleteTopics(List.of(name), new DeleteTopicsOptions().timeoutMs(remainingMs(deadline)))
                .all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        while (listTopics(deadline).contains(name)) {
            if (remainingMs(deadline) <= 1) {
                throw new TimeoutException("topic '" + name + "' was deleted but is still listed");
            }
            pause();
        }
        return List.of();
    }

    private Set<String> listTopics(long deadline) throws Exception {
        return new TreeSet<>(admin.listTopics(new ListTopicsOptions().timeoutMs(remainingMs(deadline)))
                .names().get(remainingMs(deadline), TimeUnit.MILLISECONDS));
    }

    private TopicDescription describe(String name, long deadline) throws Exception {
        Map<String, TopicDescription> all = admin
                .describeTopics(List.of(name), new DescribeTopicsOptions().timeoutMs(remainingMs(deadline)))
                .allTopicNames().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        return all.get(name);
    }

    private static int leaderId(TopicPartitionInfo p) {
        Node leader = p.leader();
        return leader == null || leader.isEmpty() ? -1 : leader.id();
    }

    private static String ids(List<Node> nodes) {
        if (nodes.isEmpty()) {
            return "-";
        }
        StringJoiner joiner = new StringJoiner(",");
        nodes.forEach(n -> joiner.add(Integer.toString(n.id())));
        return joiner.toString();
    }

    private static String arg(List<String> args, int index, String what) {
        if (args.size() <= index) {
            throw new IllegalArgumentException("missing " + what);
        }
        return args.get(index);
    }

    private static int remainingMs(long deadline) throws TimeoutException {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) {
            throw new TimeoutException("the request's time ran out");
        }
        return (int) Math.min(Integer.MAX_VALUE, remaining);
    }

    /** Interval between metadata polls while waiting for leaders or a deletion; bounded by the request deadline. */
    private static void pause() throws InterruptedException {
        Thread.sleep(100);
    }

    /** One line naming Kafka's exception (e.g. {@code TopicExistsException: ...}) rather than the future's wrapper. */
    private static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? "" : ": " + t.getMessage();
        return (t.getClass().getSimpleName() + message).replace('\n', ' ').replace('\r', ' ');
    }

    private static String encodeAll(List<String> tokens) {
        StringBuilder sb = new StringBuilder();
        for (String token : tokens) {
            sb.append(' ').append(encode(token));
        }
        return sb.toString();
    }

    private static String encode(String token) {
        return URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}
