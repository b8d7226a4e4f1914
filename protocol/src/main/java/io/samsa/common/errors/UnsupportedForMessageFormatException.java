package io.samsa.common.errors;

/**
 * Broker error {@link Errors#UNSUPPORTED_FOR_MESSAGE_FORMAT} (43): the message format version on the broker does not
 * support the request.
 */
public class UnsupportedForMessageFormatException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    public UnsupportedForMessageFormatException(String message) {
        super(message);
    }

    public UnsupportedForMessageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
