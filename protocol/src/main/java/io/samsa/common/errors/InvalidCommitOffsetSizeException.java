package io.samsa.common.errors;

/**
 * Broker error {@link Errors#INVALID_COMMIT_OFFSET_SIZE} (28): the committing offset data size is not valid.
 */
public class InvalidCommitOffsetSizeException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public InvalidCommitOffsetSizeException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public InvalidCommitOffsetSizeException(String message, Throwable cause) {
        super(message, cause);
    }
}
