package io.samsa.common.errors;

/**
 * Broker error {@link Errors#CLUSTER_AUTHORIZATION_FAILED} (31): cluster authorization failed (fatal for an
 * idempotent producer).
 */
public class ClusterAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public ClusterAuthorizationException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public ClusterAuthorizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
