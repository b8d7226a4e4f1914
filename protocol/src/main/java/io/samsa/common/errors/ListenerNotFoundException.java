package io.samsa.common.errors;

/**
 * Broker error {@link Errors#LISTENER_NOT_FOUND} (72): there is no listener on the leader broker that matches the
 * listener on which the request was sent.
 */
public class ListenerNotFoundException extends InvalidMetadataException {
    private static final long serialVersionUID = 1L;

    public ListenerNotFoundException(String message) {
        super(message);
    }

    public ListenerNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
