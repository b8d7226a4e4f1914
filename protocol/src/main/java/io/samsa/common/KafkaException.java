package io.samsa.common;

/**
 * Root of every exception Samsa throws or completes a future with. Catch this to catch all of ours.
 *
 * <p>Samsa keeps a small set of exception types (see the subclasses) instead of one class per broker error
 * code: the broker's code travels as data ({@link Errors}) together with a retriable flag.
 */
public class KafkaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KafkaException(String message) {
        super(message);
    }

    public KafkaException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the same operation may succeed if tried again (a transient condition). */
    public boolean isRetriable() {
        return false;
    }
}
