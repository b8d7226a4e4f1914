package io.samsa.common.errors;

/**
 * Broker error {@link Errors#UNKNOWN_MEMBER_ID} (25): the coordinator is not aware of this member.
 */
public class UnknownMemberIdException extends ApplicationRecoverableException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public UnknownMemberIdException() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public UnknownMemberIdException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public UnknownMemberIdException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public UnknownMemberIdException(Throwable cause) {
        super(cause);
    }
}
