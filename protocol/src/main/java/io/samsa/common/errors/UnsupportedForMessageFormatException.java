package io.samsa.common.errors;

/**
 * Broker error {@link Errors#UNSUPPORTED_FOR_MESSAGE_FORMAT} (43): the message format version on the broker does not
 * support the request.
 */
public class UnsupportedForMessageFormatException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public UnsupportedForMessageFormatException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public UnsupportedForMessageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
