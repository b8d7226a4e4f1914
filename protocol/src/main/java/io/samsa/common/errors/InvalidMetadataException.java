package io.samsa.common.errors;

/**
 * The client's view of the cluster is stale (a leader moved, a partition is not where we thought): the
 * producer refreshes its metadata and retries.
 */
public abstract class InvalidMetadataException extends RefreshRetriableException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public InvalidMetadataException() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public InvalidMetadataException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public InvalidMetadataException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public InvalidMetadataException(Throwable cause) {
        super(cause);
    }
}
