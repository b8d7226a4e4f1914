package io.samsa.common.errors;

/**
 * Broker error {@link Errors#RECORD_LIST_TOO_LARGE} (18): the request included a message batch larger than the
 * configured segment size on the server.
 */
public class RecordBatchTooLargeException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public RecordBatchTooLargeException() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public RecordBatchTooLargeException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public RecordBatchTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public RecordBatchTooLargeException(Throwable cause) {
        super(cause);
    }
}
