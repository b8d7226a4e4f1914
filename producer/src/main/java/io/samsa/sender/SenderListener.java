package io.samsa.sender;

/**
 * What the sender reports as it goes, for the producer's metrics (the seed's five models). Called on the I/O
 * thread; implementations must be cheap and must not block.
 */
public interface SenderListener {
    SenderListener NONE = new SenderListener() {
    };

    /** A Produce request went out: its batches, records and bytes. */
    default void onRequestSent(int nodeId, int batches, int records, long bytes) {
    }

    /**
     * A batch is about to go out for the first time: its records, bytes, and how long its first record waited
     * in the accumulator (record queue time; batch efficiency).
     */
    default void onBatchSent(int records, int bytes, long queueTimeMs) {
    }

    /** A batch was split in two or more after MESSAGE_TOO_LARGE. */
    default void onBatchSplit() {
    }

    /** A Produce response (or acks=0 write completion) came back after {@code latencyMs}. */
    default void onResponse(int nodeId, long latencyMs) {
    }

    /** Records the broker acknowledged. */
    default void onAcknowledged(int records) {
    }

    /** Records put back for another attempt. */
    default void onRetry(int records) {
    }

    /** Records that failed for good (broker error, expiry, abort). */
    default void onFailed(int records) {
    }

    /** The broker asked us to hold off (quota). */
    default void onThrottle(int nodeId, long throttleMs) {
    }
}
