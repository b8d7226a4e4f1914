package io.samsa.common.errors;

/**
 * Broker error {@link Errors#LEADER_NOT_AVAILABLE} (5): there is no leader for this topic-partition as we are in the
 * middle of a leadership election.
 */
public class LeaderNotAvailableException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    public LeaderNotAvailableException(String message) {
        super(message);
    }

    public LeaderNotAvailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
