package io.samsa.common.errors;

/**
 * Broker error {@link Errors#REQUEST_TIMED_OUT} (7): the request timed out (e.g. the in-sync replicas did not
 * acknowledge within timeout_ms).
 */
public class TimeoutException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public TimeoutException() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public TimeoutException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public TimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public TimeoutException(Throwable cause) {
        super(cause);
    }
}
