package io.samsa.common.serialization;

import io.samsa.common.header.Headers;

import java.nio.ByteBuffer;

/**
 * The bytes wrapped in a {@link ByteBuffer} (not copied), position 0 and limit the array's length, as Apache
 * Kafka's; a buffer given to {@link #deserialize(String, Headers, ByteBuffer)} is returned itself. Null stays
 * null.
 */
public class ByteBufferDeserializer implements Deserializer<ByteBuffer> {
    @Override
    public ByteBuffer deserialize(String topic, byte[] data) {
        return data == null ? null : ByteBuffer.wrap(data);
    }

    @Override
    public ByteBuffer deserialize(String topic, Headers headers, ByteBuffer data) {
        return data;
    }
}
