package io.samsa.accumulator;

/**
 * A snapshot of the accumulator's numbers, for the producer's metrics: memory, waiting threads, and what the
 * drains sent (records per batch, batch fill, batches per request, record queue time). Cumulative counters
 * since the accumulator was created, plus maxima; rates and averages are for the metrics layer to derive
 * (helpers below). Immutable.
 */
public final class AccumulatorStats {
    private final long bufferTotalBytes;
    private final long bufferUsedBytes;
    private final int waitingThreads;
    private final long bufferWaitNanosTotal;
    private final int batchSize;
    private final long batchesDrained;
    private final long recordsDrained;
    private final long bytesDrained;
    private final int maxRecordsPerBatch;
    private final long requests;
    private final int maxBatchesPerRequest;
    private final long queueTimeMsTotal;
    private final long maxQueueTimeMs;

    AccumulatorStats(long bufferTotalBytes, long bufferUsedBytes, int waitingThreads, long bufferWaitNanosTotal,
                     int batchSize, long batchesDrained, long recordsDrained, long bytesDrained,
                     int maxRecordsPerBatch, long requests, int maxBatchesPerRequest, long queueTimeMsTotal,
                     long maxQueueTimeMs) {
        this.bufferTotalBytes = bufferTotalBytes;
        this.bufferUsedBytes = bufferUsedBytes;
        this.waitingThreads = waitingThreads;
        this.bufferWaitNanosTotal = bufferWaitNanosTotal;
        this.batchSize = batchSize;
        this.batchesDrained = batchesDrained;
        this.recordsDrained = recordsDrained;
        this.bytesDrained = bytesDrained;
        this.maxRecordsPerBatch = maxRecordsPerBatch;
        this.requests = requests;
        this.maxBatchesPerRequest = maxBatchesPerRequest;
        this.queueTimeMsTotal = queueTimeMsTotal;
        this.maxQueueTimeMs = maxQueueTimeMs;
    }

    /** {@code buffer.memory}. */
    public long bufferTotalBytes() {
        return bufferTotalBytes;
    }

    /** Bytes charged to live batch buffers. */
    public long bufferUsedBytes() {
        return bufferUsedBytes;
    }

    public long bufferAvailableBytes() {
        return bufferTotalBytes - bufferUsedBytes;
    }

    /** Application threads blocked waiting for buffer memory now. */
    public int waitingThreads() {
        return waitingThreads;
    }

    /** Total time application threads spent blocked on buffer memory. */
    public long bufferWaitNanosTotal() {
        return bufferWaitNanosTotal;
    }

    /** Batches drained for the first time (retries are not counted again). */
    public long batchesDrained() {
        return batchesDrained;
    }

    public long recordsDrained() {
        return recordsDrained;
    }

    /** Total bytes of the batches counted in {@link #batchesDrained()}. */
    public long bytesDrained() {
        return bytesDrained;
    }

    public int maxRecordsPerBatch() {
        return maxRecordsPerBatch;
    }

    /** Per-broker batch lists produced by drains (one Produce request each). */
    public long requests() {
        return requests;
    }

    public int maxBatchesPerRequest() {
        return maxBatchesPerRequest;
    }

    /** Sum over drained batches of first-record-to-first-drain time. */
    public long queueTimeMsTotal() {
        return queueTimeMsTotal;
    }

    public long maxQueueTimeMs() {
        return maxQueueTimeMs;
    }

    public double avgRecordsPerBatch() {
        return batchesDrained == 0 ? 0 : (double) recordsDrained / batchesDrained;
    }

    /** Average batch bytes as a fraction of {@code batch.size} (above 1 only through oversized records). */
    public double avgBatchFill() {
        return batchesDrained == 0 || batchSize == 0 ? 0 : (double) bytesDrained / batchesDrained / batchSize;
    }

    public double avgBatchesPerRequest() {
        return requests == 0 ? 0 : (double) batchesDrained / requests;
    }

    public double avgQueueTimeMs() {
        return batchesDrained == 0 ? 0 : (double) queueTimeMsTotal / batchesDrained;
    }

    @Override
    public String toString() {
        return "AccumulatorStats(buffer " + bufferUsedBytes + "/" + bufferTotalBytes + " bytes, waiting="
                + waitingThreads + ", blocked " + bufferWaitNanosTotal / 1_000_000 + " ms in all, batches=" + batchesDrained + ", records=" + recordsDrained
                + String.format(", records/batch=%.1f, fill=%.2f, batches/request=%.1f, queueTime avg=%.1f max=%d ms)",
                avgRecordsPerBatch(), avgBatchFill(), avgBatchesPerRequest(), avgQueueTimeMs(), maxQueueTimeMs);
    }
}
