package io.samsa.common.errors;

/**
 * A retriable failure after which the client must look something up again (metadata, a coordinator) before
 * retrying.
 */
public abstract class RefreshRetriableException extends RetriableException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public RefreshRetriableException() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public RefreshRetriableException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public RefreshRetriableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public RefreshRetriableException(Throwable cause) {
        super(cause);
    }
}
