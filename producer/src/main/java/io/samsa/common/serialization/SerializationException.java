package io.samsa.common.serialization;

import io.samsa.errors.SamsaException;

/** A key or value could not be serialized, or a serializer could not be configured. */
public class SerializationException extends SamsaException {
    private static final long serialVersionUID = 1L;

    public SerializationException(String message) {
        super(message);
    }

    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
