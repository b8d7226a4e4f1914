package io.samsa.common.errors;

/**
 * Broker error {@link Errors#LISTENER_NOT_FOUND} (72): there is no listener on the leader broker that matches the
 * listener on which the request was sent.
 */
public class ListenerNotFoundException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public ListenerNotFoundException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public ListenerNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
