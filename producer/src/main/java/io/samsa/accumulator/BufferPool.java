package io.samsa.accumulator;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Keeps the heap buffers of finished batches for new batches, so that under load the buffers
 * that hold {@code buffer.memory}'s data are long-lived objects instead of a stream of new 64 KiB arrays.
 *
 * <h2>Why</h2>
 * When the broker is the bottleneck the accumulator is full and a record waits in it for as long as
 * {@code buffer.memory} takes to drain. Every batch buffer then outlives several young collections, and the
 * collector copies each one from eden to survivor to old: the whole of {@code buffer.memory} is copied at every
 * young collection. A recycled buffer is copied once, when first promoted, and never again (BENCHMARKS.md has
 * the pauses this removes).
 *
 * <h2>The invariant that keeps it safe (KAFKA-19012)</h2>
 * A buffer comes back here only when nothing can read or write it any more: its batch is done for good
 * (acknowledged, or failed and not retried), <em>no produce request holding its bytes is outstanding</em> (the
 * sender counts them: a request finishes when answered or when its connection is closed, after which the
 * network layer never touches its buffers again), and its records' completions, which read the record sizes
 * back from the buffer, have run. A batch completed any other way - aborted by a forced close, expired or failed
 * while a request holding it was still outstanding, split - is simply not recycled: the collector takes it.
 * {@code BufferReuseTest} checks that no two live batches ever share memory.
 *
 * <h2>Which sizes</h2>
 * Every size {@link BatchSizes} gives a batch: {@code batch.size}; the smaller ones below it (the initial size
 * doubled), which a partition's batches start at when they have been that small, as at a fixed rate where
 * {@code linger.ms} sends them before they fill (each a new array, they were most of the producer's garbage there,
 * and every young collection copied those in flight); and larger ones that are a multiple of a granule (a quarter
 * of {@code batch.size}, {@link BatchSizes#granule}): {@link BatchSizes} rounds to it the batches that are larger
 * by design - a record bigger than {@code batch.size}, which travels in a batch of its own, and a batch of a
 * compressed topic, which grows until it should compress to about {@code batch.size}.
 *
 * <h2>Bounded</h2>
 * Never more than {@code buffer.memory} is kept. The pool holds only what earlier traffic needed at once (a buffer
 * is created when none is free), so memory still follows the data: an idle producer keeps at most its last peak,
 * never more than {@code buffer.memory}, as Apache's pool does. When the sizes in use change, a returned buffer
 * that would pass the bound displaces kept buffers of other sizes. The bound is not "pooled plus charged": under
 * load the accumulator is full at every moment (a waiting append takes memory the instant a batch releases it,
 * before that batch's completions have run and its buffer can come back), so such a bound would refuse every
 * buffer exactly when reuse matters.
 *
 * <h2>Compressed copies</h2>
 * With compression, a batch's wire bytes are a compressed copy made at drain, which lives as long as the batch is
 * in flight. A copy that fills at least half of a kept size takes a kept buffer too, charged to
 * {@code buffer.memory} at its capacity, and comes back under the same invariant as the batch's own buffer.
 *
 * <h2>Completion arrays</h2>
 * A batch keeps its records' completions in an array (a slot per record, its buffer's capacity / 64 to start),
 * which would otherwise be the producer's one allocation per batch that grows with the records: a few bytes of
 * garbage per record. The pool keeps those arrays too, under the same rules: lengths up to the one a
 * {@code batch.size} batch starts with, never more than one per smallest buffer's worth of {@code buffer.memory},
 * taken back only after every hook in it has run (or, for the shorter array a growing batch outgrows, as soon as
 * its slots are copied into the longer one), and cleared before reuse so that it keeps no completion alive.
 *
 * <h2>Threads</h2>
 * Application threads take buffers ({@link #allocate}, no partition lock held), take completion arrays and give
 * back the ones a growing batch outgrows (under a partition lock: this monitor is a leaf, it never takes another),
 * and give back the buffer a growing batch left (no lock held); the I/O thread takes buffers for compressed
 * copies; the callback thread (or the sender, without one) gives the rest back. One monitor, held for a deque or
 * map operation.
 */
final class BufferPool {
    private final int bufferSize;
    /** Sizes above {@code bufferSize} are kept when they are a multiple of this ({@link BatchSizes#granule}). */
    private final int granule;
    /** Sizes below {@code bufferSize} are kept when they are this doubled (the initial batch size). */
    private final int smallest;
    private final long maxPooledBytes;
    /** Guarded by {@code this}: free buffers by capacity, most recently returned last (reuse the warmest first). */
    private final Map<Integer, ArrayDeque<ByteBuffer>> free = new HashMap<>();
    private volatile long pooledBytes;
    /** The longest completion array kept: what a batch of {@code batch.size} starts with. */
    private final int completionSlots;
    private final long maxPooledArrays;
    /** Guarded by {@code this}: free completion arrays by length, and how many in all. */
    private final Map<Integer, ArrayDeque<RecordCompletion[]>> freeArrays = new HashMap<>();
    private long pooledArrays;

    /**
     * @param bufferSize     {@code batch.size}: the capacity of every busy partition's batch
     * @param granule        larger capacities are kept when they are a multiple of this
     * @param smallest       smaller capacities are kept when they are this doubled: the initial batch size
     * @param maxPooledBytes the most bytes kept: {@code buffer.memory}
     */
    BufferPool(int bufferSize, int granule, int smallest, long maxPooledBytes) {
        this.bufferSize = bufferSize;
        this.granule = Math.max(1, granule);
        this.smallest = Math.max(1, Math.min(smallest, bufferSize));
        this.maxPooledBytes = maxPooledBytes;
        this.completionSlots = ProducerBatch.completionSlotsFor(bufferSize);
        this.maxPooledArrays = Math.max(1, maxPooledBytes / this.smallest);
    }

    /** A pool that keeps no size below {@code batch.size} (tests). */
    BufferPool(int bufferSize, int granule, long maxPooledBytes) {
        this(bufferSize, granule, Math.max(1, bufferSize), maxPooledBytes);
    }

    /** A pool of {@code batch.size} buffers only (tests). */
    BufferPool(int bufferSize, long maxPooledBytes) {
        this(bufferSize, Integer.MAX_VALUE, maxPooledBytes);
    }

    /**
     * Whether buffers of this capacity are kept: {@code batch.size}, the initial size doubled below it, or a
     * multiple of the granule above it.
     */
    boolean keeps(int capacity) {
        if (bufferSize <= 0 || capacity <= 0 || capacity > maxPooledBytes) {
            return false;
        }
        if (capacity >= bufferSize) {
            return capacity == bufferSize || capacity % granule == 0;
        }
        return capacity % smallest == 0 && Integer.bitCount(capacity / smallest) == 1;
    }

    /**
     * The completion slots a batch of {@code capacity} bytes starts with: one per 64 bytes up to {@code batch.size},
     * the recycled length from there on. A batch above {@code batch.size} - one oversized record, or a compressed
     * topic's - would otherwise get a new array sized for small records filling all of it: thousands of slots for
     * one 100 KB record.
     */
    int completionSlotsFor(int capacity) {
        return capacity >= bufferSize ? completionSlots : ProducerBatch.completionSlotsFor(capacity);
    }

    /** An empty completion array of {@code length} slots, recycled when one of that length is free. */
    RecordCompletion[] completionArray(int length) {
        if (length <= completionSlots) {
            synchronized (this) {
                ArrayDeque<RecordCompletion[]> q = freeArrays.get(length);
                RecordCompletion[] a = q == null ? null : q.pollLast();
                if (a != null) {
                    pooledArrays--;
                    return a;
                }
            }
        }
        return new RecordCompletion[length];
    }

    /**
     * Takes back a completion array whose hooks have all run and that nothing refers to any more; clears its first
     * {@code used} slots (the only ones a batch writes). Longer ones go to the collector; at the bound, a kept
     * array of another length makes room, as buffers do, or this one goes.
     */
    void recycleCompletions(RecordCompletion[] a, int used) {
        if (a == null || a.length > completionSlots) {
            return;
        }
        Arrays.fill(a, 0, Math.min(used, a.length), null);
        synchronized (this) {
            if (pooledArrays >= maxPooledArrays && !evictArrayOtherThan(a.length)) {
                return;
            }
            freeArrays.computeIfAbsent(a.length, n -> new ArrayDeque<>()).addLast(a);
            pooledArrays++;
        }
    }

    /** Guarded by {@code this}: drops one kept completion array of another length; false if there is none. */
    private boolean evictArrayOtherThan(int length) {
        for (Iterator<Map.Entry<Integer, ArrayDeque<RecordCompletion[]>>> it = freeArrays.entrySet().iterator();
             it.hasNext(); ) {
            Map.Entry<Integer, ArrayDeque<RecordCompletion[]>> e = it.next();
            if (e.getKey() != length && !e.getValue().isEmpty()) {
                e.getValue().pollFirst();
                if (e.getValue().isEmpty()) {
                    it.remove();
                }
                pooledArrays--;
                return true;
            }
        }
        return false;
    }

    /**
     * A buffer of {@code capacity} bytes, positioned at 0 with the limit at the capacity; recycled when one of
     * that size is free. Its bytes must already be reserved in {@link BatchMemory}. A recycled buffer holds old
     * data: batches overwrite every byte they use (the builder writes the whole header at close).
     */
    ByteBuffer allocate(int capacity) {
        if (keeps(capacity)) {
            ByteBuffer b = null;
            synchronized (this) {
                ArrayDeque<ByteBuffer> q = free.get(capacity);
                if (q != null) {
                    b = q.pollLast();
                }
                if (b != null) {
                    pooledBytes -= capacity;
                }
            }
            if (b != null) {
                return b.clear();
            }
        }
        return ByteBuffer.allocate(capacity);
    }

    /**
     * A kept buffer for a batch's compressed copy of {@code size} bytes, or null when a kept one is not worth it:
     * the smallest kept capacity that holds it would be more than half empty (a copy far below
     * {@code batch.size} is cheap to allocate, and would tie up a whole buffer of {@code buffer.memory}). Its
     * bytes are charged by the caller, at its capacity.
     */
    ByteBuffer allocateForCompressed(int size) {
        int capacity = size <= bufferSize ? bufferSize : (int) Math.min(Integer.MAX_VALUE, ceil(size, granule));
        if (!keeps(capacity) || size < capacity / 2) {
            return null;
        }
        return allocate(capacity);
    }

    private static long ceil(long n, long unit) {
        return (n + unit - 1) / unit * unit;
    }

    /**
     * Takes back a buffer nothing refers to any more (see the invariant above). Buffers of a size not kept are
     * left to the collector. Beyond {@code buffer.memory}, buffers of other sizes are dropped first, so that what
     * is kept follows the sizes in use now; if that is not enough, this one is dropped.
     */
    void recycle(ByteBuffer b) {
        if (b == null || !keeps(b.capacity()) || b.isReadOnly() || b.isDirect()) {
            return;
        }
        int capacity = b.capacity();
        synchronized (this) {
            if (pooledBytes + capacity > maxPooledBytes) {
                evictOtherThan(capacity, pooledBytes + capacity - maxPooledBytes);
                if (pooledBytes + capacity > maxPooledBytes) {
                    return;
                }
            }
            free.computeIfAbsent(capacity, c -> new ArrayDeque<>()).addLast(b);
            pooledBytes += capacity;
        }
    }

    /** Guarded by {@code this}: drops up to {@code bytes} (or a little more) of kept buffers of other sizes. */
    private void evictOtherThan(int capacity, long bytes) {
        long dropped = 0;
        for (Iterator<Map.Entry<Integer, ArrayDeque<ByteBuffer>>> it = free.entrySet().iterator();
             it.hasNext() && dropped < bytes; ) {
            Map.Entry<Integer, ArrayDeque<ByteBuffer>> e = it.next();
            if (e.getKey() == capacity) {
                continue;
            }
            ArrayDeque<ByteBuffer> q = e.getValue();
            while (!q.isEmpty() && dropped < bytes) {
                q.pollFirst(); // the coldest first
                dropped += e.getKey();
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
        pooledBytes -= dropped;
    }

    /** Bytes held for reuse right now (metrics, tests). */
    long pooledBytes() {
        return pooledBytes;
    }

    /** Completion arrays held for reuse right now (tests). */
    synchronized long pooledArrays() {
        return pooledArrays;
    }
}
