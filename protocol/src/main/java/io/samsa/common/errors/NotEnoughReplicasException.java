package io.samsa.common.errors;

/**
 * Broker error {@link Errors#NOT_ENOUGH_REPLICAS} (19): messages are rejected since there are fewer in-sync replicas
 * than required (nothing was written).
 */
public class NotEnoughReplicasException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public NotEnoughReplicasException() {
        super();
    }

    public NotEnoughReplicasException(String message) {
        super(message);
    }

    public NotEnoughReplicasException(String message, Throwable cause) {
        super(message, cause);
    }

    public NotEnoughReplicasException(Throwable cause) {
        super(cause);
    }
}
