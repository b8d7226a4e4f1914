package io.samsa.protocol.types;

import io.samsa.common.KafkaException;

/**
 * Bytes that do not decode as the Kafka protocol says they must: truncated input, a length that points past
 * the end of the data, an invalid varint, a CRC mismatch, or garbage from a peer that is not Kafka.
 *
 * <p>Never retriable: the same bytes decode the same way the second time.
 */
public class ProtocolException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
