package io.samsa.common.errors;

/**
 * Broker error {@link Errors#UNKNOWN_TOPIC_OR_PARTITION} (3): this server does not host this topic-partition.
 */
public class UnknownTopicOrPartitionException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    public UnknownTopicOrPartitionException() {
        super();
    }

    public UnknownTopicOrPartitionException(String message) {
        super(message);
    }

    public UnknownTopicOrPartitionException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnknownTopicOrPartitionException(Throwable cause) {
        super(cause);
    }
}
