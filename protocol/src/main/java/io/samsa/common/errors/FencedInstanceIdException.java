package io.samsa.common.errors;

/**
 * Broker error {@link Errors#FENCED_INSTANCE_ID} (82): another member with the same group.instance.id has registered
 * with a different member.id.
 */
public class FencedInstanceIdException extends ApplicationRecoverableException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public FencedInstanceIdException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public FencedInstanceIdException(String message, Throwable cause) {
        super(message, cause);
    }
}
