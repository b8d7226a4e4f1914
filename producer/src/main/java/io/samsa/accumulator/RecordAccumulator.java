package io.samsa.accumulator;

import io.samsa.common.Node;
import io.samsa.common.Time;
import io.samsa.common.TopicPartition;
import io.samsa.common.header.Header;
import io.samsa.errors.ClosedException;
import io.samsa.errors.RecordTooLargeException;
import io.samsa.errors.TimeoutException;
import io.samsa.metadata.Cluster;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;
import io.samsa.protocol.record.compression.CompressionType;
import io.samsa.protocol.record.compression.Compressor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Collects records into per-partition batches, built in place in their final wire form, until the sender takes
 * them out for a Produce request.
 *
 * <h2>What differs from Apache's RecordAccumulator, and why</h2>
 * <ul>
 *   <li><b>Memory grows with data, not with partitions.</b> A new batch starts with a small buffer
 *       ({@link AccumulatorConfig#initialBatchBytes()}, or what its first record needs) and doubles, copying
 *       what was written ({@link RecordBatchBuilder#moveTo}), up to {@code batch.size}. Apache reserves a full
 *       {@code batch.size} buffer for every partition that has any data: 10,000 partitions with one small record
 *       each cost 160 MiB there, about 20 MiB here, and {@code buffer.memory} is charged by what is really
 *       allocated. A busy partition does not pay for the growth batch after batch: its next batch starts as big
 *       as its last one got (a per-partition hint), so only quiet partitions start small.</li>
 *   <li><b>No buffer pool.</b> See {@link BatchMemory}: a buffer is never reused, so a request still holding one
 *       can never send another batch's bytes (KAFKA-19012).</li>
 *   <li><b>No allocation or blocking under a lock.</b> A new or bigger buffer is reserved and allocated with no
 *       lock held, then the append is retried; if the partition changed meanwhile (another thread started a
 *       batch) the spare buffer is used or given back.</li>
 *   <li><b>Fair, prompt blocking.</b> Threads waiting for {@code buffer.memory} queue FIFO and are signalled the
 *       moment their bytes are free; while anyone waits, every batch is sendable so memory frees up fast.</li>
 *   <li><b>Exact completion.</b> Each record's hook fires exactly once on every path (ack, failure, expiry,
 *       abort, split); a second completion of a batch is detected and reported as the bug it is.</li>
 * </ul>
 *
 * <h2>The life of a record</h2>
 * <pre>
 *  app thread  append(topic, partition | UNKNOWN_PARTITION, ts, key, value, headers, hook)
 *     -&gt; [sticky partition chosen under the queue lock, if UNKNOWN_PARTITION]
 *     -&gt; serialised into the partition's OPEN batch (growing its buffer, or starting a new batch,
 *        reserving memory first - the only place an application thread can block)
 *  sender      ready(cluster, now)  -&gt; leaders with sendable batches + how long to sleep
 *              drain(cluster, nodes, max.request.size, now) -&gt; per leader: one batch per partition,
 *                                     closed with producer state by the DrainHook
 *              ... Produce request, response ...
 *              batch.complete(baseOffset, logAppendTime) | batch.fail(e) | reenqueue(batch) |
 *              splitAndReenqueue(batch)            -&gt; every record's hook, memory released
 * </pre>
 *
 * <h2>Readiness</h2>
 * A partition's oldest batch is sendable when it is full (or a newer batch exists behind it), when
 * {@code linger.ms} has passed since its first record, when some thread is waiting for memory, when a flush is
 * in progress, or when the accumulator is closing; a retried batch is sendable once its backoff has passed, and
 * never before. Muted partitions are skipped. A drain for a ready broker takes the oldest batch of <em>each</em>
 * of its partitions (not only the lingered ones), as Apache does: the request goes out anyway, and riding along
 * costs nothing.
 *
 * <h2>Threads, ownership and locking</h2>
 * <ul>
 *   <li><b>Application threads</b> call {@link #append}/{@link #tryAppend} concurrently, and {@link #beginFlush},
 *       {@link #awaitFlushCompletion}, {@link #close}, {@link #abortAll}.</li>
 *   <li><b>The sender thread</b> (one) calls {@link #ready}, {@link #drain}, {@link #reenqueue},
 *       {@link #splitAndReenqueue}, {@link #expiredBatches}/{@link #abortExpiredBatches},
 *       {@link #mutePartition}/{@link #unmutePartition}, and completes batches. It alone owns the muted set, the
 *       per-broker drain rotation, the leader caches and the drain statistics' accumulation.</li>
 *   <li><b>Locks.</b> One monitor per partition ({@link PartitionQueue}): held for one append, or one
 *       peek/poll/insert by the sender. {@link BatchMemory} has its own lock, never taken while a partition lock is
 *       held (and vice versa), so there is no lock ordering to get wrong. Completion hooks run with no lock held.
 *       The set of incomplete batches is a concurrent set; {@code closed}, the abort reason and the flush count
 *       are volatile/atomic.</li>
 *   <li><b>Hand-over.</b> A batch's fields are guarded by its partition's monitor while it is queued; the sender
 *       owns it from drain to completion or re-enqueue. Completion is decided by compare-and-set (the only race:
 *       a response against a forced close).</li>
 * </ul>
 *
 * <h2>Compression</h2>
 * With {@code compression.type} set, records are still appended uncompressed (same hot path, exact sizes); the
 * sender thread compresses each batch once, when the {@link DrainHook} closes it ({@link #compress}), into a new
 * buffer charged to {@code buffer.memory} until the batch is done. The uncompressed bytes stay until then: they
 * are what completion hooks read back and what a split re-batches. Why at drain and not at append: DESIGN.md,
 * "Where compression runs", with the measurements in BENCHMARKS.md.
 * <ul>
 *   <li><b>{@code batch.size} is about wire bytes.</b> A new batch may hold as many uncompressed bytes as should
 *       compress to {@code batch.size} at the topic's estimated ratio ({@link #batchLimit}), at least
 *       {@code batch.size} and at most {@code max.request.size}. The estimate starts at 1.0, follows a worse
 *       observed ratio at once and a better one gradually, per topic.</li>
 *   <li><b>{@code max.request.size}</b> bounds a request by the batches' wire sizes: exact for closed batches,
 *       estimated (ratio + 5%) for those still to be closed.</li>
 *   <li>A compressed batch the broker still finds too large is split on its uncompressed records
 *       ({@link ProducerBatch#splitForRetry}).</li>
 * </ul>
 *
 * <h2>Hot path</h2>
 * An append into an open batch that has room: a map lookup for the topic, an array index for the partition,
 * one uncontended monitor, the in-place serialisation, one array store for the record's hook (its timestamp and
 * sizes are read back from the batch bytes at completion). No allocation (the hook array doubles per batch and
 * is not even created for hook-less records), no boxing, no clock read, no global lock.
 */
public final class RecordAccumulator {
    private static final Logger log = LoggerFactory.getLogger(RecordAccumulator.class);

    /** Batches are sized for 5% worse compression than estimated, so they rarely overshoot batch.size. */
    private static final double COMPRESSION_SAFETY_FACTOR = 1.05;
    /** How far a better observed ratio moves the estimate per batch (10%: about 20 batches to converge). */
    private static final double COMPRESSION_RATIO_STEP = 0.1;
    /** Floor of the estimate: even data that compresses 100:1 gets batches of at most 100 x batch.size. */
    private static final double MIN_COMPRESSION_RATIO = 0.01;

    /** Pass as the partition to let the topic's {@link StickyPartitioner} choose (records without a key). */
    public static final int UNKNOWN_PARTITION = -1;

    private final AccumulatorConfig config;
    private final Time time;
    private final BatchMemory memory;
    private final DrainHook drainHook;
    private final Runnable senderWakeup;
    /** Brokers not worth waking the sender for: see {@link BusyNodes}. Published by the sender thread. */
    private final BusyNodes busyNodes = new BusyNodes();
    private final LeaderAvailability leaderAvailability;

    private final ConcurrentHashMap<String, TopicQueues> topics = new ConcurrentHashMap<>();
    /** Bumped when a partition queue is created: the sender's per-broker index is rebuilt then. */
    private final AtomicInteger queuesVersion = new AtomicInteger();
    private final Set<ProducerBatch> incomplete = ConcurrentHashMap.newKeySet();
    /** Recycled batch.size buffers (see {@link BufferPool} for when a buffer may come back). */
    private final BufferPool pool;
    private volatile CompletionExecutor completionExecutor = CompletionExecutor.INLINE;
    private final AtomicInteger flushesInProgress = new AtomicInteger();
    private volatile boolean closed;
    private volatile RuntimeException abortReason;

    // ---- sender thread only ------------------------------------------------------------------------------------
    private final Set<TopicPartition> muted = new HashSet<>();
    private Cluster indexCluster;
    private int indexVersion = -1;
    private Map<Integer, NodeQueues> byNode = Map.of();
    private long nextExpiryMs = Long.MAX_VALUE;
    private int[] loadIds = new int[16];
    private int[] loadSizes = new int[16];

    /**
     * Compresses each batch once, when it is closed at drain (or split): sender thread only, like the rest of
     * the sender-side state. Null without compression. See "Compression" in the class comment.
     */
    private final Compressor compressor;

    // ---- drain statistics: accumulated by the sender, read by anyone (guarded by the object's monitor) ---------
    private final DrainStats drainStats = new DrainStats();

    /**
     * @param config             sizes and timeouts
     * @param time               the clock (batch creation times; tests inject a manual one)
     * @param drainHook          closes drained batches with producer state, may hold partitions back;
     *                           {@link DrainHook#NON_IDEMPOTENT} without idempotence
     * @param senderWakeup       called (no lock held) when an append starts or fills a batch, or a thread is
     *                           about to wait for memory: the sender should run {@link #ready} again now -
     *                           unless the partition's leader is in {@link #busyNodes()}. Must not block
     * @param leaderAvailability the sender's record of brokers that could not take data
     *                           ({@code partitioner.availability.timeout.ms}); null for none
     */
    public RecordAccumulator(AccumulatorConfig config, Time time, DrainHook drainHook, Runnable senderWakeup,
                             LeaderAvailability leaderAvailability) {
        this.config = Objects.requireNonNull(config, "config");
        this.time = Objects.requireNonNull(time, "time");
        this.memory = new BatchMemory(config.bufferMemory());
        this.pool = new BufferPool(config.batchSize(), config.bufferMemory());
        this.drainHook = Objects.requireNonNull(drainHook, "drainHook");
        this.senderWakeup = senderWakeup == null ? () -> { } : senderWakeup;
        this.leaderAvailability = leaderAvailability;
        this.compressor = config.compressionType() == CompressionType.NONE ? null
                : Compressor.create(config.compressionType(), config.compressionLevel());
    }

    /** Non-idempotent, no sender to wake: for tests and tools. */
    public RecordAccumulator(AccumulatorConfig config, Time time) {
        this(config, time, DrainHook.NON_IDEMPOTENT, null, null);
    }

    // =============================================================================================================
    // Appending (application threads)
    // =============================================================================================================

    /**
     * Appends a serialised record to its partition's open batch, starting or growing a batch as needed. Blocks
     * only when {@code buffer.memory} is exhausted, for at most {@code maxBlockMs} in total.
     *
     * @param topic      the topic
     * @param partition  the partition, or {@link #UNKNOWN_PARTITION} for the topic's sticky partition (chosen
     *                   here, atomically with the append, so each sticky stint fills whole batches)
     * @param timestamp  the record's CreateTime in ms ({@code >= 0}), or -1 for none
     * @param key        serialised key, or null
     * @param value      serialised value, or null (a tombstone)
     * @param headers    headers, or null
     * @param completion run exactly once with the record's fate; may be null when nobody listens
     * @param cluster    metadata knowing the topic's partitions; only read for {@code UNKNOWN_PARTITION}
     * @param maxBlockMs {@code max.block.ms} left for this send; 0 fails at once when memory is short
     * @return the partition the record was appended to
     * @throws TimeoutException     if the memory did not free up within {@code maxBlockMs} (the message names
     *                              {@code buffer.memory}, the bytes needed and available, and {@code max.block.ms})
     * @throws RecordTooLargeException at once if the record could never be sent: bigger than
     *                              {@code max.request.size} or than {@code buffer.memory}
     * @throws ClosedException      if the accumulator is closed (or closes while this waits for memory)
     * @throws InterruptedException if interrupted while waiting for memory: nothing appended, nothing reserved
     * @throws IllegalArgumentException for an invalid timestamp or header
     */
    public int append(String topic, int partition, long timestamp, byte[] key, byte[] value, Header[] headers,
                      RecordCompletion completion, Cluster cluster, long maxBlockMs) throws InterruptedException {
        if (partition == UNKNOWN_PARTITION) {
            int p = appendToStickyBatch(topic, timestamp, key, value, headers, completion, cluster);
            if (p >= 0) {
                return p;
            }
        } else if (appendToOpenBatch(topic, partition, timestamp, key, value, headers, completion)) {
            return partition;
        }
        return doAppend(topic, partition, timestamp, key, value, headers, completion, cluster, maxBlockMs, true);
    }

    /**
     * As {@link #append} but never blocks: returns -1, having appended and kept nothing, when the record would
     * need memory that is not free right now (or that threads already waiting are owed). For a non-blocking
     * {@code trySend}.
     *
     * @return the partition appended to, or -1 if there is no memory for it now
     */
    public int tryAppend(String topic, int partition, long timestamp, byte[] key, byte[] value, Header[] headers,
                         RecordCompletion completion, Cluster cluster) {
        if (partition == UNKNOWN_PARTITION) {
            int p = appendToStickyBatch(topic, timestamp, key, value, headers, completion, cluster);
            if (p >= 0) {
                return p;
            }
        } else if (appendToOpenBatch(topic, partition, timestamp, key, value, headers, completion)) {
            return partition;
        }
        try {
            return doAppend(topic, partition, timestamp, key, value, headers, completion, cluster, 0, false);
        } catch (InterruptedException e) {
            throw new IllegalStateException("a non-blocking append cannot be interrupted", e); // never waits
        }
    }

    /**
     * The common case, kept small so that it inlines: an explicit partition whose open batch has room. Anything
     * else (sticky partition, no open batch, no room, closed, a new queue, a bad record) returns false and takes
     * the full path, which repeats the checks.
     */
    private boolean appendToOpenBatch(String topic, int partition, long timestamp, byte[] key, byte[] value,
                                      Header[] headers, RecordCompletion completion) {
        if (partition < 0 || (timestamp < 0 && timestamp != RecordBatch.NO_TIMESTAMP)) {
            return false;
        }
        TopicQueues t = topics.get(topic);
        if (t == null) {
            return false;
        }
        PartitionQueue[] queues = t.queues;
        PartitionQueue q;
        if (partition >= queues.length || (q = queues[partition]) == null) {
            return false;
        }
        synchronized (q) {
            ProducerBatch last = q.peekLast();
            if (closed || last == null || !last.isOpen()
                    || last.tryAppend(timestamp, key, value, headers, completion) < 0) {
                return false;
            }
            q.nextRecordNo++;
            return true;
        }
    }

    /**
     * The common unkeyed case, as small as {@link #appendToOpenBatch}: the topic's current sticky partition has an
     * open batch with room. Returns the partition, or -1 to take the full path (no queue or batch yet, no room,
     * a stint ended meanwhile, closed, a bad timestamp), which repeats every check. Keeping this apart from
     * {@link #doAppend} matters twice: unkeyed sends skip the full path's setup, and the JIT compiles a small method
     * for them (the full path compiled to ~75 KB of code in ~1.5 s of C2 time in a perf run's profile).
     */
    private int appendToStickyBatch(String topic, long timestamp, byte[] key, byte[] value, Header[] headers,
                                    RecordCompletion completion, Cluster cluster) {
        if (cluster == null || (timestamp < 0 && timestamp != RecordBatch.NO_TIMESTAMP)) {
            return -1;
        }
        TopicQueues t = topics.get(topic);
        if (t == null || !t.stickyUsed) {
            return -1; // the full path marks the topic as using the sticky partitioner (for its load reports)
        }
        StickyPartitioner sticky = t.sticky;
        StickyPartitioner.Stint stint = sticky.current(cluster);
        int p = stint.partition();
        PartitionQueue[] queues = t.queues;
        PartitionQueue q;
        if (p >= queues.length || (q = queues[p]) == null) {
            return -1;
        }
        synchronized (q) {
            if (closed || sticky.isStale(stint)) {
                return -1;
            }
            ProducerBatch last = q.peekLast();
            if (last == null || !last.isOpen()) {
                return -1;
            }
            int before = last.sizeInBytes();
            if (last.tryAppend(timestamp, key, value, headers, completion) < 0) {
                return -1;
            }
            appended(q, last, last.sizeInBytes() - before, sticky, stint, cluster);
            return p;
        }
    }

    private int doAppend(String topic, int partition, long timestamp, byte[] key, byte[] value, Header[] headers,
                         RecordCompletion completion, Cluster cluster, long maxBlockMs, boolean block)
            throws InterruptedException {
        if (partition < UNKNOWN_PARTITION) {
            throw new IllegalArgumentException("invalid partition " + partition + " for topic " + topic);
        }
        if (timestamp < 0 && timestamp != RecordBatch.NO_TIMESTAMP) {
            // Checked here too so that a bad record never leaves an empty new batch behind.
            throw new IllegalArgumentException("invalid timestamp " + timestamp
                    + ": must be >= 0, or -1 for no timestamp");
        }
        TopicQueues t = topicQueues(topic);
        StickyPartitioner sticky = null;
        if (partition == UNKNOWN_PARTITION) {
            Objects.requireNonNull(cluster, "cluster is needed to choose a sticky partition");
            sticky = t.sticky;
            if (!t.stickyUsed) {
                t.stickyUsed = true; // once: a volatile write per record would cost every sticky append
            }
        }

        ByteBuffer spare = null;        // reserved and allocated with no lock held; ours until used
        long spareCreatedMs = 0;
        int toRelease = 0;              // an outgrown buffer's bytes, released after unlocking
        PartitionQueue wakeFor = null;  // the queue whose batch filled or started: the sender may act now
        int bound = -1;                 // upper bound of a one-record batch: computed only if needed
        long deadlineNanos = 0;
        try {
            while (true) {
                StickyPartitioner.Stint stint = null;
                int p = partition;
                if (sticky != null) {
                    stint = sticky.current(cluster);
                    p = stint.partition();
                }
                PartitionQueue q = t.queue(p);
                int need;
                synchronized (q) {
                    if (closed) {
                        throw closedForAppend(q.tp);
                    }
                    if (stint != null && sticky.isStale(stint)) {
                        continue; // another thread ended the stint between current() and our lock: pick again
                    }
                    ProducerBatch last = q.peekLast();
                    if (last != null && !last.isOpen()) {
                        last = null;
                    }
                    if (last != null) {
                        int before = last.sizeInBytes();
                        if (last.tryAppend(timestamp, key, value, headers, completion) >= 0) {
                            appended(q, last, last.sizeInBytes() - before, sticky, stint, cluster);
                            return p;
                        }
                    }
                    if (bound < 0) {
                        bound = batchBoundFor(q.tp, key, value, headers);
                    }
                    int recordBound = bound - RecordBatch.HEADER_SIZE;
                    boolean grow = last != null && last.canGrow()
                            && (long) last.sizeInBytes() + recordBound <= last.maxCapacity();
                    if (grow) {
                        need = growTarget(last, recordBound);
                        if (spare != null && spare.capacity() >= need && spare.capacity() <= last.maxCapacity()) {
                            toRelease += last.moveTo(spare);
                            spare = null;
                            int before = last.sizeInBytes();
                            if (last.tryAppend(timestamp, key, value, headers, completion) < 0) {
                                throw new IllegalStateException("record did not fit after growing " + last
                                        + " for an upper bound of " + recordBound + " bytes (sizing bug)");
                            }
                            appended(q, last, last.sizeInBytes() - before, sticky, stint, cluster);
                            return p;
                        }
                    } else {
                        if (last != null) {
                            last.seal(); // full for this record: it becomes sendable, a new batch follows
                            q.capacityHint = roundedCapacity(last.sizeInBytes());
                            wakeFor = q;
                        }
                        need = newBatchCapacity(bound, q.capacityHint);
                        if (spare != null && spare.capacity() >= need) {
                            int maxCapacity = Math.max(batchLimit(t), spare.capacity());
                            ProducerBatch b = new ProducerBatch(this, q.tp, spare, maxCapacity, spareCreatedMs,
                                    q.nextRecordNo);
                            spare = null;
                            int before = b.sizeInBytes();
                            int offsetDelta;
                            try {
                                offsetDelta = b.tryAppend(timestamp, key, value, headers, completion);
                            } catch (RuntimeException e) {
                                toRelease += b.capacity(); // e.g. a Header that changed while being written
                                throw e;
                            }
                            if (offsetDelta < 0) {
                                toRelease += b.capacity();
                                throw new IllegalStateException("record did not fit a new batch of "
                                        + b.capacity() + " bytes for an upper bound of " + bound + " (sizing bug)");
                            }
                            incomplete.add(b);
                            q.addLast(b);
                            t.lastBatchCreatedMs = spareCreatedMs; // once per batch, not per record
                            if (bound > config.batchSize()) {
                                b.seal(); // an oversized record travels alone
                            }
                            appended(q, b, b.sizeInBytes() - before, sticky, stint, cluster);
                            wakeFor = q;
                            return p;
                        }
                    }
                }

                // No lock held from here: reserve and allocate what the partition needs, then try again.
                if (spare != null) {
                    memory.release(spare.capacity()); // the wrong size for what the partition needs now
                    pool.recycle(spare); // never used by a batch
                    spare = null;
                }
                if (!memory.tryReserve(need)) {
                    if (!block) {
                        return -1;
                    }
                    if (deadlineNanos == 0) {
                        deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, maxBlockMs));
                    }
                    // Memory is short: batches should go out without lingering, wherever they are.
                    if (busyNodes.isEmpty() || cluster == null
                            || !busyNodes.containsAndAllBusy(leaderId(cluster, q.tp))) {
                        senderWakeup.run();
                    }
                    memory.reserve(need, deadlineNanos - System.nanoTime(), maxBlockMs);
                }
                try {
                    spare = pool.allocate(need);
                } catch (Throwable e) {
                    memory.release(need);
                    throw e;
                }
                spareCreatedMs = time.milliseconds();
            }
        } finally {
            if (spare != null) {
                memory.release(spare.capacity());
                pool.recycle(spare);
            }
            if (toRelease > 0) {
                memory.release(toRelease);
            }
            if (wakeFor != null) {
                wakeSender(cluster, wakeFor.tp);
            }
        }
    }

    /**
     * Wakes the sender for data of {@code tp}, unless its leader is busy ({@link BusyNodes}: the network event
     * that frees the connection wakes the sender, which then sees this data). Once per batch, not per record.
     */
    private void wakeSender(Cluster cluster, TopicPartition tp) {
        if (busyNodes.isEmpty() || cluster == null || !busyNodes.contains(leaderId(cluster, tp))) {
            senderWakeup.run();
        }
    }

    private static int leaderId(Cluster cluster, TopicPartition tp) {
        Node leader = cluster.leaderFor(tp);
        return leader == null ? Integer.MIN_VALUE : leader.id();
    }

    /**
     * The brokers the sender last found busy; the sender publishes them after each send round
     * ({@link BusyNodes#publish}) and appends read them before waking it.
     */
    public BusyNodes busyNodes() {
        return busyNodes;
    }

    /** Lock of {@code q} held: bookkeeping after a successful append. */
    private static void appended(PartitionQueue q, ProducerBatch batch, int bytes, StickyPartitioner sticky,
                                 StickyPartitioner.Stint stint, Cluster cluster) {
        q.nextRecordNo++;
        if (sticky != null) {
            sticky.onAppend(stint, bytes, noIncompleteBatch(batch, bytes), cluster);
        }
    }

    /**
     * For the sticky partitioner: whether switching now would leave no partly filled batch behind. True when
     * the newest batch is sealed, or at its maximum capacity with less room left than the record just appended
     * (the next record of that size would start a new batch anyway). A batch that can still grow is not full.
     */
    private static boolean noIncompleteBatch(ProducerBatch newest, int lastRecordBytes) {
        return !newest.isOpen() || (newest.capacity() >= newest.maxCapacity()
                && newest.maxCapacity() - newest.sizeInBytes() < lastRecordBytes);
    }

    /** The bound of a batch holding just this record; rejects records that could never be sent. */
    private int batchBoundFor(TopicPartition tp, byte[] key, byte[] value, Header[] headers) {
        int keySize = key == null ? -1 : key.length;
        int valueSize = value == null ? -1 : value.length;
        int bound = RecordBatchBuilder.sizeInBytesUpperBound(keySize, valueSize, headers);
        if (bound > config.maxRequestSize()) {
            throw new RecordTooLargeException("The record for " + tp + " (key " + keySize + " bytes, value " + valueSize
                    + " bytes) needs up to " + bound + " bytes in a batch of its own, more than max.request.size="
                    + config.maxRequestSize() + "; it can never be sent");
        }
        if (bound > config.bufferMemory()) {
            throw new RecordTooLargeException("The record for " + tp + " (key " + keySize + " bytes, value " + valueSize
                    + " bytes) needs up to " + bound + " bytes in a batch of its own, more than buffer.memory="
                    + config.bufferMemory() + " bytes in total; it can never be allocated: raise buffer.memory");
        }
        return bound;
    }

    /**
     * A new batch's capacity: the initial size doubled until the first record fits and the partition's recent
     * batch size ({@code hint}) is covered, capped at {@code batch.size}; or exactly the record's bound when it is
     * bigger than {@code batch.size} (then the batch holds that record alone).
     */
    private int newBatchCapacity(int bound, int hint) {
        int batchSize = config.batchSize();
        if (bound > batchSize) {
            return bound;
        }
        return roundedCapacity(Math.max(bound, hint));
    }

    /** The initial size doubled until it covers {@code bytes}, capped at {@code batch.size}. */
    private int roundedCapacity(int bytes) {
        int batchSize = config.batchSize();
        if (bytes >= batchSize) {
            return batchSize;
        }
        long cap = Math.min(config.initialBatchBytes(), batchSize); // >= 1 here: batchSize > bytes >= 0
        while (cap < bytes) {
            cap *= 2;
        }
        return (int) Math.min(cap, batchSize);
    }

    /** A growing batch's next capacity: doubled until the record fits, capped at its maximum. */
    private static int growTarget(ProducerBatch b, int recordBound) {
        long needed = (long) b.sizeInBytes() + recordBound;
        long cap = Math.max(b.capacity(), 1);
        do {
            cap *= 2;
        } while (cap < needed);
        return (int) Math.min(cap, b.maxCapacity());
    }

    /**
     * When the topic last had data here, for {@code metadata.max.idle.ms}: {@code nowMs} while any of its
     * partitions has queued batches, else when its newest batch was created, or -1 if it never had one. Any
     * thread.
     */
    public long lastUsedMs(String topic, long nowMs) {
        TopicQueues t = topics.get(topic);
        if (t == null) {
            return -1;
        }
        for (PartitionQueue q : t.queues) {
            if (q != null && q.size() > 0) {
                return nowMs;
            }
        }
        return t.lastBatchCreatedMs;
    }

    private TopicQueues topicQueues(String topic) {
        TopicQueues t = topics.get(topic);
        if (t == null) {
            Objects.requireNonNull(topic, "topic");
            t = topics.computeIfAbsent(topic, name -> new TopicQueues(name, new StickyPartitioner(name,
                    config.batchSize(), config.adaptivePartitioning())));
        }
        return t;
    }

    private static ClosedException closedForAppend(TopicPartition tp) {
        return new ClosedException("Cannot append a record to " + tp + ": the producer is closed or closing");
    }

    // =============================================================================================================
    // Sender side
    // =============================================================================================================

    /**
     * Which leaders have a sendable batch, and how long until the next one becomes sendable. Also reports queue
     * lengths to each topic's sticky partitioner (adaptive partitioning). Sender thread.
     */
    public ReadyCheckResult ready(Cluster cluster, long nowMs) {
        Set<Node> readyNodes = new HashSet<>();
        Set<TopicPartition> unknownLeaders = null; // made when needed: normally every leader is known
        long nextDelay = Long.MAX_VALUE;
        boolean exhausted = memory.waitingThreads() > 0;
        boolean sendNow = exhausted || closed || flushesInProgress.get() > 0;
        long lingerMs = config.lingerMs();

        for (TopicQueues t : topics.values()) {
            PartitionQueue[] queues = t.queues;
            boolean trackLoad = t.stickyUsed && config.adaptivePartitioning();
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

    /**
     * Takes batches out for one Produce request per ready broker: for each broker, at most one batch per
     * partition (Kafka's rule), oldest first, as many as fit in {@code maxRequestSize} (the first always goes, so
     * an oversized batch cannot get stuck). The partition a broker's scan starts at rotates across drains - to
     * the first partition that did not fit, if any, so it goes first next time - so no partition is starved.
     * Muted partitions, retries still backing off and partitions the {@link DrainHook} holds back are skipped.
     * Every batch returned is closed (its final bytes written) and counted as an attempt. Sender thread.
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
                if (!ready.isEmpty() && (long) bytes + estimatedWireBytes(b) > maxRequestSize) {
                    if (firstSkipped < 0) {
                        firstSkipped = i;
                    }
                    continue;
                }
                q.pollFirst();
                if (b.attempts() == 0 && b.chargedBytes() <= config.batchSize()) {
                    q.capacityHint = roundedCapacity(b.sizeInBytes()); // how much this partition gathers per send
                }
                b.seal();
                b.markDrained(nowMs);
            }
            if (!b.isClosed()) {
                drainHook.close(b); // no lock: the CRC pass over the batch does not hold up appends
                if (!b.isClosed()) {
                    throw new IllegalStateException("DrainHook " + drainHook + " did not close " + b);
                }
            }
            bytes += b.sizeInBytes();
            ready.add(b);
        }
        nq.next = firstSkipped >= 0 ? firstSkipped : (start + 1) % n;
        if (!ready.isEmpty()) {
            drainStats.record(ready, nowMs);
        }
        return ready;
    }

    /** Sender thread: rebuilds broker -&gt; partition queues when the metadata or the set of queues changed. */
    private void refreshNodeIndex(Cluster cluster) {
        int version = queuesVersion.get();
        if (cluster == indexCluster && version == indexVersion) {
            return;
        }
        Map<Integer, List<PartitionQueue>> lists = new HashMap<>();
        for (TopicQueues t : topics.values()) {
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

    /**
     * Puts a batch whose attempt failed with a retriable error back at the front of its partition, in record
     * (sequence) order among other retried batches, with the configured exponential backoff
     * ({@code retry.backoff.ms} doubling per attempt up to {@code retry.backoff.max.ms}, with jitter). It keeps
     * its bytes and producer state; memory stays charged. Sender thread.
     */
    public void reenqueue(ProducerBatch batch, long nowMs) {
        reenqueue(batch, nowMs, backoffMs(batch.attempts()));
    }

    /** As {@link #reenqueue(ProducerBatch, long)} with the backoff chosen by the caller. */
    public void reenqueue(ProducerBatch batch, long nowMs, long backoffMs) {
        PartitionQueue q = topicQueues(batch.topicPartition().topic()).queue(batch.topicPartition().partition());
        RuntimeException aborted;
        synchronized (q) {
            aborted = abortReason;
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

    /** {@code retry.backoff.ms * 2^(attempts-1)}, capped at {@code retry.backoff.max.ms}, +/- jitter (KIP-580). */
    long backoffMs(int attempts) {
        long base = config.retryBackoffMs();
        long max = Math.max(base, config.retryBackoffMaxMs());
        int shift = Math.min(Math.max(attempts - 1, 0), 30);
        double nominal = Math.min((double) max, (double) base * (1L << shift));
        double jitter = config.retryBackoffJitter();
        if (jitter > 0) {
            nominal *= 1 - jitter + 2 * jitter * ThreadLocalRandom.current().nextDouble();
        }
        return (long) nominal;
    }

    /**
     * A batch the broker rejected as too large (MESSAGE_TOO_LARGE): splits it into batches of at most
     * {@code targetBytes} (at least two; see {@link ProducerBatch#splitForRetry}) and queues them at the front
     * of the partition in record order, sendable at once. Each record's hook moves to its new batch. The split
     * batch is done (its memory released; it must not be completed). Sender thread.
     *
     * @param targetBytes typically half the rejected batch's size, or {@code batch.size} if it was bigger
     * @return the number of new batches; 0 if a forced close ({@link #abortAll}) already aborted the batch
     * @throws IllegalStateException if the batch holds a single record (fail it instead) or is not in flight
     */
    public int splitAndReenqueue(ProducerBatch batch, int targetBytes, long nowMs) {
        List<ProducerBatch> children = batch.splitForRetry(targetBytes);
        TopicPartition tp = batch.topicPartition();
        PartitionQueue q = topicQueues(tp.topic()).queue(tp.partition());
        List<ProducerBatch> abort = List.of();
        synchronized (q) {
            if (abortReason == null) {
                for (ProducerBatch c : children) {
                    if (!c.isDone()) {
                        c.markRetry(nowMs); // no backoff: a different request, not a repeat of a failed one
                        q.insertInOrder(c);
                    }
                }
            } else {
                abort = children;
            }
        }
        for (ProducerBatch c : abort) {
            c.abort(abortReason);
        }
        return children.size();
    }

    public void mutePartition(TopicPartition tp) {
        muted.add(tp);
    }

    public void unmutePartition(TopicPartition tp) {
        muted.remove(tp);
    }

    public boolean isMuted(TopicPartition tp) {
        return muted.contains(tp);
    }

    /**
     * Removes the queued batches whose {@code delivery.timeout.ms} (counted from creation) has passed and
     * returns them <em>without</em> completing them, so that the sender can first note which had been sent
     * ({@link ProducerBatch#hasBeenSent()}: their sequence's fate is unknown) and then {@code fail} them. Batches
     * in flight are not here: the sender tracks its outstanding requests and passes those past their deadline to
     * {@link #abortExpiredBatches(long, List)}. Sender thread.
     */
    public List<ProducerBatch> expiredBatches(long nowMs) {
        List<ProducerBatch> expired = new ArrayList<>();
        long deliveryTimeoutMs = config.deliveryTimeoutMs();
        long next = Long.MAX_VALUE;
        for (TopicQueues t : topics.values()) {
            for (PartitionQueue q : t.queues) {
                if (q == null || q.size() == 0) {
                    continue;
                }
                synchronized (q) {
                    ProducerBatch b;
                    // Queues are in creation order, so the first batch that has time left ends the sweep.
                    while ((b = q.peekFirst()) != null) {
                        if (!b.expired(nowMs, deliveryTimeoutMs)) {
                            next = Math.min(next, b.createdMs() + deliveryTimeoutMs);
                            break;
                        }
                        q.pollFirst();
                        b.seal();
                        expired.add(b);
                    }
                }
            }
        }
        nextExpiryMs = next;
        return expired;
    }

    /**
     * Removes every queued batch (not those in flight) and returns them <em>without</em> completing them, for the
     * sender to fail: when something makes every queued record hopeless at once (the producer cannot
     * authenticate). Unlike {@link #abortAll} the accumulator stays open: later sends are accepted. Sender
     * thread.
     */
    public List<ProducerBatch> removeQueuedBatches() {
        List<ProducerBatch> out = new ArrayList<>();
        for (TopicQueues t : topics.values()) {
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

    /**
     * {@link #expiredBatches} and fails each with a {@link TimeoutException} naming {@code delivery.timeout.ms}.
     *
     * @return the failed batches (for the sender's idempotence bookkeeping)
     */
    public List<ProducerBatch> abortExpiredBatches(long nowMs) {
        return abortExpiredBatches(nowMs, List.of());
    }

    /**
     * Fails every batch whose {@code delivery.timeout.ms} has passed: the queued ones ({@link #expiredBatches}) and
     * {@code inFlight}, the batches the sender found expired while a produce request holding them is still
     * outstanding (see {@link ProducerBatch#expireInFlight}: their records fail now, their bytes stay until the
     * request ends). Each fails with a {@link TimeoutException} naming {@code delivery.timeout.ms}.
     *
     * <p>Order: within a partition, batches fail in record order whichever list they come from (a retried batch
     * waiting in its queue may be older than a newer one in flight), so that callbacks of a partition still run
     * in send order. Sender thread.
     *
     * @param inFlight batches of outstanding requests whose delivery timeout has passed (the sender's call)
     * @return the queued batches failed (for the sender's idempotence bookkeeping: a queued batch that had been
     *         sent gave up its sequence); the in-flight ones are not in it, their request's answer settles that
     */
    public List<ProducerBatch> abortExpiredBatches(long nowMs, List<ProducerBatch> inFlight) {
        List<ProducerBatch> queued = expiredBatches(nowMs);
        List<ProducerBatch> all = queued;
        if (!inFlight.isEmpty()) {
            all = new ArrayList<>(queued.size() + inFlight.size());
            all.addAll(queued);
            all.addAll(inFlight);
            all.sort(RECORD_ORDER);
        }
        for (ProducerBatch b : all) {
            String how = b.hasRequestOutstanding()
                    ? " (sent " + b.attempts() + " time(s); the last request is still unanswered)"
                    : b.hasBeenSent() ? " (sent " + b.attempts() + " time(s) without success)" : " (never sent)";
            TimeoutException e = new TimeoutException("Expiring " + b.recordCount() + " record(s) for "
                    + b.topicPartition() + ": " + (nowMs - b.createdMs()) + " ms has passed since batch creation,"
                    + " delivery.timeout.ms=" + config.deliveryTimeoutMs() + how);
            if (b.hasRequestOutstanding()) {
                b.expireInFlight(e);
            } else {
                b.fail(e);
            }
        }
        return queued;
    }

    /** Per partition, record order; partitions in any consistent order. */
    private static final java.util.Comparator<ProducerBatch> RECORD_ORDER = (a, b) -> {
        int c = a.topicPartition().topic().compareTo(b.topicPartition().topic());
        if (c == 0) {
            c = Integer.compare(a.topicPartition().partition(), b.topicPartition().partition());
        }
        return c != 0 ? c : Long.compare(a.firstRecordNo(), b.firstRecordNo());
    };

    /** The earliest creation + {@code delivery.timeout.ms} of a queued batch, as of the last expiry sweep. */
    public long nextExpiryTimeMs() {
        return nextExpiryMs;
    }

    // =============================================================================================================
    // Flush, close, abort (any thread)
    // =============================================================================================================

    /** Makes every batch sendable now, until the matching {@link #awaitFlushCompletion}; wakes the sender. */
    public void beginFlush() {
        flushesInProgress.incrementAndGet();
        senderWakeup.run();
    }

    /**
     * Waits until every batch that exists now - so every batch created before the flush began - is done
     * (including, for a split batch, the smaller batches its records went to), and its hooks have run. Ends the
     * flush started by {@link #beginFlush} whatever happens.
     *
     * @return false if {@code timeoutMs} passed first
     */
    public boolean awaitFlushCompletion(long timeoutMs) throws InterruptedException {
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            for (ProducerBatch b : new ArrayList<>(incomplete)) {
                if (!b.awaitDone(deadline)) {
                    return false;
                }
            }
            return true;
        } finally {
            flushesInProgress.decrementAndGet();
        }
    }

    public boolean flushInProgress() {
        return flushesInProgress.get() > 0;
    }

    /** True while some partition has a queued batch (not yet drained, or re-enqueued). */
    public boolean hasUndrained() {
        for (TopicQueues t : topics.values()) {
            for (PartitionQueue q : t.queues) {
                if (q != null && q.size() > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True while some batch is not done (queued or in flight). */
    public boolean hasIncomplete() {
        return !incomplete.isEmpty();
    }

    /**
     * Stops accepting records: appends fail with {@link ClosedException}, threads waiting for memory are woken
     * with one, and every queued batch becomes sendable at once (graceful close: the sender keeps draining).
     */
    public void close() {
        closed = true;
        memory.close();
        senderWakeup.run();
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Forced close: {@link #close}s, then fails every batch that is not done - queued or in flight - with
     * {@code reason}. A response arriving later for a batch that was in flight is ignored
     * ({@link ProducerBatch#complete} returns false); a retry or split attempted later aborts its batches
     * instead of queueing them. Any thread.
     */
    public void abortAll(RuntimeException reason) {
        Objects.requireNonNull(reason, "reason");
        abortReason = reason;
        close();
        // Loop: a split racing with us may register new batches after our first pass.
        while (!incomplete.isEmpty()) {
            for (ProducerBatch b : new ArrayList<>(incomplete)) {
                TopicPartition tp = b.topicPartition();
                PartitionQueue q = topicQueues(tp.topic()).queue(tp.partition());
                synchronized (q) {
                    if (b.isQueued()) {
                        q.remove(b);
                    }
                    b.seal();
                }
                b.abort(reason); // no lock: runs hooks; a no-op if a response completed it first
            }
            Thread.onSpinWait();
        }
    }

    // =============================================================================================================
    // State
    // =============================================================================================================

    /** The memory accounting ({@code buffer.memory}). */
    public BatchMemory memory() {
        return memory;
    }

    public AccumulatorConfig config() {
        return config;
    }

    /** The topic's sticky partitioner (created with the topic's queues). */
    public StickyPartitioner stickyPartitioner(String topic) {
        return topicQueues(topic).sticky;
    }

    /** A consistent-enough snapshot for metrics; any thread. */
    public AccumulatorStats stats() {
        return drainStats.snapshot(memory, config.batchSize());
    }

    /** Batches queued for {@code tp} right now (tests, metrics). */
    public int queuedBatches(TopicPartition tp) {
        TopicQueues t = topics.get(tp.topic());
        if (t == null) {
            return 0;
        }
        PartitionQueue[] queues = t.queues;
        return tp.partition() < queues.length && queues[tp.partition()] != null
                ? queues[tp.partition()].size() : 0;
    }

    // =============================================================================================================
    // Package-private hooks for ProducerBatch
    // =============================================================================================================

    // ---- compression (sender thread) ---------------------------------------------------------------------

    /**
     * The most uncompressed bytes a new batch of topic {@code t} may grow to: {@code batch.size} without
     * compression; with it, what should compress to about {@code batch.size} at the topic's estimated ratio
     * (plus 5% for safety), never less than {@code batch.size} and never more than {@code max.request.size}.
     * Application threads, any lock: reads one volatile.
     */
    private int batchLimit(TopicQueues t) {
        int batchSize = config.batchSize();
        if (compressor == null) {
            return batchSize;
        }
        double ratio = t.compressionRatio;
        double estimate = RecordBatch.HEADER_SIZE
                + Math.max(0, batchSize - RecordBatch.HEADER_SIZE) / (ratio * COMPRESSION_SAFETY_FACTOR);
        long limit = (long) Math.min(estimate, (double) config.maxRequestSize());
        return (int) Math.max(batchSize, limit);
    }

    /** A batch's size on the wire: exact once closed, else estimated from the topic's compression ratio. */
    private int estimatedWireBytes(ProducerBatch b) {
        if (compressor == null || b.isClosed()) {
            return b.sizeInBytes();
        }
        double ratio = topicQueues(b.topicPartition().topic()).compressionRatio;
        return (int) Math.min(Integer.MAX_VALUE, RecordBatch.HEADER_SIZE
                + (b.sizeInBytes() - RecordBatch.HEADER_SIZE) * ratio * COMPRESSION_SAFETY_FACTOR);
    }

    /**
     * Sender thread, from {@link ProducerBatch#close}: the bytes to send for a closed batch - {@code plain}
     * itself without compression, else a compressed copy, whose bytes are charged to {@code buffer.memory}
     * (without blocking: this thread is the one that frees memory) until the batch is done. Feeds the topic's
     * ratio estimate.
     *
     * @return the wire bytes and the bytes charged for them (0 without compression)
     */
    ByteBuffer compress(ProducerBatch b, ByteBuffer plain) {
        if (compressor == null) {
            return plain;
        }
        ByteBuffer wire = RecordBatchBuilder.compress(plain, compressor);
        memory.reserveForced(wire.capacity());
        int plainRecords = plain.remaining() - RecordBatch.HEADER_SIZE;
        if (plainRecords > 0) {
            TopicQueues t = topicQueues(b.topicPartition().topic());
            double observed = (wire.capacity() - RecordBatch.HEADER_SIZE) / (double) plainRecords;
            double est = t.compressionRatio;
            // Up at once (an underestimate makes batches bigger than batch.size on the wire), down gradually
            // (one well-compressing batch should not make the next ones huge).
            t.compressionRatio = observed >= est ? observed
                    : Math.max(MIN_COMPRESSION_RATIO, est + (observed - est) * COMPRESSION_RATIO_STEP);
        }
        return wire;
    }

    /** The estimated compressed/uncompressed ratio of the topic's batches (1.0 until one was compressed). */
    public double estimatedCompressionRatio(String topic) {
        return topicQueues(topic).compressionRatio;
    }

    /**
     * Frees the compressor's native state. Call once the sender thread has stopped (the producer's close does,
     * after stopping its I/O thread); a batch closed afterwards would fail.
     */
    public void releaseCompressor() {
        if (compressor != null) {
            try {
                compressor.close();
            } catch (RuntimeException e) {
                log.warn("Releasing the {} compressor failed", compressor.type(), e);
            }
        }
    }

    /**
     * Where finished batches run their records' hooks; {@link CompletionExecutor#INLINE} until the producer sets
     * its callback thread. Set before the first append.
     */
    public void setCompletionExecutor(CompletionExecutor executor) {
        this.completionExecutor = java.util.Objects.requireNonNull(executor, "executor");
    }

    CompletionExecutor completionExecutor() {
        return completionExecutor;
    }

    /**
     * A batch is done (completed, failed, aborted, split): forget it and, unless a request still holds its bytes
     * ({@code releaseMemory} false: {@link #releaseHeld} follows when the request finishes), release its memory.
     * Exactly once.
     */
    void onBatchDone(ProducerBatch b, boolean releaseMemory) {
        incomplete.remove(b);
        if (releaseMemory) {
            memory.release(b.chargedBytes());
        }
    }

    /** A done batch's bytes that a request held until now (sender thread). */
    void releaseHeld(int bytes) {
        memory.release(bytes);
    }

    /**
     * A finished batch's buffer that nothing refers to any more, or null: kept for a new batch if the pool takes
     * it. Callback thread (after the batch's hooks ran) or sender thread.
     */
    void recycle(ByteBuffer buffer) {
        if (buffer != null) {
            pool.recycle(buffer);
        }
    }

    /** Bytes of recycled buffers kept for new batches right now (tests). */
    long pooledBytes() {
        return pool.pooledBytes();
    }

    /** A split child's buffer: charged without blocking (sender thread). */
    ByteBuffer allocateForSplit(int bytes) {
        memory.reserveForced(bytes);
        return ByteBuffer.allocate(bytes);
    }

    void registerSplitChild(ProducerBatch child) {
        incomplete.add(child);
    }

    /** A split child that was built but will not be used (the split failed): give its buffer's bytes back. */
    void releaseUnregistered(ProducerBatch child) {
        memory.release(child.chargedBytes());
    }

    /** Incomplete batches right now (tests). */
    List<ProducerBatch> incompleteBatches() {
        return Collections.unmodifiableList(new ArrayList<>(incomplete));
    }

    // =============================================================================================================
    // Internals
    // =============================================================================================================

    /**
     * One topic: its partitions' queues indexed by partition number, and its sticky partitioner. The array is
     * replaced (copy-on-write, under this object's monitor) when a queue is created, which happens once per
     * partition; lookups read the volatile array without locking.
     */
    private final class TopicQueues {
        final String topic;
        final StickyPartitioner sticky;
        volatile PartitionQueue[] queues = new PartitionQueue[0];
        /** Set once an unkeyed record used the sticky partitioner: only then is the load worth reporting. */
        volatile boolean stickyUsed;
        /** When the topic's newest batch was created, for {@code metadata.max.idle.ms}; -1 before any. */
        volatile long lastBatchCreatedMs = -1;
        /**
         * Estimated compressed/uncompressed size of the topic's records: written by the sender thread after each
         * compression, read by appending threads to size new batches (see {@link #batchLimit}).
         */
        volatile double compressionRatio = 1.0;

        TopicQueues(String topic, StickyPartitioner sticky) {
            this.topic = topic;
            this.sticky = sticky;
        }

        PartitionQueue queue(int partition) {
            PartitionQueue[] qs = queues;
            if (partition < qs.length) {
                PartitionQueue q = qs[partition];
                if (q != null) {
                    return q;
                }
            }
            return create(partition);
        }

        private synchronized PartitionQueue create(int partition) {
            PartitionQueue[] qs = queues;
            if (partition < qs.length && qs[partition] != null) {
                return qs[partition];
            }
            PartitionQueue[] grown = Arrays.copyOf(qs, Math.max(qs.length, partition + 1));
            PartitionQueue q = new PartitionQueue(new TopicPartition(topic, partition));
            grown[partition] = q;
            queues = grown;
            queuesVersion.incrementAndGet();
            return q;
        }
    }

    /** Sender thread: one broker's partition queues and where the next drain starts. */
    private static final class NodeQueues {
        final PartitionQueue[] queues;
        int next;

        NodeQueues(PartitionQueue[] queues) {
            this.queues = queues;
        }
    }

    /** Drain statistics: the sender records once per drained broker list; readers take a snapshot. */
    private static final class DrainStats {
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
