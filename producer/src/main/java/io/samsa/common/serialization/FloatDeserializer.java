package io.samsa.common.serialization;

import io.samsa.common.header.Headers;

import java.nio.ByteBuffer;

/**
 * A {@code Float} from 4 bytes, big-endian, as {@link FloatSerializer} and Apache Kafka write it (a NaN keeps
 * its payload). Null stays null; any other size is a {@link io.samsa.common.errors.SerializationException}.
 */
public class FloatDeserializer implements Deserializer<Float> {
    @Override
    public Float deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        long v = FixedWidth.read(data, 4, FloatDeserializer.class);
        return Float.intBitsToFloat((int) v);
    }

    /** Reads the buffer in place, from its position to its limit; the position does not move. */
    @Override
    public Float deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        long v = FixedWidth.read(data, 4, FloatDeserializer.class);
        return Float.intBitsToFloat((int) v);
    }
}
