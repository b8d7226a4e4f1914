package io.samsa.common.serialization;

import io.samsa.common.header.Headers;

import java.nio.ByteBuffer;

/**
 * For records without a key (or value): null, as Apache Kafka's. Bytes where none were expected are an
 * {@link IllegalArgumentException}, as there.
 */
public class VoidDeserializer implements Deserializer<Void> {
    @Override
    public Void deserialize(String topic, byte[] data) {
        if (data != null) {
            throw new IllegalArgumentException("Data should be null for a VoidDeserializer (got " + data.length
                    + " bytes)");
        }
        return null;
    }

    @Override
    public Void deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data != null) {
            throw new IllegalArgumentException("Data should be null for a VoidDeserializer (got " + data.remaining()
                    + " bytes)");
        }
        return null;
    }
}
