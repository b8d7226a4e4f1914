package io.samsa.common.errors;

/**
 * Broker error {@link Errors#RECORD_LIST_TOO_LARGE} (18): the request included a message batch larger than the
 * configured segment size on the server.
 */
public class RecordBatchTooLargeException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    public RecordBatchTooLargeException() {
        super();
    }

    public RecordBatchTooLargeException(String message) {
        super(message);
    }

    public RecordBatchTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }

    public RecordBatchTooLargeException(Throwable cause) {
        super(cause);
    }
}
