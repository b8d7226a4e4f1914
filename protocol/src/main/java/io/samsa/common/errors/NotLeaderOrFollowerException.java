package io.samsa.common.errors;

/**
 * Broker error {@link Errors#NOT_LEADER_OR_FOLLOWER} (6): this server is not the leader (or a follower) for this
 * partition; the response may name the new leader (KIP-951).
 */
public class NotLeaderOrFollowerException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    public NotLeaderOrFollowerException() {
        super();
    }

    public NotLeaderOrFollowerException(String message) {
        super(message);
    }

    public NotLeaderOrFollowerException(String message, Throwable cause) {
        super(message, cause);
    }

    public NotLeaderOrFollowerException(Throwable cause) {
        super(cause);
    }
}
