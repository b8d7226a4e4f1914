package io.samsa.sender;

/**
 * What the sender reports as it goes, for the producer's metrics (the seed's five models). Called on the I/O
 * thread; implementations must be cheap and must not block. Failed records are not reported here: records
 * fail in many places (serialization, expiry while parked, close), so the producer counts them where every
 * record's fate ends, its completion.
 */
public interface SenderListener {
    SenderListener NONE = new SenderListener() {
    };

    /** A Produce request went out: its batches, records and bytes. */
    default void onRequestSent(int nodeId, int batches, int records, long bytes) {
    }

    /**
     * A batch of {@code topic} is in a Produce request about to go out: its records, bytes and largest record
     * (bytes), which attempt
     * this is (1 for the first), and how long its first record waited in the accumulator (record queue time;
     * batch efficiency counts first attempts only).
     */
    default void onBatchSent(String topic, int records, int bytes, int maxRecordBytes, int attempt,
                             long queueTimeMs) {
    }

    /**
     * The sizes of a batch of {@code topic} in a Produce request about to go out (every attempt, like
     * {@link #onBatchSent}): uncompressed and as sent, both with the batch header. Equal without compression.
     */
    default void onBatchCompression(String topic, int uncompressedBytes, int wireBytes) {
    }

    /** A batch was split in two or more after MESSAGE_TOO_LARGE. */
    default void onBatchSplit() {
    }

    /** A Produce response (or acks=0 write completion) came back after {@code latencyMs}. */
    default void onResponse(int nodeId, long latencyMs) {
    }

    /**
     * Records the broker acknowledged, in a batch whose first record was appended {@code sendLatencyMs} before:
     * the delivery latency of its oldest record, retries included.
     */
    default void onAcknowledged(int records, long sendLatencyMs) {
    }

    /** Records of {@code topic} put back for another attempt. */
    default void onRetry(String topic, int records) {
    }

    /** The broker asked us to hold off (quota). */
    default void onThrottle(int nodeId, long throttleMs) {
    }
}
