package io.samsa.accumulator;

import io.samsa.common.utils.ExponentialBackoff;
import io.samsa.protocol.record.compression.CompressionType;

import java.util.Objects;

/**
 * The settings the accumulator works with, as plain values already validated by the producer's configuration
 * table ({@code ProducerConfig}), which is the one place that holds every key's default and bounds. The names
 * are Kafka's producer keys.
 *
 * @param batchSize            {@code batch.size}: the most bytes a batch grows to (header included), unless one
 *                             record needs more; 0 means no batching (every record in a batch of its own)
 * @param bufferMemory         {@code buffer.memory}: total bytes of batch buffers (capacity) alive at once
 * @param lingerMs             {@code linger.ms}: how long a batch that is not full waits for more records
 * @param maxRequestSize       {@code max.request.size}: no batch, not even a one-record one, may be bigger
 * @param deliveryTimeoutMs    {@code delivery.timeout.ms}: a record's whole life, from its batch's creation to
 *                             its outcome
 * @param retryBackoff         {@code retry.backoff.ms} doubling up to {@code retry.backoff.max.ms}, with jitter
 * @param adaptivePartitioning {@code partitioner.adaptive.partitioning.enable}: the sticky partitioners weigh
 *                             partitions by queue length
 * @param compressionType      {@code compression.type}: the codec batches are compressed with when drained
 * @param compressionLevel     {@code compression.<codec>.level} of that codec (ignored by codecs without levels)
 * @param initialBatchBytes    not a Kafka key: the first buffer of a new batch, which doubles up to
 *                             {@code batch.size} as records arrive ({@link #DEFAULT_INITIAL_BATCH_BYTES})
 */
public record AccumulatorConfig(int batchSize, long bufferMemory, long lingerMs, int maxRequestSize,
                                long deliveryTimeoutMs, ExponentialBackoff retryBackoff, boolean adaptivePartitioning,
                                CompressionType compressionType, int compressionLevel, int initialBatchBytes) {

    /**
     * A new batch's first buffer: a header and a few small records. Smaller buffers would grow (and copy) at
     * once; larger ones would make memory follow the partition count again for quiet partitions.
     */
    public static final int DEFAULT_INITIAL_BATCH_BYTES = 2_048;

    public AccumulatorConfig {
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(compressionType, "compressionType");
    }

    /** This configuration with another first-buffer size (tests and benchmarks vary it). */
    public AccumulatorConfig withInitialBatchBytes(int bytes) {
        return new AccumulatorConfig(batchSize, bufferMemory, lingerMs, maxRequestSize, deliveryTimeoutMs, retryBackoff,
                adaptivePartitioning, compressionType, compressionLevel, bytes);
    }
}
