package io.samsa.common.errors;

import io.samsa.common.KafkaException;

/** A key or value could not be serialized, or a serializer could not be configured. */
public class SerializationException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public SerializationException() {
        super();
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public SerializationException(Throwable cause) {
        super(cause);
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public SerializationException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
