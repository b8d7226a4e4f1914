package io.samsa.common.errors;

/**
 * Broker error {@link Errors#FENCED_LEADER_EPOCH} (74): the leader epoch in the request is older than the epoch on
 * the broker.
 */
public class FencedLeaderEpochException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public FencedLeaderEpochException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public FencedLeaderEpochException(String message, Throwable cause) {
        super(message, cause);
    }
}
