package io.samsa.protocol.record.compression;

/**
 * A codec's library is not on the class path, or its native part cannot load on this platform. The message
 * names the codec and the {@code groupId:artifactId} to add.
 */
public final class CodecUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final CompressionType type;

    CodecUnavailableException(CompressionType type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
    }

    public CompressionType type() {
        return type;
    }
}
