package io.samsa.common.errors;

/**
 * Broker error {@link Errors#UNSUPPORTED_COMPRESSION_TYPE} (76): the requesting client does not support the
 * compression type of given partition (zstd needs Produce v7+).
 */
public class UnsupportedCompressionTypeException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public UnsupportedCompressionTypeException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public UnsupportedCompressionTypeException(String message, Throwable cause) {
        super(message, cause);
    }
}
