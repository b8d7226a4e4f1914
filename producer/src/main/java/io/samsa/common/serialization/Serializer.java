package io.samsa.common.serialization;

import io.samsa.common.header.Headers;

import java.io.Closeable;
import java.util.Map;

/**
 * Turns a record's key or value into bytes. The shape of Apache Kafka's
 * {@code org.apache.kafka.common.serialization.Serializer}, so an existing serializer moves over by changing
 * its imports.
 *
 * <p>A serializer is created by the producer from {@code key.serializer} / {@code value.serializer} (or passed
 * in), configured once, used by every thread that calls {@code send()} (so {@link #serialize} must be
 * thread-safe), and closed with the producer.
 *
 * @param <T> the type of what is serialized
 */
public interface Serializer<T> extends Closeable {

    /**
     * Called once, before the first {@link #serialize}, with the producer's configuration as the user gave it
     * (including keys the producer itself does not know, so serializers can have settings of their own).
     *
     * @param configs the producer's original configuration, plus the effective {@code client.id}
     * @param isKey   true when this serializer is for keys, false for values
     */
    default void configure(Map<String, ?> configs, boolean isKey) {
    }

    /**
     * Serializes {@code data}.
     *
     * @param topic the topic the record goes to
     * @param data  what to serialize; may be null
     * @return the bytes, or null (a null key or value on the wire; a null value is a tombstone)
     */
    byte[] serialize(String topic, T data);

    /**
     * Serializes {@code data}; may also read or add the record's headers. The producer calls this one; by
     * default it ignores the headers.
     *
     * @param topic   the topic the record goes to
     * @param headers the record's headers, which the serializer may read or add to
     * @param data    what to serialize; may be null
     * @return the bytes, or null (a null key or value on the wire)
     */
    default byte[] serialize(String topic, Headers headers, T data) {
        return serialize(topic, data);
    }

    /** Releases what the serializer holds. Called once, when the producer closes; must be idempotent. */
    @Override
    default void close() {
    }
}
