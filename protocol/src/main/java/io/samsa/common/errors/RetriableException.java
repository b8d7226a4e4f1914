package io.samsa.common.errors;

/**
 * A failure that may go away if the same operation is tried again: the producer retries these itself while
 * {@code retries} and {@code delivery.timeout.ms} allow, and a record fails with one only when they ran out.
 */
public abstract class RetriableException extends ApiException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public RetriableException() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public RetriableException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public RetriableException(Throwable cause) {
        super(cause);
    }
}
