package io.samsa.accumulator;

import io.samsa.common.utils.ExponentialBackoff;
import io.samsa.common.Node;
import io.samsa.common.TopicPartition;
import io.samsa.common.Cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The I/O thread's side of the accumulator: which leaders have something to send ({@link #ready}), taking batches
 * out for one produce request per broker ({@link #drain}), and putting batches back - retried after a backoff
 * ({@link #reenqueue}) or split ({@link #splitAndReenqueue}). It owns everything only that thread needs: the muted
 * partitions, the per-broker index and drain rotation, the load reports to the sticky partitioners, the
 * compressor, and the drain statistics' accumulation.
 *
 * <h2>Readiness</h2>
 * A partition's oldest batch is sendable when it is full (or a newer batch exists behind it), when
 * {@code linger.ms} has passed since its first record, when some thread is waiting for memory, when a flush is in
 * progress, or when the accumulator is closing; a retried batch is sendable once its backoff has passed, and never
 * before. Muted partitions are skipped. A drain for a ready broker takes the oldest batch of <em>each</em> of its
 * partitions (not only the lingered ones), as Apache does: the request goes out anyway, and riding along costs
 * nothing.
 *
 * <h2>Threads</h2>
 * Every method runs on the I/O thread; the fields below are that thread's alone. The queues are shared with
 * appending threads and locked one at a time, each for a peek, poll or insert; the {@link DrainHook} stamps a
 * batch and the compressor compresses it with no lock held. The drain statistics are the one thing other threads
 * read, through their own monitor ({@link #stats}).
 */
public final class BatchDrainer {
    private final QueueTable table;
    private final AccumulatorState state;
    private final BatchMemory memory;
    private final BatchSizes sizes;
    private final long lingerMs;
    private final boolean adaptivePartitioning;
    private final ExponentialBackoff retryBackoff;
    private final DrainHook drainHook;
    private final LeaderAvailability leaderAvailability;
    /** Null without compression. */
    private final BatchCompressor compressor;
    private final BatchSplitter splitter;

    private final Set<TopicPartition> muted = new HashSet<>();
    private Cluster indexCluster;
    private int indexVersion = -1;
    private Map<Integer, NodeQueues> byNode = Map.of();
    private int[] loadIds = new int[16];
    private int[] loadSizes = new int[16];
    private final DrainStats stats = new DrainStats();

    BatchDrainer(QueueTable table, AccumulatorState state, BatchResources resources, BatchSizes sizes,
                 AccumulatorConfig config, DrainHook drainHook, LeaderAvailability leaderAvailability) {
        this.table = table;
        this.state = state;
        this.memory = resources.memory();
        this.sizes = sizes;
        this.lingerMs = config.lingerMs();
        this.adaptivePartitioning = config.adaptivePartitioning();
        this.retryBackoff = config.retryBackoff();
        this.drainHook = drainHook;
        this.leaderAvailability = leaderAvailability;
        this.compressor = BatchCompressor.create(config.compressionType(), config.compressionLevel(), resources);
        this.splitter = new BatchSplitter(resources, compressor);
    }

    // =============================================================================================================
    // Ready
    // =============================================================================================================

    /**
     * Which leaders have a sendable batch, and how long until the next one becomes sendable. Also reports queue
     * lengths to each topic's sticky partitioner (adaptive partitioning).
     */
    public ReadyCheckResult ready(Cluster cluster, long nowMs) {
        Set<Node> readyNodes = new HashSet<>();
        Set<TopicPartition> unknownLeaders = null; // made when needed: normally every leader is known
        long nextDelay = Long.MAX_VALUE;
        boolean sendNow = memory.waitingThreads() > 0 || state.isClosed() || state.flushInProgress();

        for (TopicQueues t : table.topics()) {
            PartitionQueue[] queues = t.queues;
            boolean trackLoad = t.stickyUsed && adaptivePartitioning;
            int loaded = 0;
            for (PartitionQueue q : queues) {
                if (q == null) {
                    continue;
                }
                int size = q.size();
                Node leader = trackLoad || size > 0 ? q.leader(cluster) : null;
                if (trackLoad && leader != null
                        && (leaderAvailability == null || !leaderAvailability.isUnavailable(leader.id()))) {
                    if (loaded == loadIds.length) {
                        loadIds = Arrays.copyOf(loadIds, loaded * 2);
                        loadSizes = Arrays.copyOf(loadSizes, loaded * 2);
                    }
                    loadIds[loaded] = q.tp.partition();
                    loadSizes[loaded] = size;
                    loaded++;
                }
                if (size == 0) {
                    continue;
                }
                if (leader == null) {
                    if (unknownLeaders == null) {
                        unknownLeaders = new HashSet<>();
                    }
                    unknownLeaders.add(q.tp);
                    continue;
                }
                if (readyNodes.contains(leader) || muted.contains(q.tp)) {
                    continue;
                }
                long readyAt; // when the head batch becomes sendable; <= nowMs means now
                synchronized (q) {
                    ProducerBatch first = q.peekFirst();
                    if (first == null) {
                        continue;
                    }
                    if (first.stage() == ProducerBatch.Stage.RETRY) {
                        readyAt = first.retryAtMs(); // backoff is respected even when flushing or exhausted
                    } else if (sendNow || q.batchCount() > 1 || first.isFull()) {
                        readyAt = nowMs;
                    } else {
                        readyAt = first.createdMs() + lingerMs;
                    }
                }
                if (readyAt <= nowMs) {
                    readyNodes.add(leader);
                } else {
                    nextDelay = Math.min(nextDelay, readyAt - nowMs);
                }
            }
            if (trackLoad) {
                reportLoad(t, cluster, queues, loaded);
            }
        }
        return new ReadyCheckResult(readyNodes, nextDelay, unknownLeaders == null ? Set.of() : unknownLeaders);
    }

    /**
     * The sender found data ready for {@code nodeId}, and whether its connection could take a request then: the
     * record {@code partitioner.availability.timeout.ms} is judged by (see {@link LeaderAvailability}).
     */
    public void recordReadiness(int nodeId, long nowMs, boolean canSend) {
        if (leaderAvailability != null) {
            leaderAvailability.record(nodeId, nowMs, canSend);
        }
    }

    /** KIP-794: queue lengths are meaningful only once every partition of the topic has a queue. */
    private void reportLoad(TopicQueues t, Cluster cluster, PartitionQueue[] queues, int loaded) {
        int count = cluster.partitionCount(t.topic);
        boolean complete = count > 0 && queues.length >= count;
        for (int i = 0; complete && i < count; i++) {
            complete = queues[i] != null;
        }
        if (complete) {
            t.sticky.updateLoad(count, loadIds, loadSizes, loaded);
        } else {
            t.sticky.clearLoad();
        }
    }

    // =============================================================================================================
    // Drain
    // =============================================================================================================

    /**
     * Takes batches out for one Produce request per ready broker: for each broker, at most one batch per
     * partition (Kafka's rule), oldest first, as many as fit in {@code maxRequestSize} (the first always goes, so
     * an oversized batch cannot get stuck). The partition a broker's scan starts at rotates across drains - to
     * the first partition that did not fit, if any, so it goes first next time - so no partition is starved.
     * Muted partitions, retries still backing off and partitions the {@link DrainHook} holds back are skipped.
     * Every batch returned is stamped (its final bytes written, compressed if configured) and counted as an
     * attempt.
     *
     * @return broker id to batches; brokers with nothing to send are absent
     */
    public Map<Integer, List<ProducerBatch>> drain(Cluster cluster, Set<Node> readyNodes, int maxRequestSize,
                                                   long nowMs) {
        if (readyNodes.isEmpty()) {
            return Map.of();
        }
        refreshNodeIndex(cluster);
        Map<Integer, List<ProducerBatch>> out = new HashMap<>();
        for (Node node : readyNodes) {
            NodeQueues nq = byNode.get(node.id());
            if (nq == null) {
                continue;
            }
            List<ProducerBatch> batches = drainNode(nq, maxRequestSize, nowMs);
            if (!batches.isEmpty()) {
                out.put(node.id(), batches);
            }
        }
        return out;
    }

    private List<ProducerBatch> drainNode(NodeQueues nq, int maxRequestSize, long nowMs) {
        PartitionQueue[] queues = nq.queues;
        int n = queues.length;
        int start = nq.next % n;
        int firstSkipped = -1;
        int bytes = 0;
        List<ProducerBatch> ready = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            PartitionQueue q = queues[i];
            if (q.size() == 0 || muted.contains(q.tp)) {
                continue;
            }
            ProducerBatch b;
            synchronized (q) {
                b = q.peekFirst();
                if (b == null || b.isBackingOff(nowMs) || !drainHook.mayDrain(b)) {
                    continue;
                }
                if (!ready.isEmpty() && (long) bytes + estimatedWireBytes(q, b) > maxRequestSize) {
                    if (firstSkipped < 0) {
                        firstSkipped = i;
                    }
                    continue;
                }
                q.pollFirst();
                if (b.attempts() == 0 && b.chargedBytes() <= sizes.batchSize()) {
                    q.capacityHint = sizes.roundedCapacity(b.sizeInBytes()); // what this partition gathers per send
                }
                b.seal();
                b.markDrained(nowMs);
            }
            if (!b.isStamped()) {
                stamp(b); // no lock: the CRC pass (and compression) over the batch does not hold up appends
            }
            bytes += b.sizeInBytes();
            ready.add(b);
        }
        nq.next = firstSkipped >= 0 ? firstSkipped : (start + 1) % n;
        if (!ready.isEmpty()) {
            stats.record(ready, nowMs);
        }
        return ready;
    }

    /** A batch drained for the first time: the hook stamps it with the producer state, then it is compressed. */
    private void stamp(ProducerBatch b) {
        drainHook.stamp(b);
        if (!b.isStamped()) {
            throw new IllegalStateException("DrainHook " + drainHook + " did not stamp " + b);
        }
        if (compressor != null) {
            compressor.compress(b, table.topic(b.topicPartition().topic()).compression);
        }
    }

    /** A batch's size on the wire: exact once stamped, else estimated from the topic's compression ratio. */
    private int estimatedWireBytes(PartitionQueue q, ProducerBatch b) {
        if (compressor == null || b.isStamped()) {
            return b.sizeInBytes();
        }
        return table.topic(q.tp.topic()).compression.estimatedWireBytes(b.sizeInBytes());
    }

    /** Rebuilds broker -&gt; partition queues when the metadata or the set of queues changed. */
    private void refreshNodeIndex(Cluster cluster) {
        int version = table.version();
        if (cluster == indexCluster && version == indexVersion) {
            return;
        }
        Map<Integer, List<PartitionQueue>> lists = new HashMap<>();
        for (TopicQueues t : table.topics()) {
            for (PartitionQueue q : t.queues) {
                if (q == null) {
                    continue;
                }
                Node leader = q.leader(cluster);
                if (leader != null) {
                    lists.computeIfAbsent(leader.id(), id -> new ArrayList<>()).add(q);
                }
            }
        }
        Map<Integer, NodeQueues> index = new HashMap<>();
        for (Map.Entry<Integer, List<PartitionQueue>> e : lists.entrySet()) {
            NodeQueues nq = new NodeQueues(e.getValue().toArray(new PartitionQueue[0]));
            NodeQueues old = byNode.get(e.getKey());
            nq.next = old == null ? 0 : old.next; // keep the rotation going across metadata updates
            index.put(e.getKey(), nq);
        }
        byNode = index;
        indexCluster = cluster;
        indexVersion = version;
    }

    // =============================================================================================================
    // Back into the queues
    // =============================================================================================================

    /**
     * Puts a batch whose attempt failed with a retriable error back at the front of its partition, in record
     * (sequence) order among other retried batches, with the retry backoff ({@code retry.backoff.ms} doubling per
     * attempt up to {@code retry.backoff.max.ms}, with jitter: KIP-580). It keeps its bytes and producer state;
     * memory stays charged.
     */
    public void reenqueue(ProducerBatch batch, long nowMs) {
        reenqueue(batch, nowMs, retryBackoff.backoff(batch.attempts() - 1L));
    }

    /** As {@link #reenqueue(ProducerBatch, long)} with the backoff chosen by the caller. */
    public void reenqueue(ProducerBatch batch, long nowMs, long backoffMs) {
        PartitionQueue q = table.queue(batch.topicPartition());
        RuntimeException aborted;
        synchronized (q) {
            aborted = state.abortReason();
            if (aborted == null && !batch.isDone()) {
                batch.markRetry(nowMs + Math.max(0, backoffMs));
                q.insertInOrder(batch);
                return;
            }
        }
        if (aborted != null) {
            batch.abort(aborted); // the producer was force-closed meanwhile: do not queue it again
        }
    }

    /**
     * A batch the broker rejected as too large (MESSAGE_TOO_LARGE): splits it into batches of at most
     * {@code targetBytes} (at least two; see {@link BatchSplitter}) and queues them at the front of the partition
     * in record order, sendable at once. Each record's hook moves to its new batch. The split batch is done (its
     * memory released; it must not be completed).
     *
     * @param targetBytes typically half the rejected batch's size, or {@code batch.size} if it was bigger
     * @return the number of new batches; 0 if a forced close already aborted the batch
     * @throws IllegalStateException if the batch holds a single record (fail it instead) or is not in flight
     */
    public int splitAndReenqueue(ProducerBatch batch, int targetBytes, long nowMs) {
        TopicQueues t = table.topic(batch.topicPartition().topic());
        List<ProducerBatch> children = splitter.split(batch, targetBytes, compressor == null ? null : t.compression);
        PartitionQueue q = t.queue(batch.topicPartition().partition());
        RuntimeException aborted;
        synchronized (q) {
            aborted = state.abortReason();
            if (aborted == null) {
                for (ProducerBatch c : children) {
                    if (!c.isDone()) {
                        c.markRetry(nowMs); // no backoff: a different request, not a repeat of a failed one
                        q.insertInOrder(c);
                    }
                }
            }
        }
        if (aborted != null) {
            for (ProducerBatch c : children) {
                c.abort(aborted);
            }
        }
        return children.size();
    }

    /**
     * Removes every queued batch (not those in flight) and returns them, sealed, <em>without</em> completing them,
     * for the sender to fail: when something makes every queued record hopeless at once (the producer cannot
     * authenticate). Unlike a forced close, the accumulator stays open: later sends are accepted.
     */
    public List<ProducerBatch> removeQueuedBatches() {
        List<ProducerBatch> out = new ArrayList<>();
        for (TopicQueues t : table.topics()) {
            for (PartitionQueue q : t.queues) {
                if (q == null || q.size() == 0) {
                    continue;
                }
                synchronized (q) {
                    ProducerBatch b;
                    while ((b = q.pollFirst()) != null) {
                        b.seal();
                        out.add(b);
                    }
                }
            }
        }
        return out;
    }

    /** One batch in flight per partition, without sequences, keeps order: the partition waits for its answer. */
    public void mutePartition(TopicPartition tp) {
        muted.add(tp);
    }

    public void unmutePartition(TopicPartition tp) {
        muted.remove(tp);
    }

    public boolean isMuted(TopicPartition tp) {
        return muted.contains(tp);
    }

    /** The estimated compressed/uncompressed ratio of the topic's batches (1.0 until one was compressed). */
    public double estimatedCompressionRatio(String topic) {
        return table.topic(topic).compression.ratio();
    }

    /** Frees the compressor's native state; call once the I/O thread has stopped. */
    void releaseCompressor() {
        if (compressor != null) {
            compressor.close();
        }
    }

    /** Any thread: the drain statistics so far. */
    DrainStats stats() {
        return stats;
    }

    // =============================================================================================================
    // Internals
    // =============================================================================================================

    /** One broker's partition queues and where the next drain starts. */
    private static final class NodeQueues {
        final PartitionQueue[] queues;
        int next;

        NodeQueues(PartitionQueue[] queues) {
            this.queues = queues;
        }
    }

    /** Drain statistics: the I/O thread records once per drained broker list; other threads take a snapshot. */
    static final class DrainStats {
        private long batches;
        private long records;
        private long bytes;
        private int maxRecords;
        private long requests;
        private int maxBatchesPerRequest;
        private long queueTimeMs;
        private long maxQueueTimeMs;

        synchronized void record(List<ProducerBatch> drained, long nowMs) {
            requests++;
            maxBatchesPerRequest = Math.max(maxBatchesPerRequest, drained.size());
            for (ProducerBatch b : drained) {
                if (b.attempts() != 1) {
                    continue; // retries were counted on their first drain
                }
                batches++;
                records += b.recordCount();
                bytes += b.sizeInBytes();
                maxRecords = Math.max(maxRecords, b.recordCount());
                long queued = Math.max(0, nowMs - b.createdMs());
                queueTimeMs += queued;
                maxQueueTimeMs = Math.max(maxQueueTimeMs, queued);
            }
        }

        synchronized AccumulatorStats snapshot(BatchMemory memory, int batchSize) {
            return new AccumulatorStats(memory.totalBytes(), memory.usedBytes(), memory.waitingThreads(),
                    memory.waitNanosTotal(), batchSize, batches, records, bytes, maxRecords, requests,
                    maxBatchesPerRequest, queueTimeMs, maxQueueTimeMs);
        }
    }
}
