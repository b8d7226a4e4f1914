package io.samsa.common.errors;

import io.samsa.common.KafkaException;

/** A key or value could not be serialized, or a serializer could not be configured. */
public class SerializationException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public SerializationException() {
        super();
    }

    public SerializationException(Throwable cause) {
        super(cause);
    }

    public SerializationException(String message) {
        super(message);
    }

    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
