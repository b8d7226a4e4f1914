package io.samsa.accumulator;

import io.samsa.common.TopicPartition;
import io.samsa.common.header.Header;
import io.samsa.common.errors.RecordTooLargeException;
import io.samsa.protocol.record.RecordBatchBuilder;

/**
 * How big batch buffers are: the first buffer of a new batch, the next one when a batch grows, the most a batch
 * may hold, and which records can never be sent at all.
 *
 * <p>Memory grows with data, not with partitions: a new batch starts small ({@code initialBatchBytes}, or what
 * its first record needs) and doubles, copying what was written, up to {@code batch.size}. A busy partition does
 * not pay for that growth batch after batch: its next batch starts as big as its last one got (the queue's
 * capacity hint), so only quiet partitions start small. {@code batch.size} 0 means no batching: every record is
 * bigger than that, so it travels in a batch of its own.
 *
 * <p>Immutable; any thread.
 */
final class BatchSizes {
    private final int batchSize;
    private final int initialBatchBytes;
    private final int maxRequestSize;
    private final long bufferMemory;

    BatchSizes(int batchSize, int initialBatchBytes, int maxRequestSize, long bufferMemory) {
        this.batchSize = batchSize;
        this.initialBatchBytes = initialBatchBytes;
        this.maxRequestSize = maxRequestSize;
        this.bufferMemory = bufferMemory;
    }

    int batchSize() {
        return batchSize;
    }

    /**
     * The unit that batches larger than {@code batch.size} are sized in: a quarter of it. Rounding those sizes to
     * it makes them few, so that their buffers can be kept for reuse ({@link BufferPool}), at the cost of at most
     * a granule of slack per such batch.
     */
    int granule() {
        return granule(batchSize);
    }

    static int granule(int batchSize) {
        return Math.max(1, batchSize / 4);
    }

    /**
     * The bound of a batch holding just this record.
     *
     * @throws RecordTooLargeException if the record could never be sent: its batch would be bigger than
     *                                 {@code max.request.size} or than all of {@code buffer.memory}
     */
    int boundFor(TopicPartition tp, byte[] key, byte[] value, Header[] headers) {
        int keySize = key == null ? -1 : key.length;
        int valueSize = value == null ? -1 : value.length;
        int bound = RecordBatchBuilder.sizeInBytesUpperBound(keySize, valueSize, headers);
        if (bound > maxRequestSize) {
            throw new RecordTooLargeException("The record for " + tp + " (key " + keySize + " bytes, value "
                    + valueSize + " bytes) needs up to " + bound + " bytes in a batch of its own, more than "
                    + "max.request.size=" + maxRequestSize + "; it can never be sent");
        }
        if (bound > bufferMemory) {
            throw new RecordTooLargeException("The record for " + tp + " (key " + keySize + " bytes, value "
                    + valueSize + " bytes) needs up to " + bound + " bytes in a batch of its own, more than "
                    + "buffer.memory=" + bufferMemory + " bytes in total; it can never be allocated: raise "
                    + "buffer.memory");
        }
        return bound;
    }

    /** Whether a record with this bound is bigger than {@code batch.size}: its batch then holds it alone. */
    boolean oversized(int bound) {
        return bound > batchSize;
    }

    /**
     * A new batch's capacity: the initial size doubled until the first record fits and the partition's recent
     * batch size ({@code hint}) is covered, capped at {@code batch.size}; or, for a record bigger than
     * {@code batch.size}, its bound rounded up to a {@link #granule}.
     */
    int newBatchCapacity(int bound, int hint) {
        if (bound > batchSize) {
            // Rounded up to a granule (a size the pool keeps), unless that would pass a limit the bound is within.
            long rounded = ceilToGranule(bound);
            return rounded <= maxRequestSize && rounded <= bufferMemory ? (int) rounded : bound;
        }
        return roundedCapacity(Math.max(bound, hint));
    }

    /** The initial size doubled until it covers {@code bytes}, capped at {@code batch.size}. */
    int roundedCapacity(int bytes) {
        if (bytes >= batchSize) {
            return batchSize;
        }
        long cap = Math.min(initialBatchBytes, batchSize); // >= 1 here: batchSize > bytes >= 0
        while (cap < bytes) {
            cap *= 2;
        }
        return (int) Math.min(cap, batchSize);
    }

    /** A growing batch's next capacity: doubled until the record fits, capped at the batch's maximum. */
    static int growTarget(ProducerBatch b, int recordBound) {
        long needed = (long) b.sizeInBytes() + recordBound;
        long cap = Math.max(b.capacity(), 1);
        do {
            cap *= 2;
        } while (cap < needed);
        return (int) Math.min(cap, b.maxCapacity());
    }

    /**
     * The most uncompressed bytes a new batch of this topic may grow to: {@code batch.size} without compression;
     * with it, what should compress to about {@code batch.size} ({@link CompressionRatioEstimator#batchLimit}),
     * rounded down to a {@link #granule}.
     */
    int batchLimit(CompressionRatioEstimator compression) {
        if (compression == null) {
            return batchSize;
        }
        // Rounded down to a granule: a batch that grows to it has a size the pool keeps, and its compressed copy
        // stays within the estimate.
        int limit = compression.batchLimit(batchSize, maxRequestSize);
        int g = granule();
        return Math.max(batchSize, limit - limit % g);
    }

    private long ceilToGranule(int bytes) {
        long g = granule();
        return (bytes + g - 1) / g * g;
    }
}
