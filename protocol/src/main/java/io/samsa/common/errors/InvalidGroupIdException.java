package io.samsa.common.errors;

/**
 * Broker error {@link Errors#INVALID_GROUP_ID} (24): the configured groupId is invalid.
 */
public class InvalidGroupIdException extends ApiException {
    private static final long serialVersionUID = 1L;

    public InvalidGroupIdException(String message) {
        super(message);
    }

    public InvalidGroupIdException(String message, Throwable cause) {
        super(message, cause);
    }
}
