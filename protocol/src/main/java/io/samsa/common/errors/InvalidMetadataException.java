package io.samsa.common.errors;

/**
 * The client's view of the cluster is stale (a leader moved, a partition is not where we thought): the
 * producer refreshes its metadata and retries.
 */
public abstract class InvalidMetadataException extends RefreshRetriableException {
    private static final long serialVersionUID = 1L;

    public InvalidMetadataException() {
        super();
    }

    public InvalidMetadataException(String message) {
        super(message);
    }

    public InvalidMetadataException(String message, Throwable cause) {
        super(message, cause);
    }

    public InvalidMetadataException(Throwable cause) {
        super(cause);
    }
}
