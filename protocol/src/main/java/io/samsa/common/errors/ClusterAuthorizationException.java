package io.samsa.common.errors;

/**
 * Broker error {@link Errors#CLUSTER_AUTHORIZATION_FAILED} (31): cluster authorization failed (fatal for an
 * idempotent producer).
 */
public class ClusterAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    public ClusterAuthorizationException(String message) {
        super(message);
    }

    public ClusterAuthorizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
