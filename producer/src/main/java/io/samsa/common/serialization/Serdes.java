package io.samsa.common.serialization;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;

/**
 * The built-in {@link Serde}s, one per built-in serializer, with the factory methods of Apache Kafka's
 * {@code org.apache.kafka.common.serialization.Serdes} ({@code Serdes.String()}, {@code Serdes.Long()}, ...) and
 * its nested classes ({@code Serdes.StringSerde}, ...), so that code using them moves over with an import change.
 *
 * <p>Apache Kafka's {@code Bytes()} and {@code ListSerde} are not here: Samsa has no {@code Bytes} type (use
 * {@link #ByteArray()}) and no list serializer yet.
 */
public class Serdes {

    /**
     * A serde made of a serializer and a deserializer: {@link #configure} and {@link #close} reach both,
     * {@link #serializer()} and {@link #deserializer()} return the same instances every time.
     */
    public static class WrapperSerde<T> implements Serde<T> {
        private final Serializer<T> serializer;
        private final Deserializer<T> deserializer;

        /**
         * A serde of the given halves.
         *
         * @param serializer   what {@link #serializer()} returns
         * @param deserializer what {@link #deserializer()} returns
         */
        public WrapperSerde(Serializer<T> serializer, Deserializer<T> deserializer) {
            this.serializer = serializer;
            this.deserializer = deserializer;
        }

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            serializer.configure(configs, isKey);
            deserializer.configure(configs, isKey);
        }

        /** Closes both; if the serializer's close throws, the deserializer is still closed. */
        @Override
        public void close() {
            try {
                serializer.close();
            } finally {
                deserializer.close();
            }
        }

        @Override
        public Serializer<T> serializer() {
            return serializer;
        }

        @Override
        public Deserializer<T> deserializer() {
            return deserializer;
        }
    }

    /** {@link VoidSerializer} and {@link VoidDeserializer}. */
    public static final class VoidSerde extends WrapperSerde<Void> {
        /** A serde of a new serializer and deserializer. */
        public VoidSerde() {
            super(new VoidSerializer(), new VoidDeserializer());
        }
    }

    /** {@link LongSerializer} and {@link LongDeserializer}. */
    public static final class LongSerde extends WrapperSerde<Long> {
        /** A serde of a new serializer and deserializer. */
        public LongSerde() {
            super(new LongSerializer(), new LongDeserializer());
        }
    }

    /** {@link IntegerSerializer} and {@link IntegerDeserializer}. */
    public static final class IntegerSerde extends WrapperSerde<Integer> {
        /** A serde of a new serializer and deserializer. */
        public IntegerSerde() {
            super(new IntegerSerializer(), new IntegerDeserializer());
        }
    }

    /** {@link ShortSerializer} and {@link ShortDeserializer}. */
    public static final class ShortSerde extends WrapperSerde<Short> {
        /** A serde of a new serializer and deserializer. */
        public ShortSerde() {
            super(new ShortSerializer(), new ShortDeserializer());
        }
    }

    /** {@link FloatSerializer} and {@link FloatDeserializer}. */
    public static final class FloatSerde extends WrapperSerde<Float> {
        /** A serde of a new serializer and deserializer. */
        public FloatSerde() {
            super(new FloatSerializer(), new FloatDeserializer());
        }
    }

    /** {@link DoubleSerializer} and {@link DoubleDeserializer}. */
    public static final class DoubleSerde extends WrapperSerde<Double> {
        /** A serde of a new serializer and deserializer. */
        public DoubleSerde() {
            super(new DoubleSerializer(), new DoubleDeserializer());
        }
    }

    /** {@link StringSerializer} and {@link StringDeserializer}. */
    public static final class StringSerde extends WrapperSerde<String> {
        /** A serde of a new serializer and deserializer. */
        public StringSerde() {
            super(new StringSerializer(), new StringDeserializer());
        }
    }

    /** {@link ByteBufferSerializer} and {@link ByteBufferDeserializer}. */
    public static final class ByteBufferSerde extends WrapperSerde<ByteBuffer> {
        /** A serde of a new serializer and deserializer. */
        public ByteBufferSerde() {
            super(new ByteBufferSerializer(), new ByteBufferDeserializer());
        }
    }

    /** {@link ByteArraySerializer} and {@link ByteArrayDeserializer}. */
    public static final class ByteArraySerde extends WrapperSerde<byte[]> {
        /** A serde of a new serializer and deserializer. */
        public ByteArraySerde() {
            super(new ByteArraySerializer(), new ByteArrayDeserializer());
        }
    }

    /** {@link UUIDSerializer} and {@link UUIDDeserializer}. */
    public static final class UUIDSerde extends WrapperSerde<UUID> {
        /** A serde of a new serializer and deserializer. */
        public UUIDSerde() {
            super(new UUIDSerializer(), new UUIDDeserializer());
        }
    }

    /** {@link BooleanSerializer} and {@link BooleanDeserializer}. */
    public static final class BooleanSerde extends WrapperSerde<Boolean> {
        /** A serde of a new serializer and deserializer. */
        public BooleanSerde() {
            super(new BooleanSerializer(), new BooleanDeserializer());
        }
    }

    /**
     * The built-in serde for {@code type}: String, Short, Integer, Long, Float, Double, byte[], ByteBuffer, UUID
     * or Boolean (a subclass of one counts as that type).
     *
     * @param <T>  the type of the data
     * @param type the class of the data
     * @return a new serde for the type
     * @throws IllegalArgumentException for any other type
     */
    @SuppressWarnings("unchecked")
    public static <T> Serde<T> serdeFrom(Class<T> type) {
        if (String.class.isAssignableFrom(type)) {
            return (Serde<T>) String();
        }
        if (Short.class.isAssignableFrom(type)) {
            return (Serde<T>) Short();
        }
        if (Integer.class.isAssignableFrom(type)) {
            return (Serde<T>) Integer();
        }
        if (Long.class.isAssignableFrom(type)) {
            return (Serde<T>) Long();
        }
        if (Float.class.isAssignableFrom(type)) {
            return (Serde<T>) Float();
        }
        if (Double.class.isAssignableFrom(type)) {
            return (Serde<T>) Double();
        }
        if (byte[].class.isAssignableFrom(type)) {
            return (Serde<T>) ByteArray();
        }
        if (ByteBuffer.class.isAssignableFrom(type)) {
            return (Serde<T>) ByteBuffer();
        }
        if (UUID.class.isAssignableFrom(type)) {
            return (Serde<T>) UUID();
        }
        if (Boolean.class.isAssignableFrom(type)) {
            return (Serde<T>) Boolean();
        }
        throw new IllegalArgumentException("No built-in serde for " + type.getName() + ". Supported types are: "
                + "String, Short, Integer, Long, Float, Double, byte[], ByteBuffer, UUID, Boolean; for others use "
                + "serdeFrom(serializer, deserializer)");
    }

    /**
     * A serde of the given halves.
     *
     * @param <T>          the type of the data
     * @param serializer   the serializer; not null
     * @param deserializer the deserializer; not null
     * @return a serde whose {@code configure} and {@code close} reach both halves
     * @throws IllegalArgumentException if either is null
     */
    public static <T> Serde<T> serdeFrom(Serializer<T> serializer, Deserializer<T> deserializer) {
        if (serializer == null) {
            throw new IllegalArgumentException("serializer must not be null");
        }
        if (deserializer == null) {
            throw new IllegalArgumentException("deserializer must not be null");
        }
        return new WrapperSerde<>(serializer, deserializer);
    }

    /** {@return a new serde for {@code Long}} */
    public static Serde<Long> Long() {
        return new LongSerde();
    }

    /** {@return a new serde for {@code Integer}} */
    public static Serde<Integer> Integer() {
        return new IntegerSerde();
    }

    /** {@return a new serde for {@code Short}} */
    public static Serde<Short> Short() {
        return new ShortSerde();
    }

    /** {@return a new serde for {@code Float}} */
    public static Serde<Float> Float() {
        return new FloatSerde();
    }

    /** {@return a new serde for {@code Double}} */
    public static Serde<Double> Double() {
        return new DoubleSerde();
    }

    /** {@return a new serde for {@code String}, UTF-8 unless configured otherwise} */
    public static Serde<String> String() {
        return new StringSerde();
    }

    /** {@return a new serde for {@code ByteBuffer}} */
    public static Serde<ByteBuffer> ByteBuffer() {
        return new ByteBufferSerde();
    }

    /** {@return a new serde for {@code UUID}, as text} */
    public static Serde<UUID> UUID() {
        return new UUIDSerde();
    }

    /** {@return a new serde for {@code byte[]}, passed through as it is} */
    public static Serde<byte[]> ByteArray() {
        return new ByteArraySerde();
    }

    /** {@return a new serde for {@code Void}: always null} */
    public static Serde<Void> Void() {
        return new VoidSerde();
    }

    /** {@return a new serde for {@code Boolean}} */
    public static Serde<Boolean> Boolean() {
        return new BooleanSerde();
    }
}
