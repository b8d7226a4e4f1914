package io.samsa.accumulator;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Keeps the heap buffers of finished {@code batch.size} batches for new batches, so that under load the buffers
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
 * <h2>Bounded</h2>
 * Only buffers of exactly {@code batch.size} bytes are kept (the size every batch of a busy partition starts
 * at; smaller, growing batches belong to quiet partitions and die young anyway), and never more than
 * {@code buffer.memory} of them. The pool holds only what earlier traffic needed at once (a buffer is created
 * when none is free), so memory still follows the data: an idle producer keeps at most its last peak, never
 * more than {@code buffer.memory}, as Apache's pool does. The bound is not "pooled plus charged": under load the
 * accumulator is full at every moment (a waiting append takes memory the instant a batch releases it, before
 * that batch's completions have run and its buffer can come back), so such a bound would refuse every buffer
 * exactly when reuse matters.
 *
 * <h2>Completion arrays</h2>
 * A batch keeps its records' completions in an array (a slot per record, {@code batch.size / 64} to start), which
 * would otherwise be the producer's one allocation per batch that grows with the records: a few bytes of garbage
 * per record. The pool keeps those arrays too, under the same rules: only the standard length, never more than
 * one per pooled buffer's worth of {@code buffer.memory}, taken back only after every hook in it has run, and
 * cleared before reuse so that it keeps no completion alive.
 *
 * <h2>Threads</h2>
 * Application threads take buffers ({@link #allocate}, no partition lock held) and completion arrays (under a
 * partition lock: this monitor is a leaf, it never takes another); the callback thread (or the sender, without
 * one) gives them back. One monitor, held for a deque operation.
 */
final class BufferPool {
    private final int bufferSize;
    private final long maxPooledBytes;
    /** Guarded by {@code this}. Most recently returned last: reuse the warmest buffer first. */
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private volatile long pooledBytes;
    /** The one length of completion array kept: what a batch of {@code batch.size} starts with. */
    private final int completionSlots;
    private final long maxPooledArrays;
    /** Guarded by {@code this}. */
    private final ArrayDeque<RecordCompletion[]> freeArrays = new ArrayDeque<>();

    /**
     * @param bufferSize     the only capacity kept: {@code batch.size}
     * @param maxPooledBytes the most bytes kept: {@code buffer.memory}
     */
    BufferPool(int bufferSize, long maxPooledBytes) {
        this.bufferSize = bufferSize;
        this.maxPooledBytes = maxPooledBytes;
        this.completionSlots = ProducerBatch.completionSlotsFor(bufferSize);
        this.maxPooledArrays = Math.max(1, maxPooledBytes / Math.max(1, bufferSize));
    }

    /** An empty completion array of {@code length} slots, recycled when that is the standard length. */
    RecordCompletion[] completionArray(int length) {
        if (length == completionSlots) {
            RecordCompletion[] a;
            synchronized (this) {
                a = freeArrays.pollLast();
            }
            if (a != null) {
                return a;
            }
        }
        return new RecordCompletion[length];
    }

    /**
     * Takes back a completion array whose hooks have all run and that nothing refers to any more; clears its first
     * {@code used} slots (the only ones a batch writes). Other lengths, or beyond the bound, go to the collector.
     */
    void recycleCompletions(RecordCompletion[] a, int used) {
        if (a == null || a.length != completionSlots) {
            return;
        }
        Arrays.fill(a, 0, Math.min(used, a.length), null);
        synchronized (this) {
            if (freeArrays.size() < maxPooledArrays) {
                freeArrays.addLast(a);
            }
        }
    }

    /**
     * A buffer of {@code capacity} bytes, positioned at 0 with the limit at the capacity; recycled when one of
     * that size is free. Its bytes must already be reserved in {@link BatchMemory}. A recycled buffer holds old
     * data: batches overwrite every byte they use (the builder writes the whole header at close).
     */
    ByteBuffer allocate(int capacity) {
        if (capacity == bufferSize) {
            ByteBuffer b;
            synchronized (this) {
                b = free.pollLast();
                if (b != null) {
                    pooledBytes -= bufferSize;
                }
            }
            if (b != null) {
                return b.clear();
            }
        }
        return ByteBuffer.allocate(capacity);
    }

    /**
     * Takes back a buffer nothing refers to any more (see the invariant above). Buffers of another size, or that
     * would take the pool beyond {@code buffer.memory}, are left to the collector.
     */
    void recycle(ByteBuffer b) {
        if (b == null || b.capacity() != bufferSize || b.isReadOnly() || b.isDirect()) {
            return;
        }
        synchronized (this) {
            if (pooledBytes + bufferSize > maxPooledBytes) {
                return;
            }
            free.addLast(b);
            pooledBytes += bufferSize;
        }
    }

    /** Bytes held for reuse right now (metrics, tests). */
    long pooledBytes() {
        return pooledBytes;
    }
}
