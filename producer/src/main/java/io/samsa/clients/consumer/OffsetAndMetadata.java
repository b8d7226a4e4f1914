package io.samsa.clients.consumer;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * A consumer position to commit inside a transaction ({@code sendOffsetsToTransaction}): the offset of the next
 * record to consume, the leader epoch of the last consumed one if known, and free-form metadata. Named and laid
 * out as Apache Kafka's, so code that builds these for its consumer ports by the import rule.
 */
public class OffsetAndMetadata implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The offset to commit: that of the next record to read. */
    private final long offset;
    /** Free-form text kept with the offset; never null. */
    private final String metadata;
    /** Null when unknown (also what a negative epoch means). */
    private final Integer leaderEpoch;

    /**
     * An offset with the leader epoch and metadata.
     *
     * @param offset      the offset to commit: the next record to read; not negative
     * @param leaderEpoch the leader epoch of the last consumed record, if known
     * @param metadata    free-form text kept with the offset; null is stored as "" (the broker does the same)
     */
    public OffsetAndMetadata(long offset, Optional<Integer> leaderEpoch, String metadata) {
        if (offset < 0) {
            throw new IllegalArgumentException("Invalid negative offset");
        }
        this.offset = offset;
        this.leaderEpoch = leaderEpoch.orElse(null);
        this.metadata = metadata == null ? "" : metadata;
    }

    /**
     * An offset with metadata, leader epoch unknown.
     *
     * @param offset   the offset to commit: the next record to read; not negative
     * @param metadata free-form text kept with the offset; null is stored as ""
     * @throws IllegalArgumentException if {@code offset} is negative
     */
    public OffsetAndMetadata(long offset, String metadata) {
        this(offset, Optional.empty(), metadata);
    }

    /**
     * An offset alone: no metadata, leader epoch unknown.
     *
     * @param offset the offset to commit: the next record to read; not negative
     * @throws IllegalArgumentException if {@code offset} is negative
     */
    public OffsetAndMetadata(long offset) {
        this(offset, "");
    }

    /** {@return the offset to commit: that of the next record to read} */
    public long offset() {
        return offset;
    }

    /** {@return the free-form text kept with the offset; "" when none was given} */
    public String metadata() {
        return metadata;
    }

    /** {@return the leader epoch of the last consumed record, empty when not known} */
    public Optional<Integer> leaderEpoch() {
        return leaderEpoch == null || leaderEpoch < 0 ? Optional.empty() : Optional.of(leaderEpoch);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        OffsetAndMetadata that = (OffsetAndMetadata) o;
        return offset == that.offset && metadata.equals(that.metadata) && Objects.equals(leaderEpoch, that.leaderEpoch);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offset, metadata, leaderEpoch);
    }

    @Override
    public String toString() {
        return "OffsetAndMetadata{offset=" + offset + ", leaderEpoch=" + leaderEpoch + ", metadata='" + metadata + "'}";
    }
}
