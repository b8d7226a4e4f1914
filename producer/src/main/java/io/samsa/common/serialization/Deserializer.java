package io.samsa.common.serialization;

import io.samsa.common.header.Headers;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Turns the bytes of a record's key or value back into an object: the counterpart of {@link Serializer}. The
 * shape of Apache Kafka's {@code org.apache.kafka.common.serialization.Deserializer}, so that code written
 * against it (a {@link Serde}, a test that reads back what it produced) moves over with an import change.
 * Samsa's producer never deserializes; the built-in deserializers read exactly what the built-in serializers
 * (and Apache Kafka's) write.
 *
 * @param <T> the type of what is deserialized
 */
public interface Deserializer<T> extends Closeable {

    /**
     * Called once, before the first {@link #deserialize}, with the client's configuration.
     *
     * @param configs the client's configuration as the user gave it
     * @param isKey true when this deserializer is for keys, false for values
     */
    default void configure(Map<String, ?> configs, boolean isKey) {
    }

    /**
     * Deserializes {@code data}.
     *
     * @param topic the topic the record came from
     * @param data  the bytes; null for a null key or value (a tombstone), for which the built-ins return null
     * @return the object, or null
     */
    T deserialize(String topic, byte[] data);

    /**
     * Deserializes {@code data}; may also read the record's headers. By default it ignores them.
     *
     * @param topic   the topic the record came from
     * @param headers the record's headers
     * @param data    the bytes; null for a null key or value
     * @return the object, or null
     */
    default T deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, data);
    }

    /**
     * Deserializes the bytes from the buffer's position to its limit, leaving the position where it was. By
     * default it copies them into an array for {@link #deserialize(String, Headers, byte[])}; the built-ins read
     * the buffer in place where they can.
     *
     * @param topic   the topic the record came from
     * @param headers the record's headers
     * @param data    the bytes between position and limit; null for a null key or value
     * @return the object, or null
     */
    default T deserialize(String topic, Headers headers, ByteBuffer data) {
        return deserialize(topic, headers, data == null ? null : Encodings.remaining(data));
    }

    /** Releases what the deserializer holds; must be idempotent. */
    @Override
    default void close() {
    }
}
