package io.samsa.common.errors;

/**
 * Broker error {@link Errors#REPLICA_NOT_AVAILABLE} (9): the replica is not available for the requested topic-
 * partition.
 */
public class ReplicaNotAvailableException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    public ReplicaNotAvailableException(String message) {
        super(message);
    }

    public ReplicaNotAvailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public ReplicaNotAvailableException(Throwable cause) {
        super(cause);
    }
}
