package io.samsa.common.errors;

/**
 * A retriable failure after which the client must look something up again (metadata, a coordinator) before
 * retrying.
 */
public abstract class RefreshRetriableException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public RefreshRetriableException() {
        super();
    }

    public RefreshRetriableException(String message) {
        super(message);
    }

    public RefreshRetriableException(String message, Throwable cause) {
        super(message, cause);
    }

    public RefreshRetriableException(Throwable cause) {
        super(cause);
    }
}
