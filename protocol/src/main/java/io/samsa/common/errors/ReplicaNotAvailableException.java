package io.samsa.common.errors;

/**
 * Broker error {@link Errors#REPLICA_NOT_AVAILABLE} (9): the replica is not available for the requested topic-
 * partition.
 */
public class ReplicaNotAvailableException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public ReplicaNotAvailableException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public ReplicaNotAvailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public ReplicaNotAvailableException(Throwable cause) {
        super(cause);
    }
}
