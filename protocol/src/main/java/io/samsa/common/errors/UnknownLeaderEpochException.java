package io.samsa.common.errors;

/**
 * Broker error {@link Errors#UNKNOWN_LEADER_EPOCH} (75): the leader epoch in the request is newer than the epoch on
 * the broker.
 */
public class UnknownLeaderEpochException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public UnknownLeaderEpochException(String message) {
        super(message);
    }

    public UnknownLeaderEpochException(String message, Throwable cause) {
        super(message, cause);
    }
}
