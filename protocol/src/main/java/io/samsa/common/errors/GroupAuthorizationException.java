package io.samsa.common.errors;

/**
 * {@link Errors#GROUP_AUTHORIZATION_FAILED}: the principal may not use the consumer group named in a
 * transactional offset commit.
 */
public class GroupAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    private final String groupId;

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

    /** {@return the exception for one group, with a message naming it} */
    public static GroupAuthorizationException forGroupId(String groupId) {
        return new GroupAuthorizationException("Not authorized to access group: " + groupId, groupId);
    }
}
