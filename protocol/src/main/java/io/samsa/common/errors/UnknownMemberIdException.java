package io.samsa.common.errors;

/**
 * Broker error {@link Errors#UNKNOWN_MEMBER_ID} (25): the coordinator is not aware of this member.
 */
public class UnknownMemberIdException extends ApplicationRecoverableException {
    private static final long serialVersionUID = 1L;

    public UnknownMemberIdException() {
        super();
    }

    public UnknownMemberIdException(String message) {
        super(message);
    }

    public UnknownMemberIdException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnknownMemberIdException(Throwable cause) {
        super(cause);
    }
}
