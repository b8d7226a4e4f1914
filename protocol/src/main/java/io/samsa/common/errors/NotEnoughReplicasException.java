package io.samsa.common.errors;

/**
 * Broker error {@link Errors#NOT_ENOUGH_REPLICAS} (19): messages are rejected since there are fewer in-sync replicas
 * than required (nothing was written).
 */
public class NotEnoughReplicasException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public NotEnoughReplicasException() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public NotEnoughReplicasException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public NotEnoughReplicasException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public NotEnoughReplicasException(Throwable cause) {
        super(cause);
    }
}
