package io.samsa.accumulator;

import io.samsa.common.Node;
import io.samsa.common.utils.Time;
import io.samsa.common.TopicPartition;
import io.samsa.common.header.Header;
import io.samsa.common.errors.ClosedException;
import io.samsa.common.errors.RecordTooLargeException;
import io.samsa.common.errors.TimeoutException;
import io.samsa.common.Cluster;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;
import io.samsa.protocol.record.compression.CompressionType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Collects records into per-partition batches, built in place in their final wire form, until the I/O thread
 * takes them out for a Produce request. This class is the application threads' side - appending, flushing,
 * closing - and the owner of the parts both sides share; the I/O thread's side is the {@link BatchDrainer} and
 * {@link DeliveryTimeouts} it hands out.
 *
 * <pre>
 *   application threads                shared                          I/O thread
 *   append / tryAppend  ──&gt;  QueueTable (PartitionQueue each)  &lt;──  BatchDrainer: ready, drain, reenqueue,
 *   flush, close, abortAll    BatchResources: BatchMemory,             split (BatchSplitter), compress
 *                             BufferPool, IncompleteBatches,           (BatchCompressor)
 *                             CompletionExecutor                 &lt;──  DeliveryTimeouts: expiry
 *                             AccumulatorState, BusyNodes
 * </pre>
 *
 * <h2>What differs from Apache's RecordAccumulator, and why</h2>
 * <ul>
 *   <li><b>Memory grows with data, not with partitions.</b> A new batch starts with a small buffer and doubles up
 *       to {@code batch.size} ({@link BatchSizes}); Apache reserves a full {@code batch.size} buffer for every
 *       partition that has any data. {@code buffer.memory} is charged by what is really allocated.</li>
 *   <li><b>A buffer is never reused while on the wire.</b> Finished {@code batch.size} buffers are recycled
 *       ({@link BufferPool}), but only once no request holding one is outstanding and its records' hooks ran, so a
 *       request can never send another batch's bytes (KAFKA-19012).</li>
 *   <li><b>No allocation or blocking under a lock.</b> A new or bigger buffer is reserved and allocated with no
 *       lock held, then the append is retried; if the partition changed meanwhile (another thread started a
 *       batch) the spare buffer is used or given back.</li>
 *   <li><b>Fair, prompt blocking.</b> Threads waiting for {@code buffer.memory} queue FIFO and are signalled the
 *       moment their bytes are free ({@link BatchMemory}); while anyone waits, every batch is sendable so memory
 *       frees up fast.</li>
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
 *  I/O thread  drainer.ready(cluster, now)  -&gt; leaders with sendable batches + how long to sleep
 *              drainer.drain(cluster, nodes, max.request.size, now) -&gt; per leader: one batch per partition,
 *                                     stamped with producer state by the DrainHook (then compressed)
 *              ... Produce request, response ...
 *              batch.complete(baseOffset, logAppendTime) | batch.fail(e) | drainer.reenqueue(batch) |
 *              drainer.splitAndReenqueue(batch) | timeouts.expire(now)  -&gt; every record's hook, memory released
 * </pre>
 *
 * <h2>Threads, ownership and locking</h2>
 * <ul>
 *   <li><b>Application threads</b> call {@link #append}/{@link #tryAppend} concurrently, and {@link #beginFlush},
 *       {@link #awaitFlushCompletion}, {@link #close}, {@link #abortAll}.</li>
 *   <li><b>The I/O thread</b> uses {@link #drainer()} and {@link #deliveryTimeouts()}, which own all of that
 *       thread's state, and completes batches.</li>
 *   <li><b>Locks.</b> One monitor per partition ({@link PartitionQueue}): held for one append, or one
 *       peek/poll/insert by the I/O thread. {@link BatchMemory} has its own lock, never taken while a partition
 *       lock is held (and vice versa), so there is no lock ordering to get wrong. Completion hooks run with no
 *       lock held.</li>
 *   <li><b>Hand-over.</b> A batch's fields are guarded by its partition's monitor while it is queued; the I/O
 *       thread owns it from drain to completion or re-enqueue. Completion is decided by compare-and-set (the only
 *       race: a response against a forced close).</li>
 * </ul>
 *
 * <h2>Compression</h2>
 * With {@code compression.type} set, records are still appended uncompressed (same hot path, exact sizes); the
 * I/O thread compresses each batch once, at drain ({@link BatchCompressor}). {@code batch.size} is about wire
 * bytes: a new batch may hold as many uncompressed bytes as should compress to {@code batch.size} at the topic's
 * estimated ratio ({@link CompressionRatioEstimator}), at least {@code batch.size} and at most
 * {@code max.request.size}. A compressed batch the broker still finds too large is split on its uncompressed
 * records ({@link BatchSplitter}).
 *
 * <h2>Hot path</h2>
 * An append into an open batch that has room: a map lookup for the topic, an array index for the partition,
 * one uncontended monitor, the in-place serialisation, one array store for the record's hook (its timestamp and
 * sizes are read back from the batch bytes at completion). No allocation (the hook array doubles per batch and
 * is not even created for hook-less records), no boxing, no clock read, no global lock.
 */
public final class RecordAccumulator {

    private static final Logger log = LoggerFactory.getLogger(RecordAccumulator.class);

    /** Pass as the partition to let the topic's {@link StickyPartitioner} choose (records without a key). */
    public static final int UNKNOWN_PARTITION = -1;

    private final AccumulatorConfig config;
    private final Time time;
    private final BatchSizes sizes;
    private final boolean compressed;
    private final BatchMemory memory;
    private final BatchResources resources;
    private final QueueTable table;
    private final AccumulatorState state = new AccumulatorState();
    private final Runnable senderWakeup;
    /** Brokers not worth waking the sender for: see {@link BusyNodes}. Published by the I/O thread. */
    private final BusyNodes busyNodes = new BusyNodes();
    private final BatchDrainer drainer;
    private final DeliveryTimeouts deliveryTimeouts;
    /** The spool's journal, or null without one. Set before the first append (see {@link #setJournal}). */
    private RecordJournal journal;
    /** Journal positions of the records that are in the journal only (see {@link PartitionQueue#spilled}). */
    private final java.util.concurrent.ConcurrentSkipListSet<Long> spilledPositions =
            new java.util.concurrent.ConcurrentSkipListSet<>();
    /** How many records are in the journal only; guarded by itself for the waits of flush. */
    private final Object spillMonitor = new Object();
    private long spilledRecords;
    /** Application threads' buffer to encode a record in before spilling it. */
    private static final ThreadLocal<ByteBuffer[]> SPILL_SCRATCH = ThreadLocal.withInitial(() -> new ByteBuffer[1]);

    /**
     * @param config             sizes and timeouts, validated by the configuration table
     * @param time               the clock (batch creation times; tests inject a manual one)
     * @param drainHook          stamps drained batches with producer state, may hold partitions back;
     *                           {@link DrainHook#NON_IDEMPOTENT} without idempotence
     * @param senderWakeup       called (no lock held) when an append starts or fills a batch, or a thread is
     *                           about to wait for memory: the sender should check readiness again now - unless the
     *                           partition's leader is in {@link #busyNodes()}. Must not block
     * @param leaderAvailability the record of brokers that could not take data
     *                           ({@code partitioner.availability.timeout.ms}); null for none
     */
    public RecordAccumulator(AccumulatorConfig config, Time time, DrainHook drainHook, Runnable senderWakeup,
                             LeaderAvailability leaderAvailability) {
        this.config = Objects.requireNonNull(config, "config");
        this.time = Objects.requireNonNull(time, "time");
        this.sizes = new BatchSizes(config.batchSize(), config.initialBatchBytes(), config.maxRequestSize(),
                config.bufferMemory());
        this.compressed = config.compressionType() != CompressionType.NONE;
        this.memory = new BatchMemory(config.bufferMemory());
        BufferPool pool = new BufferPool(config.batchSize(), BatchSizes.granule(config.batchSize()),
                config.initialBatchBytes(), config.bufferMemory());
        this.resources = new BatchResources(memory, pool, new IncompleteBatches());
        this.table = new QueueTable(topic -> new StickyPartitioner(topic, config.batchSize(),
                config.adaptivePartitioning()));
        this.senderWakeup = senderWakeup == null ? () -> { } : senderWakeup;
        this.drainer = new BatchDrainer(table, state, resources, sizes, config,
                Objects.requireNonNull(drainHook, "drainHook"), leaderAvailability);
        this.deliveryTimeouts = new DeliveryTimeouts(config.deliveryTimeoutMs(), table);
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
        if (partition < 0 || (timestamp < 0 && timestamp != RecordBatch.NO_TIMESTAMP) || journal != null) {
            return false;
        }
        TopicQueues t = table.existing(topic);
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
            if (state.isClosed() || last == null || !last.isOpen()
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
     * for them instead of the full path, which is large and compiled late.
     */
    private int appendToStickyBatch(String topic, long timestamp, byte[] key, byte[] value, Header[] headers,
                                    RecordCompletion completion, Cluster cluster) {
        if (cluster == null || (timestamp < 0 && timestamp != RecordBatch.NO_TIMESTAMP) || journal != null) {
            return -1;
        }
        TopicQueues t = table.existing(topic);
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
        boolean leftBehind;
        synchronized (q) {
            if (state.isClosed() || sticky.isStale(stint)) {
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
            leftBehind = appended(q, last, last.sizeInBytes() - before, sticky, stint, cluster);
        }
        if (leftBehind) {
            wakeSender(cluster, q.tp);
        }
        return p;
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
        TopicQueues t = table.topic(topic);
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
        ByteBuffer outgrown = null;     // and the buffer, given back to the pool after unlocking
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
                    if (state.isClosed()) {
                        throw closedForAppend(q.tp);
                    }
                    if (stint != null && sticky.isStale(stint)) {
                        continue; // another thread ended the stint between current() and our lock: pick again
                    }
                    if (stint != null) {
                        ProducerBatch newest = q.peekLast();
                        if ((newest == null || newest.isFull()) && sticky.switchIfHeldBack(stint, cluster)) {
                            continue; // the stint was due to end once its partly filled batch was gone
                        }
                    }
                    if (journal != null && q.spilled != null && !q.spilled.isEmpty()) {
                        spill(q, timestamp, key, value, headers, completion); // behind the partition's spilled ones
                        return p;
                    }
                    ProducerBatch last = q.peekLast();
                    if (last != null && !last.isOpen()) {
                        last = null;
                    }
                    if (last != null) {
                        int before = last.sizeInBytes();
                        long maxTimestampBefore = journal != null ? last.maxTimestamp() : 0;
                        if (last.tryAppend(timestamp, key, value, headers, completion) >= 0) {
                            if (journal != null) {
                                journal(last, before, maxTimestampBefore);
                            }
                            if (appended(q, last, last.sizeInBytes() - before, sticky, stint, cluster)) {
                                wakeFor = q;
                            }
                            return p;
                        }
                    }
                    if (bound < 0) {
                        bound = sizes.boundFor(q.tp, key, value, headers);
                    }
                    int recordBound = bound - RecordBatch.HEADER_SIZE;
                    boolean grow = last != null && last.canGrow()
                            && (long) last.sizeInBytes() + recordBound <= last.maxCapacity();
                    if (grow) {
                        need = BatchSizes.growTarget(last, recordBound);
                        if (spare != null && spare.capacity() >= need && spare.capacity() <= last.maxCapacity()) {
                            outgrown = last.buffer(); // never sent nor read by a hook: free once copied
                            toRelease += last.moveTo(spare);
                            spare = null;
                            int before = last.sizeInBytes();
                            long maxTimestampBefore = journal != null ? last.maxTimestamp() : 0;
                            if (last.tryAppend(timestamp, key, value, headers, completion) < 0) {
                                throw new IllegalStateException("record did not fit after growing " + last
                                        + " for an upper bound of " + recordBound + " bytes (sizing bug)");
                            }
                            if (journal != null) {
                                journal(last, before, maxTimestampBefore);
                            }
                            if (appended(q, last, last.sizeInBytes() - before, sticky, stint, cluster)) {
                                wakeFor = q;
                            }
                            return p;
                        }
                    } else {
                        if (last != null) {
                            last.seal(); // full for this record: it becomes sendable, a new batch follows
                            q.capacityHint = sizes.roundedCapacity(last.sizeInBytes());
                            wakeFor = q;
                        }
                        need = sizes.newBatchCapacity(bound, q.capacityHint);
                        if (spare != null && spare.capacity() >= need) {
                            int maxCapacity = Math.max(sizes.batchLimit(compressed ? t.compression : null),
                                    spare.capacity());
                            ProducerBatch b = new ProducerBatch(resources, q.tp, spare, maxCapacity, spareCreatedMs,
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
                            resources.register(b);
                            q.addLast(b);
                            if (journal != null) {
                                try {
                                    // Registered first: the spool's release never passes a record whose batch
                                    // it cannot see.
                                    journal(b, before, RecordBatch.NO_TIMESTAMP);
                                } catch (RuntimeException e) {
                                    q.remove(b);
                                    b.discardEmpty();
                                    throw e;
                                }
                            }
                            t.lastBatchCreatedMs = spareCreatedMs; // once per batch, not per record
                            if (sizes.oversized(bound)) {
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
                    resources.release(spare.capacity()); // the wrong size for what the partition needs now
                    resources.recycle(spare); // never used by a batch
                    spare = null;
                }
                if (!memory.tryReserve(need)) {
                    if (journal != null) {
                        // buffer.memory is full: with a spool the record waits there instead of send() waiting.
                        synchronized (q) {
                            if (state.isClosed()) {
                                throw closedForAppend(q.tp);
                            }
                            spill(q, timestamp, key, value, headers, completion);
                        }
                        wakeFor = q;
                        return p;
                    }
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
                    spare = resources.allocate(need);
                } catch (Throwable e) {
                    resources.release(need);
                    throw e;
                }
                spareCreatedMs = time.milliseconds();
            }
        } finally {
            if (spare != null) {
                resources.release(spare.capacity());
                resources.recycle(spare);
            }
            resources.release(toRelease);
            resources.recycle(outgrown);
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
    // =============================================================================================================
    // Spilling: records in the journal only (spool.dir, while buffer.memory is full or after a restart)
    // =============================================================================================================

    /**
     * Writes the record to the journal only, behind the partition's other spilled records; the I/O thread moves it
     * into a batch when memory frees ({@link #refill}). Under the partition lock.
     */
    private void spill(PartitionQueue q, long timestamp, byte[] key, byte[] value, Header[] headers,
                       RecordCompletion completion) {
        int bound = RecordBatchBuilder.sizeInBytesUpperBound(key == null ? -1 : key.length,
                value == null ? -1 : value.length, headers);
        ByteBuffer[] holder = SPILL_SCRATCH.get();
        if (holder[0] == null || holder[0].capacity() < bound) {
            holder[0] = ByteBuffer.allocate(Math.max(bound, 4096));
        }
        ByteBuffer scratch = holder[0];
        scratch.clear();
        RecordBatchBuilder one = new RecordBatchBuilder(scratch);
        if (one.tryAppend(timestamp, key, value, headers) < 0) {
            throw new IllegalStateException("record did not fit its own bound of " + bound + " bytes (sizing bug)");
        }
        ByteBuffer record = scratch.duplicate();
        record.limit(one.sizeInBytes()).position(RecordBatch.HEADER_SIZE);
        long position = journal.recordSpilled(q.tp, q.nextRecordNo, timestamp, record.slice());
        if (q.spilled == null) {
            q.spilled = new java.util.ArrayDeque<>();
        }
        q.spilled.addLast(new PartitionQueue.Spilled(position, q.nextRecordNo, completion));
        spilledPositions.add(position);
        q.nextRecordNo++;
        synchronized (spillMonitor) {
            spilledRecords++;
        }
    }

    /**
     * Puts records that are in the journal only at the tail of their partition (after {@link #restore}'s batches):
     * a restarted producer's records never sent, moved into batches as memory allows ({@link #refill}).
     *
     * @param spilled per record: its journal position and its record number, in order
     */
    public void restoreSpilled(TopicPartition tp, List<long[]> spilled) {
        if (spilled.isEmpty()) {
            return;
        }
        PartitionQueue q = table.topic(tp.topic()).queue(tp.partition());
        synchronized (q) {
            if (q.spilled == null) {
                q.spilled = new java.util.ArrayDeque<>();
            }
            for (long[] s : spilled) {
                q.spilled.addLast(new PartitionQueue.Spilled(s[0], s[1], null));
                spilledPositions.add(s[0]);
            }
        }
        synchronized (spillMonitor) {
            spilledRecords += spilled.size();
        }
    }

    /** How many records are in the journal only right now. */
    public long spilledRecords() {
        synchronized (spillMonitor) {
            return spilledRecords;
        }
    }

    /**
     * I/O thread: moves spilled records, oldest first per partition, into new batches as long as
     * {@code buffer.memory} has room without waiting. Each new batch takes records up to {@code batch.size}.
     *
     * @return true if records remain spilled (call again when memory frees)
     */
    public boolean refill() {
        if (spilledRecords() == 0) {
            return false;
        }
        for (TopicQueues t : table.topics()) {
            for (PartitionQueue q : t.queues) {
                if (q != null && !refill(q)) {
                    return true; // memory is full: no other partition would get any either
                }
            }
        }
        return spilledRecords() > 0;
    }

    /** Batches a partition may have queued before more of its spilled records are moved into memory. */
    private static final int REFILL_AHEAD_BATCHES = 2;

    /** Refills one partition; false when memory ran out before its spilled records did. */
    private boolean refill(PartitionQueue q) {
        while (true) {
            List<PartitionQueue.Spilled> head = new java.util.ArrayList<>();
            synchronized (q) {
                if (q.spilled == null || q.spilled.isEmpty()) {
                    return true;
                }
                if (q.batchCount() >= REFILL_AHEAD_BATCHES) {
                    // Enough waits in memory already: while the leader cannot take data (an outage), the rest
                    // waits in the spool, where delivery.timeout.ms does not run.
                    return true;
                }
                for (PartitionQueue.Spilled s : q.spilled) {
                    head.add(s);
                    if (head.size() == 4096) {
                        break;
                    }
                }
            }
            // Read back outside the lock: appends to other records of the partition spill meanwhile.
            List<RestoredBatch.Record> records = new java.util.ArrayList<>();
            int bytes = RecordBatch.HEADER_SIZE;
            for (PartitionQueue.Spilled s : head) {
                RestoredBatch.Record r = journal.readRecord(s.position());
                int size = RecordBatchBuilder.sizeInBytesUpperBound(r.key() == null ? -1 : r.key().length,
                        r.value() == null ? -1 : r.value().length, r.headers()) - RecordBatch.HEADER_SIZE;
                if (!records.isEmpty() && bytes + size > sizes.batchSize()) {
                    break;
                }
                records.add(r);
                bytes += size;
            }
            if (!memory.tryReserve(bytes)) {
                return false;
            }
            ByteBuffer buffer;
            try {
                buffer = resources.allocate(bytes);
            } catch (Throwable e) {
                resources.release(bytes);
                throw e;
            }
            synchronized (q) {
                if (q.spilled == null || q.spilled.peekFirst() != head.get(0)) {
                    resources.release(bytes); // aborted meanwhile
                    resources.recycle(buffer);
                    return true;
                }
                ProducerBatch last = q.peekLast();
                if (last != null && last.isOpen()) {
                    last.seal(); // the refilled records follow it in a batch of their own
                }
                ProducerBatch b = new ProducerBatch(resources, q.tp, buffer, bytes, time.milliseconds(),
                        head.get(0).recordNo());
                long lowest = Long.MAX_VALUE;
                for (int i = 0; i < records.size(); i++) {
                    RestoredBatch.Record r = records.get(i);
                    PartitionQueue.Spilled s = q.spilled.pollFirst();
                    if (b.tryAppend(r.timestamp(), r.key(), r.value(), r.headers(), s.completion()) < 0) {
                        throw new IllegalStateException("refilled record did not fit " + bytes + " bytes (sizing bug)");
                    }
                    lowest = Math.min(lowest, s.position());
                }
                b.spoolPosition(lowest);
                resources.register(b); // before the positions leave the spilled set: the floor always sees them
                q.addLast(b);
                for (int i = 0; i < records.size(); i++) {
                    spilledPositions.remove(head.get(i).position());
                }
            }
            synchronized (spillMonitor) {
                spilledRecords -= records.size();
                if (spilledRecords == 0) {
                    spillMonitor.notifyAll();
                }
            }
            senderWakeup.run();
        }
    }

    /** Waits until no record is spilled (flush), at most until {@code deadlineNanos}; false if it passed. */
    private boolean awaitSpillDrained(long deadlineNanos) throws InterruptedException {
        synchronized (spillMonitor) {
            while (spilledRecords > 0) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(spillMonitor, left);
            }
            return true;
        }
    }

    /** Fails every spilled record's hook with {@code reason} (a forced close); the journal keeps them. */
    private void abortSpilled(RuntimeException reason) {
        for (TopicQueues t : table.topics()) {
            for (PartitionQueue q : t.queues) {
                if (q == null) {
                    continue;
                }
                List<PartitionQueue.Spilled> failed;
                synchronized (q) {
                    if (q.spilled == null || q.spilled.isEmpty()) {
                        continue;
                    }
                    failed = new java.util.ArrayList<>(q.spilled);
                    q.spilled.clear();
                }
                for (PartitionQueue.Spilled s : failed) {
                    spilledPositions.remove(s.position());
                    if (s.completion() != null) {
                        try {
                            s.completion().onCompletion(q.tp, -1, -1, -1, -1, reason);
                        } catch (RuntimeException e) {
                            log.warn("A record's completion threw", e);
                        }
                    }
                }
                synchronized (spillMonitor) {
                    spilledRecords -= failed.size();
                    spillMonitor.notifyAll();
                }
            }
        }
    }

    /**
     * Writes the record just appended to {@code batch} to the journal; if that fails, takes the record back out of
     * the batch (the batch is as before) and rethrows. Under the partition lock.
     */
    private void journal(ProducerBatch batch, int sizeBefore, long maxTimestampBefore) {
        long position;
        try {
            position = journal.recordAppended(batch, batch.sizeInBytes() - sizeBefore);
        } catch (RuntimeException e) {
            batch.undoLastAppend(sizeBefore, maxTimestampBefore);
            throw e;
        }
        batch.spoolPosition(position);
    }

    /**
     * Lock of {@code q} held: bookkeeping after a successful append to {@code batch}, its newest batch. Returns true
     * when the append ended the sticky stint with the batch open but as full as records of this size make it: the
     * batch is then sealed, since no unkeyed record comes here any more to find it full and seal it, and it would
     * otherwise wait out {@code linger.ms} (Apache's producer sends such a batch when the next record does not fit,
     * before it switches). The caller wakes the sender for it.
     */
    private static boolean appended(PartitionQueue q, ProducerBatch batch, int bytes, StickyPartitioner sticky,
                                    StickyPartitioner.Stint stint, Cluster cluster) {
        q.nextRecordNo++;
        if (sticky != null) {
            boolean full = noIncompleteBatch(batch, bytes);
            sticky.onAppend(stint, bytes, full, cluster);
            if (full && batch.isOpen() && sticky.isStale(stint)) {
                batch.seal();
                return true;
            }
        }
        return false;
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

    /**
     * When the topic last had data here, for {@code metadata.max.idle.ms}: {@code nowMs} while any of its
     * partitions has queued batches, else when its newest batch was created, or -1 if it never had one. Any
     * thread.
     */
    public long lastUsedMs(String topic, long nowMs) {
        TopicQueues t = table.existing(topic);
        if (t == null) {
            return -1;
        }
        return t.hasQueued() ? nowMs : t.lastBatchCreatedMs;
    }

    private static ClosedException closedForAppend(TopicPartition tp) {
        return new ClosedException("Cannot append a record to " + tp + ": the producer is closed or closing");
    }

    // =============================================================================================================
    // Flush, close, abort (any thread)
    // =============================================================================================================

    /** Makes every batch sendable now, until the matching {@link #awaitFlushCompletion}; wakes the sender. */
    public void beginFlush() {
        state.beginFlush();
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
            if (journal != null && !awaitSpillDrained(deadline)) {
                return false;
            }
            return resources.incomplete().awaitAll(deadline);
        } finally {
            state.endFlush();
        }
    }

    public boolean flushInProgress() {
        return state.flushInProgress();
    }

    /** True while some partition has a queued batch (not yet drained, or re-enqueued). */
    public boolean hasUndrained() {
        return table.hasQueued();
    }

    /** True while some batch is not done (queued or in flight). */
    public boolean hasIncomplete() {
        return !resources.incomplete().isEmpty();
    }

    /**
     * Stops accepting records: appends fail with {@link ClosedException}, threads waiting for memory are woken
     * with one, and every queued batch becomes sendable at once (graceful close: the sender keeps draining).
     */
    public void close() {
        state.close();
        memory.close();
        senderWakeup.run();
    }

    public boolean isClosed() {
        return state.isClosed();
    }

    /**
     * Forced close: {@link #close}s, then fails every batch that is not done - queued or in flight - with
     * {@code reason}. A response arriving later for a batch that was in flight is ignored
     * ({@link ProducerBatch#complete} returns false); a retry or split attempted later aborts its batches
     * instead of queueing them. Any thread.
     */
    public void abortAll(RuntimeException reason) {
        Objects.requireNonNull(reason, "reason");
        state.abort(reason);
        close();
        abortSpilled(reason);
        IncompleteBatches incomplete = resources.incomplete();
        // Loop: a split racing with us may register new batches after our first pass.
        while (!incomplete.isEmpty()) {
            for (ProducerBatch b : incomplete.snapshot()) {
                PartitionQueue q = table.queue(b.topicPartition());
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

    /** The I/O thread's side: readiness, drain, retries and splits. */
    public BatchDrainer drainer() {
        return drainer;
    }

    /** The I/O thread's {@code delivery.timeout.ms} bookkeeping. */
    public DeliveryTimeouts deliveryTimeouts() {
        return deliveryTimeouts;
    }

    /** The memory accounting ({@code buffer.memory}). */
    public BatchMemory memory() {
        return memory;
    }

    public AccumulatorConfig config() {
        return config;
    }

    /** The topic's sticky partitioner (created with the topic's queues). */
    public StickyPartitioner stickyPartitioner(String topic) {
        return table.topic(topic).sticky;
    }

    /** A consistent-enough snapshot for metrics; any thread. */
    public AccumulatorStats stats() {
        return drainer.stats().snapshot(memory, config.batchSize());
    }

    /** Batches queued for {@code tp} right now (tests, metrics). */
    public int queuedBatches(TopicPartition tp) {
        return table.queuedBatches(tp);
    }

    /**
     * Journals every record appended from now on, and every batch outcome ({@code spool.dir}). Set once, while the
     * producer is being built: before any append and before the I/O thread starts. With a journal, appends take
     * the full path (the small fast paths do not journal).
     */
    public void setJournal(RecordJournal journal) {
        this.journal = Objects.requireNonNull(journal, "journal");
        resources.setJournal(journal);
    }

    /**
     * Puts records read back from the spool at the head of their partition, before anything new, as batches the
     * caller composed: {@code stamped} ones keep the producer id, epoch and base sequence they were sent with.
     * Memory is charged without blocking (it may go over {@code buffer.memory} until they are sent). Called while
     * the producer is being built, before the first append; the records are already in the journal, so they are
     * not journaled again.
     *
     * @param nextRecordNo the partition's next record number: past every number the journal has seen for it
     */
    public void restore(TopicPartition tp, long nextRecordNo, List<RestoredBatch> batches) {
        PartitionQueue q = table.topic(tp.topic()).queue(tp.partition());
        synchronized (q) {
            for (RestoredBatch r : batches) {
                int bytes = RecordBatch.HEADER_SIZE;
                for (RestoredBatch.Record rec : r.records()) {
                    bytes += RecordBatchBuilder.sizeInBytesUpperBound(rec.key() == null ? -1 : rec.key().length,
                            rec.value() == null ? -1 : rec.value().length, rec.headers());
                }
                ByteBuffer buffer = resources.allocateForced(bytes);
                ProducerBatch b = new ProducerBatch(resources, tp, buffer, bytes, time.milliseconds(),
                        r.firstRecordNo());
                for (RestoredBatch.Record rec : r.records()) {
                    if (b.tryAppend(rec.timestamp(), rec.key(), rec.value(), rec.headers(), null) < 0) {
                        throw new IllegalStateException("restored record did not fit " + bytes + " bytes (sizing bug)");
                    }
                }
                b.spoolPosition(r.spoolPosition());
                b.seal();
                if (r.producerId() >= 0) {
                    b.stamp(r.producerId(), r.producerEpoch(), r.baseSequence());
                    b.spoolIdentityChanged(); // already in the journal with this identity
                }
                resources.register(b);
                q.addLast(b);
            }
            q.nextRecordNo = Math.max(q.nextRecordNo, nextRecordNo);
        }
        senderWakeup.run();
    }

    /**
     * The lowest journal position a record not yet done may be at: everything below may be released. {@code end}
     * when no batch is incomplete; -1 when it cannot tell right now (a batch is between its registration and its
     * first record's journal entry). Any thread; {@code end} must be read before calling.
     */
    public long journalFloor(long end) {
        if (state.abortReason() != null) {
            return -1; // aborted records stay in the journal for the next producer, though no batch holds them now
        }
        long floor = end;
        Long spilledFirst = spilledPositions.isEmpty() ? null : spilledPositions.first();
        if (spilledFirst != null) {
            floor = Math.min(floor, spilledFirst);
        }
        for (ProducerBatch b : resources.incomplete().snapshot()) {
            long p = b.spoolPosition();
            if (p < 0) {
                return -1;
            }
            floor = Math.min(floor, p);
        }
        return floor;
    }

    /**
     * Where finished batches run their records' hooks; {@link CompletionExecutor#INLINE} until the producer sets
     * its callback thread. Set before the first append.
     */
    public void setCompletionExecutor(CompletionExecutor executor) {
        resources.setCompletionExecutor(executor);
    }

    /**
     * Frees the compressor's native state. Call once the I/O thread has stopped (the producer's close does,
     * after stopping its I/O thread); a batch drained afterwards would fail.
     */
    public void releaseCompressor() {
        drainer.releaseCompressor();
    }

    /** Bytes of recycled buffers kept for new batches right now (tests). */
    long pooledBytes() {
        return resources.pooledBytes();
    }

    /** Recycled completion arrays kept for new batches right now (tests). */
    long pooledArrays() {
        return resources.pooledArrays();
    }

    /** Incomplete batches right now (tests). */
    List<ProducerBatch> incompleteBatches() {
        return java.util.Collections.unmodifiableList(resources.incomplete().snapshot());
    }
}
