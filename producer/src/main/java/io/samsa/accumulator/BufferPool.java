package io.samsa.accumulator;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

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
 * <h2>Threads</h2>
 * Application threads take buffers ({@link #allocate}, no partition lock held); the callback thread (or the
 * sender, without one) gives them back. One monitor, held for a deque operation.
 */
final class BufferPool {
    private final int bufferSize;
    private final long maxPooledBytes;
    /** Guarded by {@code this}. Most recently returned last: reuse the warmest buffer first. */
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private volatile long pooledBytes;

    /**
     * @param bufferSize     the only capacity kept: {@code batch.size}
     * @param maxPooledBytes the most bytes kept: {@code buffer.memory}
     */
    BufferPool(int bufferSize, long maxPooledBytes) {
        this.bufferSize = bufferSize;
        this.maxPooledBytes = maxPooledBytes;
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
