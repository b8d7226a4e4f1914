package io.samsa.common.errors;

/**
 * {@link Errors#GROUP_AUTHORIZATION_FAILED}: the principal may not use the consumer group named in a
 * transactional offset commit.
 */
public class GroupAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    /** The consumer group the principal may not use, or null when not known. */
    private final String groupId;

    /**
     * With a message and the group concerned.
     *
     * @param message what went wrong
     * @param groupId the consumer group the principal may not use, or null when not known
     */
    public GroupAuthorizationException(String message, String groupId) {
        super(message);
        this.groupId = groupId;
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public GroupAuthorizationException(String message) {
        this(message, null);
    }

    /** {@return the group concerned, or null when not known} */
    public String groupId() {
        return groupId;
    }

    /**
     * {@return the exception for one group, with a message naming it}
     *
     * @param groupId the consumer group the principal may not use
     */
    public static GroupAuthorizationException forGroupId(String groupId) {
        return new GroupAuthorizationException("Not authorized to access group: " + groupId, groupId);
    }
}
