package io.samsa.common.errors;

/**
 * Broker error {@link Errors#NOT_LEADER_OR_FOLLOWER} (6): this server is not the leader (or a follower) for this
 * partition; the response may name the new leader (KIP-951).
 */
public class NotLeaderOrFollowerException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public NotLeaderOrFollowerException() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public NotLeaderOrFollowerException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public NotLeaderOrFollowerException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public NotLeaderOrFollowerException(Throwable cause) {
        super(cause);
    }
}
