package io.samsa.common.errors;

import java.util.Set;

/** {@link Errors#TOPIC_AUTHORIZATION_FAILED}: the principal may not write to (or describe) these topics. */
public class TopicAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    /** The topics the broker refused; empty when the response did not say. */
    private final Set<String> unauthorizedTopics;

    /**
     * With a message and the topics refused.
     *
     * @param message            what went wrong
     * @param unauthorizedTopics the topics the broker refused; copied
     */
    public TopicAuthorizationException(String message, Set<String> unauthorizedTopics) {
        super(message);
        this.unauthorizedTopics = Set.copyOf(unauthorizedTopics);
    }

    /**
     * For the given topics, with a message naming them.
     *
     * @param unauthorizedTopics the topics the broker refused; copied
     */
    public TopicAuthorizationException(Set<String> unauthorizedTopics) {
        this("Not authorized to access topics: " + unauthorizedTopics, unauthorizedTopics);
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public TopicAuthorizationException(String message) {
        this(message, Set.of());
    }

    /** {@return the topics the broker refused; empty when the response did not say} */
    public Set<String> unauthorizedTopics() {
        return unauthorizedTopics;
    }
}
