package io.samsa.common.errors;

/**
 * Broker error {@link Errors#UNSUPPORTED_COMPRESSION_TYPE} (76): the requesting client does not support the
 * compression type of given partition (zstd needs Produce v7+).
 */
public class UnsupportedCompressionTypeException extends ApiException {
    private static final long serialVersionUID = 1L;

    public UnsupportedCompressionTypeException(String message) {
        super(message);
    }

    public UnsupportedCompressionTypeException(String message, Throwable cause) {
        super(message, cause);
    }
}
