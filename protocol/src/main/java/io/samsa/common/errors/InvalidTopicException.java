package io.samsa.common.errors;

import java.util.Set;

/**
 * {@link Errors#INVALID_TOPIC_EXCEPTION}: the topic name is not legal (empty, too long, bad characters) or the
 * topic may not be written to by clients (an internal topic).
 */
public class InvalidTopicException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    /** The topics whose names are not legal or that clients may not write to; empty when not known. */
    private final Set<String> invalidTopics;

    /** With neither message nor cause. */
    public InvalidTopicException() {
        this((String) null);
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public InvalidTopicException(String message) {
        this(message, Set.of());
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public InvalidTopicException(String message, Throwable cause) {
        super(message, cause);
        this.invalidTopics = Set.of();
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public InvalidTopicException(Throwable cause) {
        super(cause);
        this.invalidTopics = Set.of();
    }

    /**
     * For the given topics, with a message naming them.
     *
     * @param invalidTopics the topics concerned; copied
     */
    public InvalidTopicException(Set<String> invalidTopics) {
        this("Invalid topics: " + invalidTopics, invalidTopics);
    }

    /**
     * With a message and the topics concerned.
     *
     * @param message       what went wrong
     * @param invalidTopics the topics concerned; copied
     */
    public InvalidTopicException(String message, Set<String> invalidTopics) {
        super(message);
        this.invalidTopics = Set.copyOf(invalidTopics);
    }

    /** {@return the topics concerned; empty when not known} */
    public Set<String> invalidTopics() {
        return invalidTopics;
    }
}
