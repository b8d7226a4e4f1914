package io.samsa.accumulator;

import io.samsa.protocol.record.compression.CompressionType;

/**
 * The settings the {@link RecordAccumulator} works with, already validated and converted by the producer's
 * configuration layer (the keys below are Kafka's producer keys; defaults are the Java client's, see
 * kafka-protocol-notes.md section 11). Immutable.
 *
 * <p>Validation here is a second line of defence for direct users of the accumulator (tests, benchmarks): each
 * message names the configuration key.
 */
public final class AccumulatorConfig {

    /** Smallest first buffer of a batch (see {@link Builder#initialBatchBytes}): a header plus a few records. */
    public static final int MIN_INITIAL_BATCH_BYTES = 256;

    private final int batchSize;
    private final long bufferMemory;
    private final long lingerMs;
    private final long deliveryTimeoutMs;
    private final long retryBackoffMs;
    private final long retryBackoffMaxMs;
    private final double retryBackoffJitter;
    private final int maxRequestSize;
    private final int initialBatchBytes;
    private final boolean adaptivePartitioning;
    private final CompressionType compressionType;
    private final int compressionLevel;

    private AccumulatorConfig(Builder b) {
        this.batchSize = b.batchSize;
        this.bufferMemory = b.bufferMemory;
        this.lingerMs = b.lingerMs;
        this.deliveryTimeoutMs = b.deliveryTimeoutMs;
        this.retryBackoffMs = b.retryBackoffMs;
        this.retryBackoffMaxMs = b.retryBackoffMaxMs;
        this.retryBackoffJitter = b.retryBackoffJitter;
        this.maxRequestSize = b.maxRequestSize;
        this.initialBatchBytes = b.initialBatchBytes;
        this.adaptivePartitioning = b.adaptivePartitioning;
        this.compressionType = b.compressionType;
        this.compressionLevel = b.compressionLevel;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code batch.size}: the most bytes a batch grows to (header included), unless one record needs more. */
    public int batchSize() {
        return batchSize;
    }

    /** {@code buffer.memory}: total bytes of batch buffers (capacity) alive at once. */
    public long bufferMemory() {
        return bufferMemory;
    }

    /** {@code linger.ms}: how long a batch that is not full waits for more records after its first one. */
    public long lingerMs() {
        return lingerMs;
    }

    /** {@code delivery.timeout.ms}: a record's whole life, from its batch's creation to its acknowledgement. */
    public long deliveryTimeoutMs() {
        return deliveryTimeoutMs;
    }

    /** {@code retry.backoff.ms}: the first retry's backoff. */
    public long retryBackoffMs() {
        return retryBackoffMs;
    }

    /** {@code retry.backoff.max.ms}: the cap of the exponential backoff (KIP-580). */
    public long retryBackoffMaxMs() {
        return retryBackoffMaxMs;
    }

    /** Relative jitter of the backoff: 0.2 (Kafka's) gives 80%..120% of the nominal value; 0 in tests. */
    public double retryBackoffJitter() {
        return retryBackoffJitter;
    }

    /** {@code max.request.size}: no batch, not even a one-record one, may be bigger. */
    public int maxRequestSize() {
        return maxRequestSize;
    }

    /**
     * Capacity of a new batch's first buffer (not a Kafka key): batches start this small, or as big as their
     * first record needs, and double up to {@code batch.size} as records arrive.
     */
    public int initialBatchBytes() {
        return initialBatchBytes;
    }

    /**
     * {@code partitioner.adaptive.partitioning.enable}: the per-topic {@link StickyPartitioner}s the accumulator
     * creates weigh partitions by queue length.
     */
    public boolean adaptivePartitioning() {
        return adaptivePartitioning;
    }

    /** {@code compression.type}: the codec each batch is compressed with when it is drained. */
    public CompressionType compressionType() {
        return compressionType;
    }

    /** {@code compression.<codec>.level} of that codec (ignored by codecs without levels). */
    public int compressionLevel() {
        return compressionLevel;
    }

    @Override
    public String toString() {
        return "AccumulatorConfig(batch.size=" + batchSize + ", buffer.memory=" + bufferMemory + ", linger.ms="
                + lingerMs + ", delivery.timeout.ms=" + deliveryTimeoutMs + ", retry.backoff.ms=" + retryBackoffMs
                + ", retry.backoff.max.ms=" + retryBackoffMaxMs + ", max.request.size=" + maxRequestSize
                + ", initialBatchBytes=" + initialBatchBytes + ", partitioner.adaptive.partitioning.enable="
                + adaptivePartitioning + ", compression.type=" + compressionType
                + (compressionType.hasLevels() ? ", level=" + compressionLevel : "") + ")";
    }

    /** Starts from the Java client's defaults. */
    public static final class Builder {
        private int batchSize = 16_384;
        private long bufferMemory = 33_554_432L;
        private long lingerMs = 5;
        private long deliveryTimeoutMs = 120_000;
        private long retryBackoffMs = 100;
        private long retryBackoffMaxMs = 1_000;
        private double retryBackoffJitter = 0.2;
        private int maxRequestSize = 1_048_576;
        private int initialBatchBytes = 2_048;
        private boolean adaptivePartitioning = true;
        private CompressionType compressionType = CompressionType.NONE;
        private int compressionLevel;

        private Builder() {
        }

        /** {@code compression.type} and the level for it (see {@link CompressionType#isValidLevel}). */
        public Builder compression(CompressionType type, int level) {
            this.compressionType = java.util.Objects.requireNonNull(type, "compression type");
            this.compressionLevel = level;
            return this;
        }

        /** {@code batch.size}; 0 means "no batching" (every record in a batch of its own), as in Kafka. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder bufferMemory(long bufferMemory) {
            this.bufferMemory = bufferMemory;
            return this;
        }

        public Builder lingerMs(long lingerMs) {
            this.lingerMs = lingerMs;
            return this;
        }

        public Builder deliveryTimeoutMs(long deliveryTimeoutMs) {
            this.deliveryTimeoutMs = deliveryTimeoutMs;
            return this;
        }

        public Builder retryBackoffMs(long retryBackoffMs) {
            this.retryBackoffMs = retryBackoffMs;
            return this;
        }

        public Builder retryBackoffMaxMs(long retryBackoffMaxMs) {
            this.retryBackoffMaxMs = retryBackoffMaxMs;
            return this;
        }

        public Builder retryBackoffJitter(double retryBackoffJitter) {
            this.retryBackoffJitter = retryBackoffJitter;
            return this;
        }

        public Builder maxRequestSize(int maxRequestSize) {
            this.maxRequestSize = maxRequestSize;
            return this;
        }

        /** See {@link AccumulatorConfig#initialBatchBytes()}; at least {@value #MIN_INITIAL_BATCH_BYTES}. */
        public Builder initialBatchBytes(int initialBatchBytes) {
            this.initialBatchBytes = initialBatchBytes;
            return this;
        }

        public Builder adaptivePartitioning(boolean adaptivePartitioning) {
            this.adaptivePartitioning = adaptivePartitioning;
            return this;
        }

        /** @throws IllegalArgumentException naming the key whose value is out of range */
        public AccumulatorConfig build() {
            requireAtLeast("batch.size", batchSize, 0);
            requireAtLeast("buffer.memory", bufferMemory, 1);
            requireAtLeast("linger.ms", lingerMs, 0);
            requireAtLeast("delivery.timeout.ms", deliveryTimeoutMs, 1);
            requireAtLeast("retry.backoff.ms", retryBackoffMs, 0);
            requireAtLeast("retry.backoff.max.ms", retryBackoffMaxMs, 0);
            requireAtLeast("max.request.size", maxRequestSize, 1);
            requireAtLeast("initialBatchBytes", initialBatchBytes, MIN_INITIAL_BATCH_BYTES);
            if (!(retryBackoffJitter >= 0 && retryBackoffJitter < 1)) {
                throw new IllegalArgumentException("retry backoff jitter " + retryBackoffJitter
                        + " must be in [0, 1)");
            }
            if (!compressionType.isValidLevel(compressionLevel)) {
                throw new IllegalArgumentException("Invalid value " + compressionLevel + " for configuration "
                        + "'compression." + compressionType + ".level': must be between " + compressionType.minLevel()
                        + " and " + compressionType.maxLevel()
                        + (compressionType == CompressionType.GZIP ? ", or -1" : ""));
            }
            return new AccumulatorConfig(this);
        }

        private static void requireAtLeast(String key, long value, long min) {
            if (value < min) {
                throw new IllegalArgumentException("Invalid value " + value + " for configuration '" + key
                        + "': must be at least " + min);
            }
        }
    }
}
