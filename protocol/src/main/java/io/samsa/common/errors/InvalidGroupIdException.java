package io.samsa.common.errors;

/**
 * Broker error {@link Errors#INVALID_GROUP_ID} (24): the configured groupId is invalid.
 */
public class InvalidGroupIdException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public InvalidGroupIdException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public InvalidGroupIdException(String message, Throwable cause) {
        super(message, cause);
    }
}
