package io.samsa.common.errors;

import io.samsa.common.KafkaException;

/**
 * Something did not happen within its time limit: a connection setup, a request, a metadata fetch, a record's
 * delivery. The message names the operation and the limit (and the config key that sets it, where one does).
 * Retriable in the sense that trying again later may succeed.
 */
public class TimeoutException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public TimeoutException(String message) {
        super(message);
    }

    public TimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
