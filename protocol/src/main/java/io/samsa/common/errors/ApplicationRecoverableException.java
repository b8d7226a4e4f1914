package io.samsa.common.errors;

/**
 * A failure the application recovers from by acting itself (for a producer: closing it and creating a new one,
 * or aborting the transaction), not by retrying the same call.
 */
public abstract class ApplicationRecoverableException extends ApiException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public ApplicationRecoverableException() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public ApplicationRecoverableException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public ApplicationRecoverableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public ApplicationRecoverableException(Throwable cause) {
        super(cause);
    }
}
