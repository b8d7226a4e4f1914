package io.samsa.clients.consumer;

import java.util.Objects;
import java.util.Optional;

/**
 * A consumer's group membership as {@code sendOffsetsToTransaction} needs it (KIP-447): with the generation and
 * member id the group coordinator fences a zombie consumer-producer pair that lost its partitions, so offsets
 * from a member that was replaced are refused instead of committed. A consumer hands it out
 * ({@code groupMetadata()}); {@link #ConsumerGroupMetadata(String)} carries the group only (no fencing by
 * membership). Named and laid out as Apache Kafka's.
 */
public class ConsumerGroupMetadata {
    /** The generation of a group id given alone: unknown. */
    static final int UNKNOWN_GENERATION_ID = -1;
    /** The member id of a group id given alone: unknown. */
    static final String UNKNOWN_MEMBER_ID = "";

    private final String groupId;
    private final int generationId;
    private final String memberId;
    private final Optional<String> groupInstanceId;

    /**
     * A member of a group, as the consumer knows itself.
     *
     * @param groupId         the consumer group's id; not null
     * @param generationId    the group generation the member belongs to
     * @param memberId        the member id the coordinator assigned; not null
     * @param groupInstanceId the static member's {@code group.instance.id}, or empty for a dynamic member
     */
    public ConsumerGroupMetadata(String groupId, int generationId, String memberId, Optional<String> groupInstanceId) {
        this.groupId = Objects.requireNonNull(groupId, "group.id can't be null");
        this.generationId = generationId;
        this.memberId = Objects.requireNonNull(memberId, "member.id can't be null");
        this.groupInstanceId = Objects.requireNonNull(groupInstanceId, "group.instance.id can't be null");
    }

    /**
     * A group without membership details: offsets are committed without generation fencing.
     *
     * @param groupId the consumer group's id; not null
     */
    public ConsumerGroupMetadata(String groupId) {
        this(groupId, UNKNOWN_GENERATION_ID, UNKNOWN_MEMBER_ID, Optional.empty());
    }

    /** {@return the consumer group's id} */
    public String groupId() {
        return groupId;
    }

    /** {@return the group generation of the member, or -1 when unknown} */
    public int generationId() {
        return generationId;
    }

    /** {@return the member id the coordinator assigned, or "" when unknown} */
    public String memberId() {
        return memberId;
    }

    /** {@return the static member's {@code group.instance.id}, or empty for a dynamic member} */
    public Optional<String> groupInstanceId() {
        return groupInstanceId;
    }

    @Override
    public String toString() {
        return "GroupMetadata(groupId = " + groupId + ", generationId = " + generationId + ", memberId = " + memberId
                + ", groupInstanceId = " + groupInstanceId.orElse("") + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        ConsumerGroupMetadata that = (ConsumerGroupMetadata) o;
        return generationId == that.generationId && groupId.equals(that.groupId) && memberId.equals(that.memberId)
                && groupInstanceId.equals(that.groupInstanceId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupId, generationId, memberId, groupInstanceId);
    }
}
