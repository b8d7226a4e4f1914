package io.samsa.common.errors;

/**
 * Broker error {@link Errors#UNKNOWN_TOPIC_ID} (100): this server does not host this topic ID.
 */
public class UnknownTopicIdException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public UnknownTopicIdException(String message) {
        super(message);
    }
}
