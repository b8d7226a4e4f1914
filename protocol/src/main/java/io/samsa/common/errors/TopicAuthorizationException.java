package io.samsa.common.errors;

import java.util.Set;

/**
 * TOPIC_AUTHORIZATION_FAILED (29): the principal may not write to (or describe) the topics named. The name
 * and {@link #unauthorizedTopics()} mirror Apache Kafka's {@code TopicAuthorizationException}.
 */
public class TopicAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    private final Set<String> unauthorizedTopics;

    public TopicAuthorizationException(String context, Set<String> topics, String brokerMessage) {
        super(context == null ? "Not authorized to access topics " + topics : context,
                Errors.TOPIC_AUTHORIZATION_FAILED, Errors.TOPIC_AUTHORIZATION_FAILED.code(), brokerMessage);
        this.unauthorizedTopics = Set.copyOf(topics);
    }

    /** The topics the broker refused. */
    public Set<String> unauthorizedTopics() {
        return unauthorizedTopics;
    }
}
