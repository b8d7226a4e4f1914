package io.samsa.common.errors;

/**
 * Broker error {@link Errors#REBOOTSTRAP_REQUIRED} (129): client metadata is stale; the client should rebootstrap to
 * obtain new metadata.
 */
public class RebootstrapRequiredException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public RebootstrapRequiredException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public RebootstrapRequiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
