package io.samsa.common.serialization;

import io.samsa.common.header.Headers;

import java.nio.ByteBuffer;

/**
 * A {@code Short} from 2 bytes, big-endian, as {@link ShortSerializer} and Apache Kafka write it.
 * Null stays null; any other size is a {@link io.samsa.common.errors.SerializationException}.
 */
public class ShortDeserializer implements Deserializer<Short> {
    @Override
    public Short deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        long v = FixedWidth.read(data, 2, ShortDeserializer.class);
        return (short) v;
    }

    /** Reads the buffer in place, from its position to its limit; the position does not move. */
    @Override
    public Short deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        long v = FixedWidth.read(data, 2, ShortDeserializer.class);
        return (short) v;
    }
}
