package io.samsa.common.serialization;

import io.samsa.common.header.Headers;

import java.nio.ByteBuffer;

/**
 * An {@code Integer} from 4 bytes, big-endian, as {@link IntegerSerializer} and Apache Kafka write it.
 * Null stays null; any other size is a {@link io.samsa.common.errors.SerializationException}.
 */
public class IntegerDeserializer implements Deserializer<Integer> {
    @Override
    public Integer deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        long v = FixedWidth.read(data, 4, IntegerDeserializer.class);
        return (int) v;
    }

    /** Reads the buffer in place, from its position to its limit; the position does not move. */
    @Override
    public Integer deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        long v = FixedWidth.read(data, 4, IntegerDeserializer.class);
        return (int) v;
    }
}
