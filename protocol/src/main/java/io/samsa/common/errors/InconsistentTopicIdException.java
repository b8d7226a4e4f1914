package io.samsa.common.errors;

/**
 * Broker error {@link Errors#INCONSISTENT_TOPIC_ID} (103): the log's topic ID did not match the topic ID in the
 * request.
 */
public class InconsistentTopicIdException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public InconsistentTopicIdException(String message) {
        super(message);
    }
}
