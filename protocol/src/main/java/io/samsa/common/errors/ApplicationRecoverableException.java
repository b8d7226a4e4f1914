package io.samsa.common.errors;

/**
 * A failure the application recovers from by acting itself (for a producer: closing it and creating a new one,
 * or aborting the transaction), not by retrying the same call.
 */
public abstract class ApplicationRecoverableException extends ApiException {
    private static final long serialVersionUID = 1L;

    public ApplicationRecoverableException() {
        super();
    }

    public ApplicationRecoverableException(String message) {
        super(message);
    }

    public ApplicationRecoverableException(String message, Throwable cause) {
        super(message, cause);
    }

    public ApplicationRecoverableException(Throwable cause) {
        super(cause);
    }
}
