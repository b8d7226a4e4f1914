package io.samsa.common.errors;

/**
 * Broker error {@link Errors#UNKNOWN_LEADER_EPOCH} (75): the leader epoch in the request is newer than the epoch on
 * the broker.
 */
public class UnknownLeaderEpochException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public UnknownLeaderEpochException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public UnknownLeaderEpochException(String message, Throwable cause) {
        super(message, cause);
    }
}
