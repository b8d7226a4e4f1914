package io.samsa.common;

/**
 * Root of every exception Samsa throws or completes a future with; catch this to catch all of them.
 *
 * <p>The hierarchy below it is Apache Kafka's, class for class and name for name (see
 * {@code io.samsa.common.errors}), so code written against Apache's client catches the same failures after its
 * imports change from {@code org.apache.kafka.} to {@code io.samsa.}.
 */
public class KafkaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public KafkaException() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public KafkaException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public KafkaException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public KafkaException(Throwable cause) {
        super(cause);
    }
}
