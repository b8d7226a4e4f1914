package io.samsa.metadata;

import io.samsa.common.Cluster;
import io.samsa.common.TopicMetadata;

import io.samsa.common.utils.ExponentialBackoff;
import io.samsa.common.Node;
import io.samsa.common.PartitionInfo;
import io.samsa.common.utils.Time;
import io.samsa.common.TopicPartition;
import io.samsa.common.errors.ApiException;
import io.samsa.common.errors.ClosedException;
import io.samsa.common.errors.Errors;
import io.samsa.common.KafkaException;
import io.samsa.common.errors.TimeoutException;
import io.samsa.network.ClientRequest;
import io.samsa.network.IoService;
import io.samsa.network.NetworkClient;
import io.samsa.protocol.MetadataRequest;
import io.samsa.protocol.MetadataResponse;
import io.samsa.protocol.NodeApiVersions;
import io.samsa.protocol.ProduceResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps the cluster metadata fresh: which brokers exist (node id to address), which partitions each topic
 * has, and who leads them.
 *
 * <p><b>Threading.</b> Runs on the I/O thread (it is an {@link IoService}); all fields but {@link #cluster}
 * are owned by it. The current {@link Cluster} snapshot is published through a volatile field for any thread
 * to read.
 *
 * <p><b>When it refreshes.</b> When asked ({@link #requestUpdate()}: a leader error, a disconnect, a new
 * topic), and when the snapshot is older than {@code metadata.max.age.ms}. Attempts are spaced by
 * {@code retry.backoff.ms}, growing exponentially to {@code retry.backoff.max.ms} while they fail.
 *
 * <p><b>Where it asks.</b> The least loaded broker with a ready connection; failing that, a broker it is
 * already connecting to; failing that, it opens a connection to the next broker in turn. Before the first
 * answer the only brokers known are the bootstrap servers; if one is down, the next is tried.
 *
 * <p><b>Rebootstrap</b> ({@code metadata.recovery.strategy}, KIP-899 / KIP-1102). Once metadata has arrived, only
 * the brokers it lists are asked. If all of them went away (every broker replaced, addresses changed), the client
 * would be stuck. With {@code rebootstrap} (the default, as in Apache Kafka 4.x) it forgets the brokers it knows
 * and starts again from {@code bootstrap.servers} (host names are resolved again at each connection attempt)
 * when a refresh has been due for {@code metadata.recovery.rebootstrap.trigger.ms} without any metadata
 * arriving, or at once when a broker answers a Metadata request with REBOOTSTRAP_REQUIRED. With {@code none}
 * it never does: it keeps trying the brokers it knows, and REBOOTSTRAP_REQUIRED counts as a failed attempt.
 *
 * <p>Stale answers are ignored partition by partition: a partition whose leader epoch in the response is
 * older than the one we know keeps what we know (a lagging broker must not roll leadership back).
 */
public final class MetadataManager implements IoService, NetworkClient.ConnectionListener {
    private static final Logger log = LoggerFactory.getLogger(MetadataManager.class);

    /**
     * Settings, already validated by the configuration table; names are the Kafka producer config keys.
     * {@code rebootstrap} is
     * {@code metadata.recovery.strategy=rebootstrap} (false: {@code none}); {@code rebootstrapTriggerMs} is
     * {@code metadata.recovery.rebootstrap.trigger.ms}.
     */
    public record Config(long metadataMaxAgeMs, long metadataMaxIdleMs, long retryBackoffMs, long retryBackoffMaxMs,
                         boolean allowAutoTopicCreation, boolean rebootstrap, long rebootstrapTriggerMs) {
    }

    /**
     * Tells when a topic was last used, for {@code metadata.max.idle.ms}: a producer that once wrote to many
     * topics must not keep fetching all of them for ever. Called on the I/O thread.
     */
    public interface TopicUsage {
        /** Never idle: for clients that ask for topics explicitly. */
        TopicUsage ALWAYS_IN_USE = (topic, nowMs) -> nowMs;

        /** When the topic last had data, {@code nowMs} if it has data now, or -1 if never. */
        long lastUsedMs(String topic, long nowMs);
    }

    private final NetworkClient client;
    private final Time time;
    private final List<Node> bootstrap;
    private final Config config;
    /** Spaces failed attempts: {@code retry.backoff.ms} doubling up to {@code retry.backoff.max.ms}. */
    private final ExponentialBackoff retryBackoff;
    private volatile Cluster cluster = Cluster.empty();

    // ---- I/O thread only ----
    private final Set<String> topics = new LinkedHashSet<>();
    /** When each topic was last asked for (addTopics / await); with {@link #usage}, decides idleness. */
    private final Map<String, Long> topicAddedMs = new HashMap<>();
    private TopicUsage usage = TopicUsage.ALWAYS_IN_USE;
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean updateRequested;
    private boolean inFlight;
    /** Volatile: the {@code metadata-age} gauge reads it on any thread. */
    private volatile long lastSuccessMs = -1;
    private long nextAttemptMs;
    private int consecutiveFailures;
    private int nextNodeIndex;
    private KafkaException lastError;
    private boolean closed;
    /** Counts successful metadata responses; a waiter can ask for one newer than it has seen. */
    private long updateCount;
    /** Since when a refresh has been due without metadata arriving, or -1 when none is due (rebootstrap timer). */
    private long dueSinceMs = -1;
    /** How many times the client went back to {@code bootstrap.servers}. */
    private long rebootstrapCount;

    private static final class Waiter {
        final Set<String> topics;
        final CompletableFuture<Cluster> future;
        final long deadlineMs;
        final long startMs;
        /** Only a snapshot from a response after this many updates will do. */
        final long minUpdateCount;

        Waiter(Set<String> topics, CompletableFuture<Cluster> future, long startMs, long deadlineMs,
               long minUpdateCount) {
            this.topics = topics;
            this.future = future;
            this.startMs = startMs;
            this.deadlineMs = deadlineMs;
            this.minUpdateCount = minUpdateCount;
        }
    }

    /**
     * @param bootstrap the bootstrap servers as nodes with ids -1, -2, ... (see {@link BootstrapServers})
     */
    public MetadataManager(NetworkClient client, Time time, List<Node> bootstrap, Config config) {
        if (bootstrap.isEmpty()) {
            throw new IllegalArgumentException("bootstrap.servers must name at least one broker");
        }
        this.client = client;
        this.time = time;
        this.bootstrap = List.copyOf(bootstrap);
        this.config = config;
        this.retryBackoff = new ExponentialBackoff(config.retryBackoffMs(), 2, config.retryBackoffMaxMs(),
                ExponentialBackoff.KAFKA_JITTER);
        this.nextNodeIndex = ThreadLocalRandom.current().nextInt(bootstrap.size());
        client.setListener(this);
    }

    /** The latest snapshot. Any thread. */
    public Cluster cluster() {
        return cluster;
    }

    /** When metadata was last fetched successfully, or -1 before the first time. Any thread. */
    public long lastSuccessfulRefreshMs() {
        return lastSuccessMs;
    }

    // ---- I/O thread API ---------------------------------------------------------------------------------

    /** Who can tell whether a topic is still in use ({@code metadata.max.idle.ms}). Before the I/O thread starts. */
    public void setTopicUsage(TopicUsage usage) {
        this.usage = usage;
    }

    /** Adds topics to those kept in the metadata; a topic not seen before triggers a refresh. */
    public void addTopics(Collection<String> names) {
        long now = time.milliseconds();
        for (String t : names) {
            topicAddedMs.put(t, now);
            if (topics.add(t) && cluster.topic(t) == null) {
                updateRequested = true;
            }
        }
    }

    /**
     * Drops topics nobody used for {@code metadata.max.idle.ms} from the topics we fetch (as Apache's producer
     * does), so their metadata stops being requested and leaves the snapshot with the next response. A later
     * send to one of them parks its record and adds the topic again. Topics waited on are never dropped.
     */
    private void expireIdleTopics(long nowMs) {
        for (Iterator<String> it = topics.iterator(); it.hasNext(); ) {
            String t = it.next();
            long lastUsed = Math.max(topicAddedMs.getOrDefault(t, -1L), usage.lastUsedMs(t, nowMs));
            if (nowMs - lastUsed >= config.metadataMaxIdleMs() && !awaited(t)) {
                log.debug("Topic {} unused for {} ms (metadata.max.idle.ms={}): no longer fetching its metadata",
                        t, nowMs - lastUsed, config.metadataMaxIdleMs());
                it.remove();
                topicAddedMs.remove(t);
            }
        }
    }

    private boolean awaited(String topic) {
        for (Waiter w : waiters) {
            if (w.topics.contains(topic)) {
                return true;
            }
        }
        return false;
    }

    /** Asks for a refresh as soon as the backoff allows. */
    public void requestUpdate() {
        updateRequested = true;
    }

    /**
     * Completes with the first snapshot in which every topic is known and has no error; fails with
     * {@link ApiException} if the broker reports a non-retriable error for one of them (e.g. authorization),
     * or with {@link TimeoutException} at the deadline (the message names the topics and the last error).
     */
    public CompletableFuture<Cluster> awaitTopics(Collection<String> names, long nowMs, long deadlineMs) {
        return await(names, nowMs, deadlineMs, 0);
    }

    /**
     * Like {@link #awaitTopics} but only a snapshot from a metadata response received after this call will do:
     * for callers that know the current snapshot is stale (a leader moved).
     */
    public CompletableFuture<Cluster> awaitUpdate(Collection<String> names, long nowMs, long deadlineMs) {
        updateRequested = true;
        return await(names, nowMs, deadlineMs, updateCount + 1);
    }

    private CompletableFuture<Cluster> await(Collection<String> names, long nowMs, long deadlineMs, long minUpdate) {
        CompletableFuture<Cluster> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new ClosedException("The metadata manager is closed"));
            return f;
        }
        addTopics(names);
        Waiter w = new Waiter(new LinkedHashSet<>(names), f, nowMs, deadlineMs, minUpdate);
        if (!tryComplete(w, cluster)) {
            waiters.add(w);
            updateRequested = true;
        }
        return f;
    }

    @Override
    public long poll(long nowMs) {
        if (closed) {
            return Long.MAX_VALUE;
        }
        long wait = expireWaiters(nowMs);
        if (inFlight) {
            return wait;
        }
        long due = updateDueInMs(nowMs);
        if (due == Long.MAX_VALUE || due > 0 && !updateNeeded(nowMs)) {
            return Math.min(wait, due); // nothing due: the next due time is when the snapshot gets too old
        }
        if (dueSinceMs < 0) {
            dueSinceMs = nowMs;
        }
        if (rebootstrapDue(nowMs)) {
            rebootstrap("no metadata from any known broker for " + (nowMs - dueSinceMs)
                    + " ms (metadata.recovery.rebootstrap.trigger.ms=" + config.rebootstrapTriggerMs() + ")", nowMs);
            due = 0; // ask a bootstrap server now: the backoff was for the brokers just forgotten
        }
        if (due > 0) {
            // Backing off after a failure; the rebootstrap timer may fire before the backoff ends.
            return Math.min(wait, Math.min(due, rebootstrapInMs(nowMs)));
        }
        Node node = chooseNode(nowMs);
        if (node == null) {
            // Every candidate is backing off (or a connection is being set up): look again shortly.
            return Math.min(wait, Math.max(1, minConnectionDelay(nowMs)));
        }
        sendMetadataRequest(node, nowMs);
        return wait;
    }

    private boolean updateNeeded(long nowMs) {
        return updateRequested || !waiters.isEmpty()
                || (lastSuccessMs >= 0 && nowMs - lastSuccessMs >= config.metadataMaxAgeMs());
    }

    private long updateDueInMs(long nowMs) {
        if (!updateNeeded(nowMs)) {
            return lastSuccessMs < 0 ? Long.MAX_VALUE : lastSuccessMs + config.metadataMaxAgeMs() - nowMs;
        }
        return Math.max(0, nextAttemptMs - nowMs);
    }

    /**
     * Whether to go back to {@code bootstrap.servers}: strategy {@code rebootstrap}, the brokers asked are those
     * of earlier metadata (not already the bootstrap servers), and a refresh has been due for the trigger time
     * with no metadata arriving from any of them.
     */
    private boolean rebootstrapDue(long nowMs) {
        return config.rebootstrap() && !cluster.nodes().isEmpty() && dueSinceMs >= 0
                && nowMs - dueSinceMs >= config.rebootstrapTriggerMs();
    }

    private long rebootstrapInMs(long nowMs) {
        if (!config.rebootstrap() || cluster.nodes().isEmpty() || dueSinceMs < 0) {
            return Long.MAX_VALUE;
        }
        return Math.max(1, dueSinceMs + config.rebootstrapTriggerMs() - nowMs);
    }

    /**
     * Forgets every broker (and with them the topics' leaders) and goes back to {@code bootstrap.servers}, as
     * Apache's client does: the next Metadata request goes to a bootstrap server, resolved again when connecting.
     * Records already queued wait for the new leaders (within {@code delivery.timeout.ms}); new sends wait for
     * the topics' metadata as at start-up. The topics we fetch are kept.
     */
    private void rebootstrap(String why, long nowMs) {
        rebootstrapCount++;
        log.info("Rebootstrapping from bootstrap.servers {}: {}", bootstrapAddresses(), why);
        cluster = new Cluster(null, -1, List.of(), Map.of(), -1);
        updateRequested = true;
        consecutiveFailures = 0;
        nextAttemptMs = nowMs;
        dueSinceMs = nowMs; // the bootstrap servers get their own trigger period (not used while on them)
    }

    /** How many times the client went back to {@code bootstrap.servers} ({@code metadata.recovery.strategy}). */
    /**
     * Why the last metadata request failed, or why a topic is missing from the last answer; null after a request
     * that succeeded with nothing missing. I/O thread.
     */
    public KafkaException lastError() {
        return lastError;
    }

    public long rebootstrapCount() {
        return rebootstrapCount;
    }

    /** The broker to ask, or null to wait. May start a connection. */
    private Node chooseNode(long nowMs) {
        List<Node> candidates = candidates();
        Node best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (Node n : candidates) {
            if (client.isConnected(n.id())) {
                int load = client.pendingCount(n.id());
                if (load < bestLoad) {
                    best = n;
                    bestLoad = load;
                }
            }
        }
        if (best != null) {
            return best;
        }
        for (Node n : candidates) {
            if (client.isConnecting(n.id())) {
                return null; // a connection is on its way; its handshake will wake us
            }
        }
        for (int i = 0; i < candidates.size(); i++) {
            Node n = candidates.get((nextNodeIndex + i) % candidates.size());
            if (client.connectionDelay(n.id(), nowMs) == 0) {
                nextNodeIndex = (nextNodeIndex + i + 1) % candidates.size();
                return n; // send() connects; the request waits for the handshake
            }
        }
        return null;
    }

    private List<Node> candidates() {
        Collection<Node> known = cluster.nodes();
        return known.isEmpty() ? bootstrap : new ArrayList<>(known);
    }

    private long minConnectionDelay(long nowMs) {
        long min = Long.MAX_VALUE;
        for (Node n : candidates()) {
            min = Math.min(min, client.connectionDelay(n.id(), nowMs));
        }
        return min == Long.MAX_VALUE ? config.retryBackoffMs() : Math.max(min, 1);
    }

    private void sendMetadataRequest(Node node, long nowMs) {
        inFlight = true;
        updateRequested = false;
        expireIdleTopics(nowMs);
        MetadataRequest request = MetadataRequest.forTopics(new ArrayList<>(topics), config.allowAutoTopicCreation());
        log.debug("Requesting metadata for {} from {}", topics, node);
        client.send(node, request, nowMs, this::onResponse);
    }

    private void onResponse(ClientRequest<MetadataResponse> req, MetadataResponse response, KafkaException error) {
        inFlight = false;
        long now = time.milliseconds();
        if (closed) {
            return;
        }
        if (error != null) {
            onFailure(error, now);
            return;
        }
        if (response.errorCode() == Errors.REBOOTSTRAP_REQUIRED.code()) {
            // KIP-1102: the cluster tells us our view is beyond repair; start again from bootstrap.servers
            // (with strategy none, Apache's client does not: the answer is a failed attempt, and we keep asking
            // the brokers we know after the backoff).
            KafkaException e = Errors.REBOOTSTRAP_REQUIRED.exception("Metadata from " + req.node()
                    + " requires a rebootstrap");
            if (config.rebootstrap() && !cluster.nodes().isEmpty()) {
                rebootstrap("broker " + req.node() + " answered REBOOTSTRAP_REQUIRED", now);
                lastError = e;
            } else if (config.rebootstrap()) {
                // Already asking the bootstrap servers: going back to them again at once would loop; back off.
                onFailure(e, now);
            } else {
                log.info("Broker {} asked for a rebootstrap, but metadata.recovery.strategy=none", req.node());
                onFailure(e, now);
            }
            return;
        }
        if (response.brokers().isEmpty()) {
            onFailure(new KafkaException("Metadata from " + req.node() + " listed no brokers"), now);
            return;
        }
        Cluster next = merge(cluster, response, now);
        cluster = next;
        updateCount++;
        lastSuccessMs = now;
        dueSinceMs = -1;
        consecutiveFailures = 0;
        lastError = null;
        nextAttemptMs = now + config.retryBackoffMs();
        boolean incomplete = false;
        for (String t : topics) {
            TopicMetadata tm = next.topic(t);
            if (tm == null || Errors.forCode(tm.errorCode()).retriable()) {
                incomplete = true;
                if (tm != null) {
                    lastError = Errors.exception("Topic " + t, t, Errors.forCode(tm.errorCode()), tm.errorCode(), null);
                }
            } else {
                for (PartitionInfo p : tm.partitions()) {
                    if (p.leader() == null) {
                        incomplete = true;
                        break;
                    }
                }
            }
        }
        if (incomplete) {
            updateRequested = true; // unknown topics and leaderless partitions: look again after the backoff
        }
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            if (tryComplete(it.next(), next)) {
                it.remove();
            }
        }
    }

    private void onFailure(KafkaException error, long now) {
        long backoff = retryBackoff.backoff(consecutiveFailures);
        consecutiveFailures++;
        lastError = error;
        updateRequested = true;
        nextAttemptMs = now + backoff;
        log.debug("Metadata request failed ({} in a row), next attempt in {} ms: {}", consecutiveFailures, backoff,
                error.getMessage());
    }

    private boolean tryComplete(Waiter w, Cluster c) {
        if (updateCount < w.minUpdateCount) {
            return false;
        }
        for (String t : w.topics) {
            TopicMetadata tm = c.topic(t);
            if (tm == null) {
                return false;
            }
            if (tm.hasError()) {
                if (Errors.forCode(tm.errorCode()).retriable()) {
                    return false;
                }
                w.future.completeExceptionally(Errors.exception("Metadata for topic " + t + " failed", t,
                        Errors.forCode(tm.errorCode()), tm.errorCode(), null));
                return true;
            }
        }
        w.future.complete(c);
        return true;
    }

    private long expireWaiters(long nowMs) {
        long next = Long.MAX_VALUE;
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (nowMs >= w.deadlineMs) {
                it.remove();
                w.future.completeExceptionally(new TimeoutException(describeMissing(w) + " after "
                        + (nowMs - w.startMs) + " ms" + (lastError == null ? "" : "; last error: "
                        + lastError.getMessage()), lastError));
            } else {
                next = Math.min(next, w.deadlineMs - nowMs);
            }
        }
        return next;
    }

    private String describeMissing(Waiter w) {
        List<String> missing = new ArrayList<>();
        for (String t : w.topics) {
            TopicMetadata tm = cluster.topic(t);
            if (tm == null || tm.hasError()) {
                missing.add(t + (tm == null ? "" : " (" + Errors.forCode(tm.errorCode()).name() + ")"));
            }
        }
        if (cluster.nodes().isEmpty()) {
            return "Could not fetch metadata for topics " + w.topics + " from any of the bootstrap servers "
                    + bootstrapAddresses();
        }
        return "Topics " + missing + " not present in metadata";
    }

    private List<String> bootstrapAddresses() {
        List<String> out = new ArrayList<>();
        for (Node n : bootstrap) {
            out.add(n.address());
        }
        return out;
    }

    /**
     * Applies KIP-951 leader hints from a Produce response: a broker that answered NOT_LEADER_OR_FOLLOWER (or a
     * similar leadership error) names the partition's current leader and its epoch, and the addresses of
     * leaders we may not know. Applying them at once sends the retry to the new leader without waiting for a
     * metadata round trip (the point of KIP-951: a leader move costs one request, not a refresh plus backoff).
     *
     * <p>A hint is applied only when its leader epoch is newer than the one in the snapshot (an older or equal
     * epoch says nothing new, and a stale hint must never roll leadership back) and the leader's address is
     * known (from the snapshot or from {@code endpoints}). I/O thread.
     *
     * @return the partitions whose leader the hints changed; for the others the caller should refresh
     */
    public Set<TopicPartition> applyLeaderHints(Map<TopicPartition, ProduceResponse.LeaderIdAndEpoch> hints,
                                                List<ProduceResponse.NodeEndpoint> endpoints) {
        if (hints.isEmpty()) {
            return Set.of();
        }
        Cluster current = cluster;
        Map<Integer, Node> nodes = new HashMap<>();
        for (Node n : current.nodes()) {
            nodes.put(n.id(), n);
        }
        for (ProduceResponse.NodeEndpoint e : endpoints) {
            if (!nodes.containsKey(e.nodeId())) {
                nodes.put(e.nodeId(), new Node(e.nodeId(), e.host(), e.port(), e.rack()));
            }
        }
        Map<String, List<PartitionInfo>> changedTopics = new HashMap<>();
        Set<TopicPartition> applied = new HashSet<>();
        for (Map.Entry<TopicPartition, ProduceResponse.LeaderIdAndEpoch> h : hints.entrySet()) {
            TopicPartition tp = h.getKey();
            int leaderId = h.getValue().leaderId();
            int epoch = h.getValue().leaderEpoch();
            PartitionInfo old = current.partition(tp);
            Node leader = nodes.get(leaderId);
            if (old == null || leaderId < 0 || epoch < 0 || epoch <= old.leaderEpoch() || leader == null) {
                continue;
            }
            List<PartitionInfo> parts = changedTopics.computeIfAbsent(tp.topic(),
                    t -> new ArrayList<>(current.topic(t).partitions()));
            parts.set(indexOf(parts, tp.partition()), new PartitionInfo(tp.topic(), tp.partition(), leader, epoch,
                    old.replicas(), old.inSyncReplicas(), old.offlineReplicas()));
            applied.add(tp);
        }
        if (applied.isEmpty()) {
            return applied;
        }
        Map<String, TopicMetadata> topicsNext = new HashMap<>();
        for (TopicMetadata t : current.topicMetadata()) {
            List<PartitionInfo> parts = changedTopics.get(t.name());
            topicsNext.put(t.name(), parts == null ? t
                    : new TopicMetadata(t.name(), t.topicId(), t.errorCode(), t.isInternal(), parts));
        }
        // The snapshot's age is unchanged: only the hinted partitions are newer than the last refresh.
        cluster = new Cluster(current.clusterId(), current.controllerId(), nodes.values(), topicsNext,
                current.updatedAtMs());
        log.debug("Applied leader hints {}", hints);
        return applied;
    }

    private static int indexOf(List<PartitionInfo> parts, int partition) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).partition() == partition) {
                return i;
            }
        }
        throw new IllegalStateException("partition " + partition + " not in " + parts);
    }

    /** Builds the next snapshot, keeping what we know of partitions whose reported leader epoch went back. */
    static Cluster merge(Cluster previous, MetadataResponse response, long nowMs) {
        Map<Integer, Node> nodes = new HashMap<>();
        for (MetadataResponse.Broker b : response.brokers()) {
            nodes.put(b.nodeId(), new Node(b.nodeId(), b.host(), b.port(), b.rack()));
        }
        Map<String, TopicMetadata> topics = new HashMap<>();
        for (MetadataResponse.Topic t : response.topics()) {
            if (t.name() == null) {
                continue;
            }
            Errors error = Errors.forCode(t.errorCode());
            List<PartitionInfo> parts = new ArrayList<>(t.partitions().size());
            if (error == Errors.NONE) {
                for (MetadataResponse.Partition p : t.partitions()) {
                    PartitionInfo fresh = new PartitionInfo(t.name(), p.partitionIndex(), nodes.get(p.leaderId()),
                            p.leaderEpoch(), toNodes(p.replicaNodes(), nodes), toNodes(p.isrNodes(), nodes),
                            toNodes(p.offlineReplicas(), nodes));
                    PartitionInfo old = previous.partition(new TopicPartition(t.name(), p.partitionIndex()));
                    if (old != null && fresh.leaderEpoch() >= 0 && old.leaderEpoch() > fresh.leaderEpoch()
                            && old.leader() != null && nodes.containsKey(old.leader().id())) {
                        parts.add(old); // stale answer from a lagging broker
                    } else {
                        parts.add(fresh);
                    }
                }
                parts.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            }
            topics.put(t.name(), new TopicMetadata(t.name(), t.topicId(), t.errorCode(), t.isInternal(), parts));
        }
        return new Cluster(response.clusterId(), response.controllerId(), nodes.values(), topics, nowMs);
    }

    private static Node[] toNodes(List<Integer> ids, Map<Integer, Node> nodes) {
        Node[] out = new Node[ids.size()];
        for (int i = 0; i < out.length; i++) {
            Node n = nodes.get(ids.get(i));
            // A replica on a broker that is down is still a replica: keep its id with no address.
            out[i] = n != null ? n : new Node(ids.get(i), "", -1);
        }
        return out;
    }

    /**
     * Fails every caller waiting for metadata with {@code error} (the client cannot authenticate, so the
     * metadata will not come before their deadlines either). I/O thread.
     */
    public void failWaiters(KafkaException error) {
        List<Waiter> failed = new ArrayList<>(waiters);
        waiters.clear();
        for (Waiter w : failed) {
            w.future.completeExceptionally(error);
        }
    }

    // ---- connection events --------------------------------------------------------------------------------

    @Override
    public void onReady(Node node, NodeApiVersions versions) {
        // Nothing: a waiting metadata request goes out with the connection's first writes.
    }

    @Override
    public void onDisconnect(Node node, KafkaException cause) {
        // Leadership may have moved (the broker died): find out.
        if (!node.isBootstrap()) {
            updateRequested = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Waiter w : waiters) {
            w.future.completeExceptionally(new ClosedException("The client was closed while waiting for metadata "
                    + "for topics " + w.topics));
        }
        waiters.clear();
    }
}
