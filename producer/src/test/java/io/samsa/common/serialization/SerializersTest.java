package io.samsa.common.serialization;

import io.samsa.common.errors.SerializationException;

import io.samsa.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every built-in serializer writes exactly the bytes of Apache Kafka's namesake ({@code kafka-clients} on the
 * test classpath), on edge cases and on many random values.
 */
class SerializersTest {
    private static final String TOPIC = "t";
    private static final int RANDOM_VALUES = 5_000;

    private static <T> void assertSameBytes(Serializer<T> ours, org.apache.kafka.common.serialization.Serializer<T> theirs,
                                            List<T> values) {
        for (T v : values) {
            byte[] expected = theirs.serialize(TOPIC, v);
            assertThat(ours.serialize(TOPIC, v)).as("value %s", v).isEqualTo(expected);
            // The headers overload is what the producer calls; by default it must be the same.
            assertThat(ours.serialize(TOPIC, new RecordHeaders(), v)).as("value %s with headers", v).isEqualTo(expected);
        }
        assertThat(ours.serialize(TOPIC, null)).isNull();
        assertThat(ours.serialize(TOPIC, new RecordHeaders(), null)).isNull();
    }

    private static <T> List<T> values(List<T> edges, Function<Random, T> random) {
        List<T> out = new ArrayList<>(edges);
        Random r = new Random(20240601);
        for (int i = 0; i < RANDOM_VALUES; i++) {
            out.add(random.apply(r));
        }
        return out;
    }

    @Test
    void integers() {
        assertSameBytes(new IntegerSerializer(), new org.apache.kafka.common.serialization.IntegerSerializer(),
                values(List.of(0, 1, -1, 127, 128, 255, 256, -128, -129, Integer.MAX_VALUE, Integer.MIN_VALUE),
                        Random::nextInt));
        assertThat(new IntegerSerializer().serialize(TOPIC, 0x01020304)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void longs() {
        assertSameBytes(new LongSerializer(), new org.apache.kafka.common.serialization.LongSerializer(),
                values(List.of(0L, 1L, -1L, 255L, 256L, (long) Integer.MAX_VALUE + 1, Long.MAX_VALUE, Long.MIN_VALUE),
                        Random::nextLong));
        assertThat(new LongSerializer().serialize(TOPIC, 0x0102030405060708L)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void shorts() {
        assertSameBytes(new ShortSerializer(), new org.apache.kafka.common.serialization.ShortSerializer(),
                values(List.of((short) 0, (short) 1, (short) -1, (short) 255, (short) 256, Short.MAX_VALUE,
                        Short.MIN_VALUE), r -> (short) r.nextInt()));
    }

    @Test
    void floatsIncludingNaNPayloadsZeroesAndSubnormals() {
        List<Float> edges = List.of(0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
                Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
                Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffc12345), Float.intBitsToFloat(0x7f800001));
        assertSameBytes(new FloatSerializer(), new org.apache.kafka.common.serialization.FloatSerializer(),
                values(edges, r -> Float.intBitsToFloat(r.nextInt())));
    }

    @Test
    void doublesIncludingNaNPayloadsZeroesAndSubnormals() {
        List<Double> edges = List.of(0d, -0d, 1d, -1d, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
                Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
                Double.longBitsToDouble(0x7ff8000000000001L), Double.longBitsToDouble(0xfff0000000000001L));
        assertSameBytes(new DoubleSerializer(), new org.apache.kafka.common.serialization.DoubleSerializer(),
                values(edges, r -> Double.longBitsToDouble(r.nextLong())));
        // A NaN payload is not kept: every NaN is the canonical one, as in Apache Kafka.
        assertThat(new DoubleSerializer().serialize(TOPIC, Double.longBitsToDouble(0x7ff8000000000001L)))
                .containsExactly(0x7f, 0xf8, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void booleans() {
        assertSameBytes(new BooleanSerializer(), new org.apache.kafka.common.serialization.BooleanSerializer(),
                List.of(true, false));
        byte[] first = new BooleanSerializer().serialize(TOPIC, true);
        first[0] = 7;
        assertThat(new BooleanSerializer().serialize(TOPIC, true)).containsExactly(1);
    }

    @Test
    void voidIsAlwaysNull() {
        assertSameBytes(new VoidSerializer(), new org.apache.kafka.common.serialization.VoidSerializer(),
                new ArrayList<>());
    }

    @Test
    void byteArraysPassThroughUncopied() {
        assertSameBytes(new ByteArraySerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer(),
                values(List.of(new byte[0], new byte[]{0}, new byte[]{(byte) 0xff, 0x00}), SerializersTest::randomBytes));
        byte[] b = {1, 2, 3};
        assertThat(new ByteArraySerializer().serialize(TOPIC, b)).isSameAs(b);
    }

    private static byte[] randomBytes(Random r) {
        byte[] b = new byte[r.nextInt(40)];
        r.nextBytes(b);
        return b;
    }

    private static String randomString(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(20);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(4)) {
                case 0:
                    sb.append((char) (' ' + r.nextInt(95)));
                    break;
                case 1:
                    sb.append((char) (0x80 + r.nextInt(0x780)));
                    break;
                case 2:
                    sb.appendCodePoint(0x10000 + r.nextInt(0xFFFFF));
                    break;
                default:
                    // Any UTF-16 unit, lone surrogates included: both sides must replace them the same way.
                    sb.append((char) r.nextInt(0x10000));
                    break;
            }
        }
        return sb.toString();
    }

    @Test
    void stringsInUtf8ByDefault() {
        List<String> edges = List.of("", "a", "hello, world", "é", "日本語", "\uD83D\uDE00", "\uD800", "\u0000",
                " leading and trailing ");
        assertSameBytes(new StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer(),
                values(edges, SerializersTest::randomString));
        assertThat(new StringSerializer().serialize(TOPIC, "é")).isEqualTo("é".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void stringEncodingSettingsAsApacheKafka() {
        List<Map<String, Object>> configs = List.of(
                Map.of("key.serializer.encoding", "UTF-16"),
                Map.of("value.serializer.encoding", "ISO-8859-1"),
                Map.of("serializer.encoding", "UTF-16LE"),
                Map.of("serializer.encoding", "UTF-16LE", "key.serializer.encoding", "US-ASCII"),
                Map.of("key.serializer.encoding", 42), // not a string: ignored, as in Apache Kafka
                Map.of());
        List<String> vals = values(List.of("", "abc", "é", "日本"), SerializersTest::randomString);
        for (Map<String, Object> config : configs) {
            for (boolean isKey : new boolean[]{true, false}) {
                StringSerializer ours = new StringSerializer();
                ours.configure(config, isKey);
                org.apache.kafka.common.serialization.StringSerializer theirs =
                        new org.apache.kafka.common.serialization.StringSerializer();
                theirs.configure(config, isKey);
                for (String v : vals) {
                    assertThat(ours.serialize(TOPIC, v)).as("%s isKey=%s value %s", config, isKey, v)
                            .isEqualTo(theirs.serialize(TOPIC, v));
                }
            }
        }
        StringSerializer s = new StringSerializer();
        s.configure(Map.of("value.serializer.encoding", "UTF-16BE"), false);
        assertThat(s.serialize(TOPIC, "A")).containsExactly(0, 'A');
    }

    @Test
    void unknownEncodingFailsNamingTheSetting() {
        assertThatThrownBy(() -> new StringSerializer().configure(Map.of("key.serializer.encoding", "no-such-cs"), true))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("no-such-cs").hasMessageContaining("key.serializer.encoding");
        assertThatThrownBy(() -> new UUIDSerializer().configure(Map.of("serializer.encoding", "bad name!"), false))
                .isInstanceOf(SerializationException.class).hasMessageContaining("serializer.encoding");
    }

    @Test
    void uuidsAsTheirTextForm() {
        assertSameBytes(new UUIDSerializer(), new org.apache.kafka.common.serialization.UUIDSerializer(),
                values(List.of(new UUID(0, 0), new UUID(-1, -1), UUID.fromString("123e4567-e89b-12d3-a456-426614174000")),
                        r -> new UUID(r.nextLong(), r.nextLong())));
        UUIDSerializer ours = new UUIDSerializer();
        ours.configure(Map.of("serializer.encoding", "UTF-16"), true);
        org.apache.kafka.common.serialization.UUIDSerializer theirs =
                new org.apache.kafka.common.serialization.UUIDSerializer();
        theirs.configure(Map.of("serializer.encoding", "UTF-16"), true);
        UUID u = UUID.randomUUID();
        assertThat(ours.serialize(TOPIC, u)).isEqualTo(theirs.serialize(TOPIC, u)).hasSize(2 + 36 * 2);
    }

    /** Buffers in every shape: heap, offset slices, direct, read-only, with the position and limit moved. */
    private static List<ByteBuffer> buffers() {
        List<ByteBuffer> out = new ArrayList<>();
        Random r = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = randomBytes(r);
            int cap = bytes.length;
            ByteBuffer b;
            switch (i % 6) {
                case 0:
                    b = ByteBuffer.wrap(bytes);
                    break;
                case 1:
                    b = ByteBuffer.wrap(bytes, cap / 3, cap - cap / 3); // position moved, array offset 0
                    break;
                case 2:
                    b = ByteBuffer.wrap(bytes);
                    b.position(cap / 2);
                    b = b.slice(); // array offset != 0
                    break;
                case 3:
                    b = ByteBuffer.allocateDirect(cap).put(bytes);
                    b.flip();
                    break;
                case 4:
                    b = ByteBuffer.wrap(bytes).asReadOnlyBuffer(); // no accessible array
                    break;
                default:
                    b = ByteBuffer.allocate(cap + 10).put(bytes); // written but not flipped
                    break;
            }
            if (i % 4 == 1 && b.limit() > 0) {
                b.limit(b.limit() - 1);
            }
            if (i % 5 == 2 && b.limit() > 1) {
                b.position(1);
            }
            out.add(b);
        }
        out.add(ByteBuffer.allocate(0));
        out.add(ByteBuffer.allocateDirect(0));
        return out;
    }

    @Test
    void byteBuffersAsApacheKafkaIncludingPositionHandling() {
        ByteBufferSerializer ours = new ByteBufferSerializer();
        org.apache.kafka.common.serialization.ByteBufferSerializer theirs =
                new org.apache.kafka.common.serialization.ByteBufferSerializer();
        for (ByteBuffer b : buffers()) {
            ByteBuffer mine = b.duplicate();
            ByteBuffer apache = b.duplicate();
            String state = b + (b.hasArray() ? " arrayOffset=" + b.arrayOffset() : "");
            assertThat(ours.serialize(TOPIC, mine)).as(state).isEqualTo(theirs.serialize(TOPIC, apache));
            assertThat(mine.position()).as("position after, " + state).isEqualTo(apache.position());
            assertThat(mine.limit()).as("limit after, " + state).isEqualTo(apache.limit());
        }
        assertThat(ours.serialize(TOPIC, null)).isNull();
    }

    @Test
    void byteBufferRewindsAndReturnsTheWholeBackingArrayUncopied() {
        byte[] array = {1, 2, 3, 4};
        ByteBuffer b = ByteBuffer.wrap(array);
        b.position(2);
        assertThat(new ByteBufferSerializer().serialize(TOPIC, b)).isSameAs(array);
        assertThat(b.position()).isZero();

        ByteBuffer limited = ByteBuffer.wrap(array);
        limited.position(1).limit(3);
        assertThat(new ByteBufferSerializer().serialize(TOPIC, limited)).containsExactly(1, 2, 3);
        assertThat(limited.position()).isZero();
        assertThat(limited.limit()).isEqualTo(3);
    }
}
