package io.samsa.clients.consumer;

import io.samsa.common.KafkaException;

/**
 * Offsets could not be committed because the consumer they came from is no longer a current member of its group
 * (its generation moved on, or it was removed): another member owns those partitions now, so committing would
 * let two members' work count. From {@code sendOffsetsToTransaction}: the transaction must be aborted, and the
 * consumer rejoin before it processes again. Named as Apache Kafka's.
 */
public class CommitFailedException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public CommitFailedException(String message) {
        super(message);
    }

    /** With neither message nor cause. */
    public CommitFailedException() {
        super("Commit cannot be completed since the group has already rebalanced and assigned the partitions to "
                + "another member.");
    }
}
