package io.samsa.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The settings of one {@link SpoolLog}; immutable, built with {@link #builder()}. The {@code *_CONFIG} names are
 * the ones error messages use, and the ones the producer's configuration will expose.
 */
public final class SpoolOptions {
    public static final String SEGMENT_BYTES_CONFIG = "spool.segment.bytes";
    public static final String MAX_BYTES_CONFIG = "spool.max.bytes";
    public static final String SYNC_POLICY_CONFIG = "spool.fsync";
    public static final String SYNC_INTERVAL_MS_CONFIG = "spool.fsync.interval.ms";
    public static final String SKIP_CORRUPTION_CONFIG = "spool.skip.corruption";

    public static final int DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;
    public static final long DEFAULT_MAX_BYTES = 1024L * 1024 * 1024;
    /** ALWAYS, because a spool is opt-in and whoever opts in wants entries to survive an OS crash. */
    public static final SyncPolicy DEFAULT_SYNC_POLICY = SyncPolicy.ALWAYS;
    public static final long DEFAULT_SYNC_INTERVAL_MS = 5;

    /** A segment is mapped into memory whole when read, so it must fit one {@code MappedByteBuffer}. */
    static final int MAX_SEGMENT_BYTES = 1024 * 1024 * 1024;
    /** Room for the header and one entry of a few bytes: smaller is pointless, and tests use sizes near it. */
    static final int MIN_SEGMENT_BYTES = 64;

    /** Opens the segment files the spool writes: the seam through which tests inject write failures. */
    @FunctionalInterface
    interface ChannelOpener {
        FileChannel open(Path path, OpenOption... options) throws IOException;
    }

    private static final SpoolOptions DEFAULTS = builder().build();

    private final int segmentBytes;
    private final long maxBytes;
    private final SyncPolicy syncPolicy;
    private final long syncIntervalMs;
    private final boolean skipCorruption;
    private final ChannelOpener channelOpener;

    private SpoolOptions(Builder b) {
        this.segmentBytes = b.segmentBytes;
        this.maxBytes = b.maxBytes;
        this.syncPolicy = b.syncPolicy;
        this.syncIntervalMs = b.syncIntervalMs;
        this.skipCorruption = b.skipCorruption;
        this.channelOpener = b.channelOpener;
    }

    public static SpoolOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.segmentBytes = segmentBytes;
        b.maxBytes = maxBytes;
        b.syncPolicy = syncPolicy;
        b.syncIntervalMs = syncIntervalMs;
        b.skipCorruption = skipCorruption;
        b.channelOpener = channelOpener;
        return b;
    }

    /** A segment rolls when the next entry would take its file (header included) past this size. */
    public int segmentBytes() {
        return segmentBytes;
    }

    /** Bound on the total size of all segment files; an append past it throws {@link SpoolFullException}. */
    public long maxBytes() {
        return maxBytes;
    }

    public SyncPolicy syncPolicy() {
        return syncPolicy;
    }

    /** Period of the syncer thread under {@link SyncPolicy#INTERVAL}; ignored otherwise. */
    public long syncIntervalMs() {
        return syncIntervalMs;
    }

    /**
     * Whether opening goes past mid-log corruption (logging each skipped range at ERROR, and leaving the damaged
     * bytes in place for inspection) instead of refusing with {@link SpoolCorruptException}. Entries in a skipped
     * range are lost; a torn tail is always cut, whatever this says.
     */
    public boolean skipCorruption() {
        return skipCorruption;
    }

    ChannelOpener channelOpener() {
        return channelOpener;
    }

    @Override
    public String toString() {
        return SEGMENT_BYTES_CONFIG + "=" + segmentBytes + ", " + MAX_BYTES_CONFIG + "=" + maxBytes + ", "
                + SYNC_POLICY_CONFIG + "=" + syncPolicy + ", " + SYNC_INTERVAL_MS_CONFIG + "=" + syncIntervalMs
                + ", " + SKIP_CORRUPTION_CONFIG + "=" + skipCorruption;
    }

    /** Not thread-safe; {@link #build} validates and copies. */
    public static final class Builder {
        private int segmentBytes = DEFAULT_SEGMENT_BYTES;
        private long maxBytes = DEFAULT_MAX_BYTES;
        private SyncPolicy syncPolicy = DEFAULT_SYNC_POLICY;
        private long syncIntervalMs = DEFAULT_SYNC_INTERVAL_MS;
        private boolean skipCorruption;
        private ChannelOpener channelOpener = FileChannel::open;

        private Builder() {
        }

        public Builder segmentBytes(int segmentBytes) {
            this.segmentBytes = segmentBytes;
            return this;
        }

        public Builder maxBytes(long maxBytes) {
            this.maxBytes = maxBytes;
            return this;
        }

        public Builder syncPolicy(SyncPolicy syncPolicy) {
            this.syncPolicy = Objects.requireNonNull(syncPolicy, SYNC_POLICY_CONFIG);
            return this;
        }

        /** Sets {@link SyncPolicy#INTERVAL} with this period. */
        public Builder syncInterval(long intervalMs) {
            this.syncPolicy = SyncPolicy.INTERVAL;
            this.syncIntervalMs = intervalMs;
            return this;
        }

        public Builder skipCorruption(boolean skipCorruption) {
            this.skipCorruption = skipCorruption;
            return this;
        }

        Builder channelOpener(ChannelOpener channelOpener) {
            this.channelOpener = Objects.requireNonNull(channelOpener);
            return this;
        }

        /**
         * @throws IllegalArgumentException if a value is out of range; in particular {@code spool.max.bytes} must
         *         be at least twice {@code spool.segment.bytes}: the active segment is never released, so with less
         *         the bound could be reached with nothing left to release
         */
        public SpoolOptions build() {
            if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
                throw new IllegalArgumentException(SEGMENT_BYTES_CONFIG + " must be between " + MIN_SEGMENT_BYTES
                        + " and " + MAX_SEGMENT_BYTES + ", not " + segmentBytes);
            }
            if (maxBytes < 2L * segmentBytes) {
                throw new IllegalArgumentException(MAX_BYTES_CONFIG + "=" + maxBytes + " must be at least twice "
                        + SEGMENT_BYTES_CONFIG + "=" + segmentBytes + ": the active segment is never released, so "
                        + "a smaller bound could be reached with nothing left to release");
            }
            if (syncIntervalMs < 1) {
                throw new IllegalArgumentException(SYNC_INTERVAL_MS_CONFIG + " must be at least 1, not "
                        + syncIntervalMs);
            }
            return new SpoolOptions(this);
        }
    }
}
