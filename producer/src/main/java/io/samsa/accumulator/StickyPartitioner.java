package io.samsa.accumulator;

import io.samsa.common.PartitionInfo;
import io.samsa.common.Cluster;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * Where a topic's records without a key (or with keys ignored) go: Apache Kafka's "uniform sticky" partitioning
 * (KIP-480, revised by KIP-794), one instance per topic.
 *
 * <h2>Why sticky</h2>
 * Spreading unkeyed records one by one over n partitions makes n small batches where one full batch would do:
 * more requests, worse compression, higher latency. Instead every record goes to the same partition (the
 * sticky one) until about a batch's worth of bytes went there, then a new partition is chosen. Over time each
 * partition gets the same number of bytes, in full batches.
 *
 * <h2>The rules</h2>
 * <ul>
 *   <li>After each append the accumulator reports the record's size ({@link #onAppend}). The partition
 *       switches when the bytes sent to it in this stint reach {@code batch.size} <em>and</em> the partition
 *       has no incomplete batch (so the switch happens at a batch boundary and does not strand a small batch),
 *       or unconditionally when they reach {@code 2 x batch.size} (so a partition whose batches never fill
 *       cannot keep the stint forever). A switch refused because a batch is incomplete is retried on every
 *       later append, and before it ({@link #switchIfHeldBack}): once that batch is full or was taken for
 *       sending, the next record goes to a new partition.</li>
 *   <li>A new partition is drawn at random among the partitions that have a leader (among all of them when
 *       none has; records then wait in the accumulator for a leader). It may be the same partition again.</li>
 *   <li>Adaptive ({@code partitioner.adaptive.partitioning.enable}, default true): once the accumulator has
 *       a queue for every partition of the topic, it reports the queue lengths ({@link #updateLoad}); a
 *       partition is then drawn with weight {@code maxQueue + 1 - itsQueue}, so partitions whose brokers keep
 *       up get more data and a slow broker gets less. Partitions the accumulator leaves out of the report
 *       (no leader; or a leader that could not take data for {@code partitioner.availability.timeout.ms}, see
 *       {@link LeaderAvailability}) are not drawn. When every reported queue has the same length and none was
 *       left out, the draw is uniform again.</li>
 * </ul>
 *
 * <h2>How the accumulator uses it</h2>
 * <pre>{@code
 * // application thread, in append():
 * while (true) {
 *     Stint stint = sticky.current(cluster);                 // lock-free
 *     Deque<Batch> dq = dequeFor(stint.partition());
 *     synchronized (dq) {
 *         if (sticky.isStale(stint)) continue;               // another thread switched meanwhile: retry
 *         if (noIncompleteBatch(dq) && sticky.switchIfHeldBack(stint, cluster)) continue;
 *         int bytes = appendTo(dq, record);
 *         sticky.onAppend(stint, bytes, noIncompleteBatch(dq), cluster);
 *         return;
 *     }
 * }
 * // sender thread, in ready(), per topic, when every partition has a deque:
 * //   ids[n] / sizes[n] for each partition with a leader that is not unavailable, n counted up
 * sticky.updateLoad(partitionCount, ids, sizes, n);          // or clearLoad() when some partition has no deque
 * }</pre>
 *
 * <h2>Threads</h2>
 * Many application threads call {@link #current} concurrently: it is lock-free, one volatile read once the
 * topic has a sticky partition (the first call races to install one with a compare-and-set). {@link #isStale}
 * and {@link #onAppend} take no lock of their own but must be called under the lock of the stint's
 * partition's batch queue, which the accumulator holds anyway to append: that lock makes "check the stint is
 * current, append, count, maybe switch" atomic, so no record is counted against a partition it did not go to,
 * and only one thread can end a stint. {@link #updateLoad} and {@link #clearLoad} are called by the sender
 * thread; they publish an immutable table through a volatile field that the switching thread reads. A switch
 * allocates (a new stint, possibly the list of available partitions), but happens once per
 * {@code batch.size} bytes, not per record.
 *
 * <p>Internal: not part of Samsa's public API.
 */
public final class StickyPartitioner {

    /**
     * One stretch of records on one partition: the partition, and the bytes appended to it since it became
     * sticky. A new {@code Stint} object starts at every switch, even to the same partition, which is how
     * {@link #isStale} recognises that the stint a thread looked at is over.
     */
    private static final java.lang.invoke.VarHandle PRODUCED_BYTES;

    static {
        try {
            PRODUCED_BYTES = java.lang.invoke.MethodHandles.lookup().findVarHandle(Stint.class, "producedBytes",
                    long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public static final class Stint {
        private final int partition;
        // Updated only under the partition's queue lock (a read-modify-write there needs no atomic instruction,
        // which would cost every unkeyed send); written and read with opaque access so that reads from other
        // threads (monitoring, tests) never see a torn value.
        @SuppressWarnings("unused") // accessed through PRODUCED_BYTES
        private long producedBytes;

        Stint(int partition) {
            this.partition = partition;
        }

        /** The sticky partition. */
        public int partition() {
            return partition;
        }

        /** Bytes appended to the partition during this stint. */
        public long producedBytes() {
            return (long) PRODUCED_BYTES.getOpaque(this);
        }

        @Override
        public String toString() {
            return "Stint(partition=" + partition + ", producedBytes=" + producedBytes() + ")";
        }
    }

    /**
     * The adaptive weights as a cumulative table: partition {@code ids[i]} is drawn for a random number
     * {@code w} in {@code [0, cumulative[last])} when {@code cumulative[i-1] <= w < cumulative[i]}. Immutable.
     */
    private static final class Load {
        final int[] ids;
        final long[] cumulative;

        Load(int[] ids, long[] cumulative) {
            this.ids = ids;
            this.cumulative = cumulative;
        }
    }

    private final String topic;
    private final int batchSize;
    private final boolean adaptive;
    private final IntSupplier random;

    private final AtomicReference<Stint> current = new AtomicReference<>();
    // Written by the sender thread, read by whichever thread switches; null means "draw uniformly".
    private volatile Load load;

    /**
     * @param topic     the topic this instance places records for
     * @param batchSize {@code batch.size}: the bytes per stint; 0 is taken as 1, as Apache Kafka does
     * @param adaptive  {@code partitioner.adaptive.partitioning.enable}; when false {@link #updateLoad} is
     *                  ignored and draws are always uniform among partitions with a leader
     */
    public StickyPartitioner(String topic, int batchSize, boolean adaptive) {
        this(topic, batchSize, adaptive, () -> ThreadLocalRandom.current().nextInt());
    }

    /** With the source of random numbers given, for deterministic tests. */
    StickyPartitioner(String topic, int batchSize, boolean adaptive, IntSupplier random) {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch.size must be >= 0, got " + batchSize);
        }
        this.topic = topic;
        this.batchSize = Math.max(1, batchSize);
        this.adaptive = adaptive;
        this.random = random;
    }

    public String topic() {
        return topic;
    }

    /**
     * The current stint: where the next unkeyed record should go. Chooses the first sticky partition on the
     * first call. Lock-free; any thread.
     *
     * @param cluster metadata in which the topic's partitions are known
     * @throws IllegalStateException when the cluster knows no partitions for the topic
     */
    public Stint current(Cluster cluster) {
        Stint s = current.get();
        if (s != null) {
            return s;
        }
        Stint first = new Stint(nextPartition(cluster));
        // Several threads may race here; one wins and the others use its choice.
        return current.compareAndSet(null, first) ? first : current.get();
    }

    /**
     * True when {@code stint} is no longer current: another thread ended it between {@link #current} and the
     * caller taking the partition's queue lock. The caller must then retry with a fresh {@link #current}.
     * Call under the lock of {@code stint.partition()}'s batch queue.
     */
    public boolean isStale(Stint stint) {
        return current.get() != stint;
    }

    /**
     * Counts a record appended during {@code stint} and ends the stint if enough went to its partition. Call
     * under the lock of {@code stint.partition()}'s batch queue, right after appending, and only if
     * {@link #isStale} said false under the same lock.
     *
     * @param appendedBytes     the record's size as appended (its estimated size in the batch)
     * @param noIncompleteBatch true when, after this append, every batch in the partition's queue is full (or
     *                          closed): switching now leaves no partly filled batch behind
     * @param cluster           current metadata, to draw the next partition from
     */
    public void onAppend(Stint stint, int appendedBytes, boolean noIncompleteBatch, Cluster cluster) {
        long produced = stint.producedBytes() + appendedBytes; // partition lock held: no other writer
        PRODUCED_BYTES.setOpaque(stint, produced);
        if ((produced >= batchSize && noIncompleteBatch) || produced >= 2L * batchSize) {
            // Compare-and-set, not set: a caller that broke the locking contract must not end a newer stint.
            current.compareAndSet(stint, new Stint(nextPartition(cluster)));
        }
    }

    /**
     * Before an append, under the lock of {@code stint.partition()}'s batch queue: completes a switch that an
     * incomplete batch held back ({@link #onAppend}), now that the partition has no incomplete batch - typically
     * because the sender took the partly filled batch along in a request. Without this, the next record would
     * start a new batch in the same partition, which would hold the stint until it filled or reached
     * {@code 2 x batch.size}: larger batches than Apache's producer makes, each record waiting longer for its
     * batch to fill (Apache's accumulator makes the same check before appending).
     *
     * @return true if the stint ended: pick the partition again
     */
    public boolean switchIfHeldBack(Stint stint, Cluster cluster) {
        if (stint.producedBytes() >= batchSize) {
            return current.compareAndSet(stint, new Stint(nextPartition(cluster)));
        }
        return false;
    }

    /**
     * Reports how many batches wait in each partition's queue, for adaptive partitioning. Sender thread, once
     * per pass over the topic's queues. The arrays are copied; the caller may reuse them.
     *
     * @param partitionCount how many partitions the topic has (with or without a leader)
     * @param partitionIds   the partitions that may be drawn, in {@code [0, length)}: those with a leader that
     *                       is not unavailable
     * @param queueSizes     their queue lengths in batches, in the same order
     * @param length         how many entries of the arrays are used
     */
    public void updateLoad(int partitionCount, int[] partitionIds, int[] queueSizes, int length) {
        if (!adaptive) {
            return;
        }
        if (length < 1 || partitionCount < 2) {
            // With one partition there is nothing to weigh; with none drawable, the uniform draw falls back to
            // the partitions the metadata says have a leader.
            load = null;
            return;
        }
        int max = queueSizes[0];
        boolean allEqual = true;
        for (int i = 1; i < length; i++) {
            if (queueSizes[i] != queueSizes[0]) {
                allEqual = false;
            }
            max = Math.max(max, queueSizes[i]);
        }
        if (allEqual && length == partitionCount) {
            load = null;
            return;
        }
        int[] ids = new int[length];
        long[] cumulative = new long[length];
        long sum = 0;
        for (int i = 0; i < length; i++) {
            // Shorter queue, bigger weight; the longest queue still gets weight 1 so it is not starved.
            sum += (long) max + 1 - queueSizes[i];
            cumulative[i] = sum;
            ids[i] = partitionIds[i];
        }
        load = new Load(ids, cumulative);
    }

    /**
     * Forgets the queue lengths: draws are uniform again. For the sender when some partition of the topic has
     * no queue yet (its length would be unknown, and a partition missing from the table is never drawn).
     */
    public void clearLoad() {
        load = null;
    }

    /** True when draws are currently weighted by queue lengths. */
    public boolean isWeighted() {
        return load != null;
    }

    /** Draws the next sticky partition (see the class comment). */
    int nextPartition(Cluster cluster) {
        int r = Murmur2.toPositive(random.getAsInt());
        Load l = load;
        if (l != null) {
            long w = r % l.cumulative[l.cumulative.length - 1];
            return l.ids[firstAbove(l.cumulative, w)];
        }
        List<PartitionInfo> available = cluster.availablePartitionsForTopic(topic);
        if (!available.isEmpty()) {
            return available.get(r % available.size()).partition();
        }
        int count = cluster.partitionsForTopic(topic).size();
        if (count == 0) {
            throw new IllegalStateException("No partitions are known for topic '" + topic + "'");
        }
        return r % count;
    }

    /** The index of the first element of the ascending {@code a} that is greater than {@code w}. */
    static int firstAbove(long[] a, long w) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] > w) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
