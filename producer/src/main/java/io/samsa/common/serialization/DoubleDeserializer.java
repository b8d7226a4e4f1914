package io.samsa.common.serialization;

import io.samsa.common.header.Headers;

import java.nio.ByteBuffer;

/**
 * A {@code Double} from 8 bytes, big-endian, as {@link DoubleSerializer} and Apache Kafka write it.
 * Null stays null; any other size is a {@link io.samsa.common.errors.SerializationException}.
 */
public class DoubleDeserializer implements Deserializer<Double> {
    @Override
    public Double deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        long v = FixedWidth.read(data, 8, DoubleDeserializer.class);
        return Double.longBitsToDouble(v);
    }

    /** Reads the buffer in place, from its position to its limit; the position does not move. */
    @Override
    public Double deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        long v = FixedWidth.read(data, 8, DoubleDeserializer.class);
        return Double.longBitsToDouble(v);
    }
}
