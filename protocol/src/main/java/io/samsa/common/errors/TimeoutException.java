package io.samsa.common.errors;

/**
 * Broker error {@link Errors#REQUEST_TIMED_OUT} (7): the request timed out (e.g. the in-sync replicas did not
 * acknowledge within timeout_ms).
 */
public class TimeoutException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public TimeoutException() {
        super();
    }

    public TimeoutException(String message) {
        super(message);
    }

    public TimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    public TimeoutException(Throwable cause) {
        super(cause);
    }
}
