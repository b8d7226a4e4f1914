package io.samsa.common.serialization;

import io.samsa.common.errors.SerializationException;
import io.samsa.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every built-in deserializer reads back what Apache Kafka's namesake serializer writes, and Apache Kafka's
 * deserializer reads back what ours writes: byte for byte, through the array and the buffer entry points,
 * on edge cases and on many random values.
 */
class DeserializersTest {
    private static final String TOPIC = "t";
    private static final int RANDOM_VALUES = 2_000;

    private static <T> List<T> values(List<T> edges, Function<Random, T> random) {
        List<T> out = new ArrayList<>(edges);
        Random r = new Random(20240607);
        for (int i = 0; i < RANDOM_VALUES; i++) {
            out.add(random.apply(r));
        }
        return out;
    }

    /**
     * Round trips both ways, and our deserializer on the bytes of Apache Kafka's serializer through every kind of
     * buffer (array with an offset, direct, little-endian order), which must give what Apache Kafka's deserializer
     * gives and leave the buffer's position alone.
     */
    private static <T> void assertRoundTrips(Serializer<T> ourSer, Deserializer<T> ourDe,
                                             org.apache.kafka.common.serialization.Serializer<T> theirSer,
                                             org.apache.kafka.common.serialization.Deserializer<T> theirDe,
                                             List<T> values) {
        for (T v : values) {
            byte[] theirBytes = theirSer.serialize(TOPIC, v);
            byte[] ourBytes = ourSer.serialize(TOPIC, v);
            assertThat(ourBytes).as("bytes of %s", v).isEqualTo(theirBytes);
            T expected = theirDe.deserialize(TOPIC, theirBytes);
            assertSame(ourDe.deserialize(TOPIC, theirBytes), expected, v);
            assertSame(ourDe.deserialize(TOPIC, new RecordHeaders(), theirBytes), expected, v);
            assertSame(theirDe.deserialize(TOPIC, ourBytes), expected, v);
            for (ByteBuffer b : buffers(theirBytes)) {
                int position = b.position();
                assertSame(ourDe.deserialize(TOPIC, new RecordHeaders(), b), expected, v);
                assertThat(b.position()).as("position after reading %s", v).isEqualTo(position);
            }
        }
        assertThat(ourDe.deserialize(TOPIC, (byte[]) null)).isNull();
        assertThat(ourDe.deserialize(TOPIC, new RecordHeaders(), (ByteBuffer) null)).isNull();
    }

    private static void assertSame(Object actual, Object expected, Object original) {
        if (expected instanceof byte[]) {
            assertThat((byte[]) actual).as("read back %s", original).isEqualTo((byte[]) expected);
        } else if (expected instanceof Float || expected instanceof Double) {
            // NaN payloads and -0.0 must survive: compare the bits.
            assertThat(bits(actual)).as("read back %s", original).isEqualTo(bits(expected));
        } else {
            assertThat(actual).as("read back %s", original).isEqualTo(expected);
        }
    }

    private static long bits(Object o) {
        return o instanceof Float ? Float.floatToRawIntBits((Float) o) : Double.doubleToRawLongBits((Double) o);
    }

    private static List<ByteBuffer> buffers(byte[] bytes) {
        byte[] padded = new byte[bytes.length + 5];
        System.arraycopy(bytes, 0, padded, 3, bytes.length);
        ByteBuffer sliced = ByteBuffer.wrap(padded, 2, bytes.length + 1).slice(); // array offset 2
        sliced.position(1);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 1);
        direct.put((byte) 9).put(bytes).flip().position(1);
        ByteBuffer little = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        return List.of(ByteBuffer.wrap(bytes), sliced, direct, little);
    }

    @Test
    void integers() {
        assertRoundTrips(new IntegerSerializer(), new IntegerDeserializer(),
                new org.apache.kafka.common.serialization.IntegerSerializer(),
                new org.apache.kafka.common.serialization.IntegerDeserializer(),
                values(List.of(0, 1, -1, 255, 256, Integer.MAX_VALUE, Integer.MIN_VALUE), Random::nextInt));
    }

    @Test
    void longs() {
        assertRoundTrips(new LongSerializer(), new LongDeserializer(),
                new org.apache.kafka.common.serialization.LongSerializer(),
                new org.apache.kafka.common.serialization.LongDeserializer(),
                values(List.of(0L, 1L, -1L, 255L, Long.MAX_VALUE, Long.MIN_VALUE), Random::nextLong));
    }

    @Test
    void shorts() {
        assertRoundTrips(new ShortSerializer(), new ShortDeserializer(),
                new org.apache.kafka.common.serialization.ShortSerializer(),
                new org.apache.kafka.common.serialization.ShortDeserializer(),
                values(List.of((short) 0, (short) -1, (short) 255, Short.MAX_VALUE, Short.MIN_VALUE),
                        r -> (short) r.nextInt()));
    }

    @Test
    void floatsKeepNaNPayloadsAndNegativeZero() {
        assertRoundTrips(new FloatSerializer(), new FloatDeserializer(),
                new org.apache.kafka.common.serialization.FloatSerializer(),
                new org.apache.kafka.common.serialization.FloatDeserializer(),
                values(List.of(0f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, Float.NaN,
                        Float.intBitsToFloat(0x7fc00001)), r -> Float.intBitsToFloat(r.nextInt())));
    }

    @Test
    void doubles() {
        assertRoundTrips(new DoubleSerializer(), new DoubleDeserializer(),
                new org.apache.kafka.common.serialization.DoubleSerializer(),
                new org.apache.kafka.common.serialization.DoubleDeserializer(),
                values(List.of(0d, -0d, Double.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN),
                        r -> Double.longBitsToDouble(r.nextLong())));
    }

    @Test
    void stringsInUtf8() {
        assertRoundTrips(new StringSerializer(), new StringDeserializer(),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                values(List.of("", "a", "zażółć gęślą jaźń", "\uD83D\uDE00 emoji", "\u0000"),
                        r -> {
                            StringBuilder sb = new StringBuilder();
                            for (int i = r.nextInt(20); i > 0; i--) {
                                sb.appendCodePoint(r.nextInt(0xD000)); // below the surrogates
                            }
                            return sb.toString();
                        }));
    }

    @Test
    void stringsInTheConfiguredCharsetPerKeyAndValue() {
        Map<String, Object> configs = Map.of(StringDeserializer.ENCODING_CONFIG, "UTF-16",
                StringDeserializer.VALUE_ENCODING_CONFIG, "ISO-8859-1");
        StringDeserializer keys = new StringDeserializer();
        keys.configure(configs, true);
        StringDeserializer values = new StringDeserializer();
        values.configure(configs, false);
        org.apache.kafka.common.serialization.StringDeserializer theirKeys =
                new org.apache.kafka.common.serialization.StringDeserializer();
        theirKeys.configure(configs, true);
        byte[] utf16 = "clé".getBytes(StandardCharsets.UTF_16);
        assertThat(keys.deserialize(TOPIC, utf16)).isEqualTo("clé").isEqualTo(theirKeys.deserialize(TOPIC, utf16));
        assertThat(values.deserialize(TOPIC, "café".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo("café");
        assertThatThrownBy(() -> new StringDeserializer().configure(Map.of(StringDeserializer.ENCODING_CONFIG,
                "no-such-charset"), false)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("deserializer.encoding");
    }

    @Test
    void uuidsAsText() {
        assertRoundTrips(new UUIDSerializer(), new UUIDDeserializer(),
                new org.apache.kafka.common.serialization.UUIDSerializer(),
                new org.apache.kafka.common.serialization.UUIDDeserializer(),
                values(List.of(new UUID(0, 0), new UUID(-1, -1)), r -> new UUID(r.nextLong(), r.nextLong())));
        byte[] notAUuid = "not-a-uuid".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new UUIDDeserializer().deserialize(TOPIC, notAUuid))
                .isInstanceOf(SerializationException.class).hasMessageContaining("UUID");
    }

    @Test
    void booleans() {
        assertRoundTrips(new BooleanSerializer(), new BooleanDeserializer(),
                new org.apache.kafka.common.serialization.BooleanSerializer(),
                new org.apache.kafka.common.serialization.BooleanDeserializer(), List.of(true, false));
        assertThatThrownBy(() -> new BooleanDeserializer().deserialize(TOPIC, new byte[] {2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Unexpected byte");
    }

    @Test
    void byteArraysPassThrough() {
        assertRoundTrips(new ByteArraySerializer(), new ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                values(List.of(new byte[0], new byte[] {1, 2, 3}), r -> {
                    byte[] b = new byte[r.nextInt(40)];
                    r.nextBytes(b);
                    return b;
                }));
        byte[] same = {4, 5};
        assertThat(new ByteArrayDeserializer().deserialize(TOPIC, same)).isSameAs(same);
    }

    @Test
    void byteBuffersWrapTheBytesAndPassBuffersThrough() {
        byte[] bytes = {1, 2, 3};
        ByteBuffer ours = new ByteBufferDeserializer().deserialize(TOPIC, bytes);
        ByteBuffer theirs = new org.apache.kafka.common.serialization.ByteBufferDeserializer().deserialize(TOPIC, bytes);
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours.array()).isSameAs(bytes);
        assertThat(new ByteBufferSerializer().serialize(TOPIC, ours)).isEqualTo(bytes);
        ByteBuffer given = ByteBuffer.wrap(bytes);
        assertThat(new ByteBufferDeserializer().deserialize(TOPIC, new RecordHeaders(), given)).isSameAs(given);
        assertThat(new ByteBufferDeserializer().deserialize(TOPIC, (byte[]) null)).isNull();
    }

    @Test
    void voidIsAlwaysNull() {
        assertThat(new VoidDeserializer().deserialize(TOPIC, (byte[]) null)).isNull();
        assertThatThrownBy(() -> new VoidDeserializer().deserialize(TOPIC, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        ByteBuffer one = ByteBuffer.allocate(1);
        assertThatThrownBy(() -> new VoidDeserializer().deserialize(TOPIC, new RecordHeaders(), one))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The wrong number of bytes fails with Apache Kafka's wording (which code may match on), plus the size. */
    @Test
    void wrongSizesFailNamingTheDeserializer() {
        assertThatThrownBy(() -> new IntegerDeserializer().deserialize(TOPIC, new byte[3]))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Size of data received by IntegerDeserializer is not 4 but 3");
        assertThatThrownBy(() -> new LongDeserializer().deserialize(TOPIC, new RecordHeaders(), ByteBuffer.allocate(9)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("LongDeserializer is not 8");
        assertThatThrownBy(() -> new ShortDeserializer().deserialize(TOPIC, new byte[0]))
                .isInstanceOf(SerializationException.class).hasMessageContaining("ShortDeserializer is not 2");
        assertThatThrownBy(() -> new BooleanDeserializer().deserialize(TOPIC, new byte[2]))
                .isInstanceOf(SerializationException.class).hasMessageContaining("BooleanDeserializer is not 1");
    }

    /** A deserializer that overrides only the array method still reads buffers, from position to limit. */
    @Test
    void theDefaultBufferMethodCopiesTheRemainingBytes() {
        Deserializer<String> hex = (topic, data) -> Arrays.toString(data);
        ByteBuffer b = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        b.position(1).limit(3);
        assertThat(hex.deserialize(TOPIC, new RecordHeaders(), b)).isEqualTo("[2, 3]");
        assertThat(b.position()).isEqualTo(1);
        assertThat(hex.deserialize(TOPIC, new RecordHeaders(), (ByteBuffer) null)).isEqualTo("null");
    }
}
