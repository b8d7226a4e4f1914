package io.samsa.common.errors;

/**
 * Broker error {@link Errors#LEADER_NOT_AVAILABLE} (5): there is no leader for this topic-partition as we are in the
 * middle of a leadership election.
 */
public class LeaderNotAvailableException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public LeaderNotAvailableException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public LeaderNotAvailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
