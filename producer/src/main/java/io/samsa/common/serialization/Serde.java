package io.samsa.common.serialization;

import java.io.Closeable;
import java.util.Map;

/**
 * A {@link Serializer} and the {@link Deserializer} that reads what it writes, for one type. The shape of Apache
 * Kafka's {@code org.apache.kafka.common.serialization.Serde}; producer code mostly meets it as
 * {@code Serdes.String().serializer()}. See {@link Serdes} for the built-in ones.
 *
 * @param <T> the type serialized and deserialized
 */
public interface Serde<T> extends Closeable {

    /**
     * Configures both halves; does nothing unless overridden ({@link Serdes.WrapperSerde} passes it on).
     *
     * @param configs the client's configuration as the user gave it
     * @param isKey   true when this serde is for keys, false for values
     */
    default void configure(Map<String, ?> configs, boolean isKey) {
    }

    /** Closes both halves; does nothing unless overridden ({@link Serdes.WrapperSerde} passes it on). */
    @Override
    default void close() {
    }

    /** {@return the serializer} */
    Serializer<T> serializer();

    /** {@return the deserializer, which reads what {@link #serializer()} writes} */
    Deserializer<T> deserializer();
}
