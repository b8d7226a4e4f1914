package io.samsa.common.serialization;

import io.samsa.common.header.Headers;

import java.nio.ByteBuffer;

/**
 * A {@code Long} from 8 bytes, big-endian, as {@link LongSerializer} and Apache Kafka write it.
 * Null stays null; any other size is a {@link io.samsa.common.errors.SerializationException}.
 */
public class LongDeserializer implements Deserializer<Long> {
    @Override
    public Long deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        long v = FixedWidth.read(data, 8, LongDeserializer.class);
        return v;
    }

    /** Reads the buffer in place, from its position to its limit; the position does not move. */
    @Override
    public Long deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        long v = FixedWidth.read(data, 8, LongDeserializer.class);
        return v;
    }
}
