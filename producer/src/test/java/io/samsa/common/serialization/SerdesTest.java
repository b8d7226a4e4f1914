package io.samsa.common.serialization;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Serdes pairs each built-in serializer with its deserializer, as Apache Kafka's Serdes does. */
class SerdesTest {

    @Test
    void factoryMethodsPairTheBuiltIns() {
        assertPair(Serdes.String(), StringSerializer.class, StringDeserializer.class);
        assertPair(Serdes.Long(), LongSerializer.class, LongDeserializer.class);
        assertPair(Serdes.Integer(), IntegerSerializer.class, IntegerDeserializer.class);
        assertPair(Serdes.Short(), ShortSerializer.class, ShortDeserializer.class);
        assertPair(Serdes.Float(), FloatSerializer.class, FloatDeserializer.class);
        assertPair(Serdes.Double(), DoubleSerializer.class, DoubleDeserializer.class);
        assertPair(Serdes.ByteArray(), ByteArraySerializer.class, ByteArrayDeserializer.class);
        assertPair(Serdes.ByteBuffer(), ByteBufferSerializer.class, ByteBufferDeserializer.class);
        assertPair(Serdes.UUID(), UUIDSerializer.class, UUIDDeserializer.class);
        assertPair(Serdes.Boolean(), BooleanSerializer.class, BooleanDeserializer.class);
        assertPair(Serdes.Void(), VoidSerializer.class, VoidDeserializer.class);
    }

    private static void assertPair(Serde<?> serde, Class<?> serializer, Class<?> deserializer) {
        assertThat(serde.serializer()).isExactlyInstanceOf(serializer).isSameAs(serde.serializer());
        assertThat(serde.deserializer()).isExactlyInstanceOf(deserializer);
    }

    @Test
    void serdeFromAClassPicksTheBuiltIn() {
        for (Class<?> type : List.of(String.class, Short.class, Integer.class, Long.class, Float.class,
                Double.class, byte[].class, ByteBuffer.class, UUID.class, Boolean.class)) {
            assertThat(Serdes.serdeFrom(type)).as(type.getName()).isNotNull();
        }
        assertThat(Serdes.serdeFrom(String.class)).isInstanceOf(Serdes.StringSerde.class);
        // A heap buffer is a subclass of ByteBuffer, and counts as one.
        assertThat(Serdes.serdeFrom(ByteBuffer.allocate(1).getClass())).isInstanceOf(Serdes.ByteBufferSerde.class);
        assertThatThrownBy(() -> Serdes.serdeFrom(Object.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
    }

    @Test
    void roundTripThroughAFactorySerde() {
        Serde<UUID> serde = Serdes.UUID();
        UUID id = UUID.randomUUID();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", id))).isEqualTo(id);
        Serde<String> strings = Serdes.String();
        byte[] bytes = strings.serializer().serialize("t", "hello");
        assertThat(bytes)
                .isEqualTo(new org.apache.kafka.common.serialization.StringSerializer().serialize("t", "hello"));
        assertThat(strings.deserializer().deserialize("t", bytes)).isEqualTo("hello");
    }

    @Test
    void configureReachesBothHalves() {
        Serde<String> serde = Serdes.String();
        serde.configure(Map.of(StringSerializer.ENCODING_CONFIG, "UTF-16", StringDeserializer.ENCODING_CONFIG,
                "UTF-16"), false);
        byte[] bytes = serde.serializer().serialize("t", "é");
        assertThat(bytes).isEqualTo("é".getBytes(StandardCharsets.UTF_16));
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo("é");
    }

    @Test
    void serdeFromHalvesClosesBothEvenWhenOneFails() {
        AtomicInteger closed = new AtomicInteger();
        Serializer<String> ser = new Serializer<>() {
            @Override
            public byte[] serialize(String topic, String data) {
                return null;
            }

            @Override
            public void close() {
                closed.incrementAndGet();
                throw new IllegalStateException("serializer close failed");
            }
        };
        Deserializer<String> de = new Deserializer<>() {
            @Override
            public String deserialize(String topic, byte[] data) {
                return null;
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
        Serde<String> serde = Serdes.serdeFrom(ser, de);
        assertThat(serde.serializer()).isSameAs(ser);
        assertThat(serde.deserializer()).isSameAs(de);
        assertThatThrownBy(serde::close).hasMessage("serializer close failed");
        assertThat(closed).hasValue(2);
        assertThatThrownBy(() -> Serdes.serdeFrom(null, de)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Serdes.serdeFrom(ser, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
