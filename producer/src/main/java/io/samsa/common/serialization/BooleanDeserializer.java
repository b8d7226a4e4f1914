package io.samsa.common.serialization;

import io.samsa.common.errors.SerializationException;
import io.samsa.common.header.Headers;

import java.nio.ByteBuffer;

/**
 * A {@code Boolean} from one byte, 1 for true and 0 for false, as {@link BooleanSerializer} and Apache Kafka
 * write it. Null stays null; another size or byte is a {@link SerializationException}.
 */
public class BooleanDeserializer implements Deserializer<Boolean> {
    @Override
    public Boolean deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        return fromByte((byte) FixedWidth.read(data, 1, BooleanDeserializer.class));
    }

    /** Reads the buffer in place; the position does not move. */
    @Override
    public Boolean deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        return fromByte((byte) FixedWidth.read(data, 1, BooleanDeserializer.class));
    }

    private static Boolean fromByte(byte b) {
        if (b == 1) {
            return Boolean.TRUE;
        }
        if (b == 0) {
            return Boolean.FALSE;
        }
        throw new SerializationException("Unexpected byte received by BooleanDeserializer: " + b);
    }
}
