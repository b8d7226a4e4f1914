package io.samsa.common.errors;

/**
 * Broker error {@link Errors#REBOOTSTRAP_REQUIRED} (129): client metadata is stale; the client should rebootstrap to
 * obtain new metadata.
 */
public class RebootstrapRequiredException extends ApiException {
    private static final long serialVersionUID = 1L;

    public RebootstrapRequiredException(String message) {
        super(message);
    }

    public RebootstrapRequiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
