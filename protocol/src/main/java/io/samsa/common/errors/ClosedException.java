package io.samsa.common.errors;

import io.samsa.common.KafkaException;

/** The client (producer, connection layer) was closed before the operation could complete. Not retriable. */
public class ClosedException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public ClosedException(String message) {
        super(message);
    }
}
