package io.samsa.common.errors;

/**
 * A failure that may go away if the same operation is tried again: the producer retries these itself while
 * {@code retries} and {@code delivery.timeout.ms} allow, and a record fails with one only when they ran out.
 */
public abstract class RetriableException extends ApiException {
    private static final long serialVersionUID = 1L;

    public RetriableException() {
        super();
    }

    public RetriableException(String message) {
        super(message);
    }

    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }

    public RetriableException(Throwable cause) {
        super(cause);
    }
}
