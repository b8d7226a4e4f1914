package io.samsa.accumulator;

import io.samsa.protocol.record.RecordBatch;

/**
 * One topic's estimated ratio of compressed to uncompressed record bytes, so that {@code batch.size} can bound
 * batches by their size on the wire although records are appended uncompressed (they are compressed once, at
 * drain: see {@link BatchCompressor}).
 *
 * <p>The estimate starts at 1.0 (no gain), follows a worse observed ratio at once - an underestimate makes
 * batches bigger than {@code batch.size} on the wire - and a better one gradually, so that one batch that
 * compresses unusually well does not make the next ones huge. Batches are sized for 5% worse compression than
 * estimated, so they rarely overshoot. (Apache Kafka's {@code CompressionRatioEstimator} is the model.)
 *
 * <p><b>Threads.</b> Written by the I/O thread after each compression ({@link #observe}); read by appending
 * threads when they start a batch and by the I/O thread when it sizes a request. One volatile double: a reader
 * may see the previous estimate, which is as good as this one.
 */
final class CompressionRatioEstimator {
    /** Batches are sized for this much worse compression than estimated. */
    static final double SAFETY_FACTOR = 1.05;
    /** How far a better observed ratio moves the estimate per batch (about 20 batches to converge). */
    static final double STEP = 0.1;
    /** Floor of the estimate: even data that compresses 100:1 gets batches of at most 100 x batch.size. */
    static final double MIN_RATIO = 0.01;

    private volatile double ratio = 1.0;

    /** The current estimate: compressed / uncompressed bytes of the records (1.0 until one batch was compressed). */
    double ratio() {
        return ratio;
    }

    /** I/O thread: a batch whose records took {@code plainBytes} compressed to {@code wireBytes}. */
    void observe(int plainBytes, int wireBytes) {
        if (plainBytes <= 0) {
            return;
        }
        double observed = Math.max(0, wireBytes) / (double) plainBytes;
        double est = ratio;
        ratio = observed >= est ? observed : Math.max(MIN_RATIO, est + (observed - est) * STEP);
    }

    /**
     * The most uncompressed bytes a new batch may grow to: what should compress to about {@code batchSize} at
     * the estimated ratio, never less than {@code batchSize} and never more than {@code maxRequestSize}.
     */
    int batchLimit(int batchSize, int maxRequestSize) {
        double estimate = RecordBatch.HEADER_SIZE
                + Math.max(0, batchSize - RecordBatch.HEADER_SIZE) / (ratio * SAFETY_FACTOR);
        long limit = (long) Math.min(estimate, (double) maxRequestSize);
        return (int) Math.max(batchSize, limit);
    }

    /** The estimated wire size of a batch of {@code uncompressedBytes}, header included, with the safety margin. */
    int estimatedWireBytes(int uncompressedBytes) {
        return (int) Math.min(Integer.MAX_VALUE, RecordBatch.HEADER_SIZE
                + (uncompressedBytes - RecordBatch.HEADER_SIZE) * ratio * SAFETY_FACTOR);
    }
}
