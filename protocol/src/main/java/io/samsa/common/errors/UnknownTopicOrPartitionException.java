package io.samsa.common.errors;

/**
 * Broker error {@link Errors#UNKNOWN_TOPIC_OR_PARTITION} (3): this server does not host this topic-partition.
 */
public class UnknownTopicOrPartitionException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public UnknownTopicOrPartitionException() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public UnknownTopicOrPartitionException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public UnknownTopicOrPartitionException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public UnknownTopicOrPartitionException(Throwable cause) {
        super(cause);
    }
}
