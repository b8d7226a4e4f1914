package io.samsa.common.errors;

/**
 * Broker error {@link Errors#NOT_ENOUGH_REPLICAS_AFTER_APPEND} (20): messages are written to the log, but to fewer
 * in-sync replicas than required (a retry may duplicate without idempotence).
 */
public class NotEnoughReplicasAfterAppendException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public NotEnoughReplicasAfterAppendException(String message) {
        super(message);
    }
}
