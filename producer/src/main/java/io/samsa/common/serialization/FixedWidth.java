package io.samsa.common.serialization;

import io.samsa.common.errors.SerializationException;

import java.nio.ByteBuffer;

/** Reads the big-endian numbers of the fixed-width deserializers, checking the width. */
final class FixedWidth {
    private FixedWidth() {
    }

    /** The number in {@code data}, which must be exactly {@code width} bytes. */
    static long read(byte[] data, int width, Class<?> deserializer) {
        check(data.length, width, deserializer);
        long v = 0;
        for (byte b : data) {
            v = (v << 8) | (b & 0xFF);
        }
        return v;
    }

    /**
     * The number in the buffer from its position to its limit, which must be exactly {@code width} bytes. Read
     * big-endian whatever the buffer's byte order (the serializers write big-endian); the position does not
     * move.
     */
    static long read(ByteBuffer data, int width, Class<?> deserializer) {
        check(data.remaining(), width, deserializer);
        long v = 0;
        for (int i = data.position(); i < data.limit(); i++) {
            v = (v << 8) | (data.get(i) & 0xFF);
        }
        return v;
    }

    private static void check(int size, int width, Class<?> deserializer) {
        if (size != width) {
            // Apache Kafka's wording, so that code matching on it keeps working, plus the size found.
            throw new SerializationException("Size of data received by " + deserializer.getSimpleName()
                    + " is not " + width + " but " + size);
        }
    }
}
