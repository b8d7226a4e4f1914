package io.samsa.common.errors;

import java.util.Set;

/** {@link Errors#TOPIC_AUTHORIZATION_FAILED}: the principal may not write to (or describe) these topics. */
public class TopicAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    private final Set<String> unauthorizedTopics;

    public TopicAuthorizationException(String message, Set<String> unauthorizedTopics) {
        super(message);
        this.unauthorizedTopics = Set.copyOf(unauthorizedTopics);
    }

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
