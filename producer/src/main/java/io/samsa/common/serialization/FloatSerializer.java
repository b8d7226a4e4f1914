package io.samsa.common.serialization;

/**
 * A {@code Float} as 4 bytes, big-endian (most significant byte first), as Apache Kafka's. The bits are
 * {@code Float.floatToRawIntBits}, as Apache Kafka's: a NaN keeps its payload. Null stays null.
 */
public class FloatSerializer implements Serializer<Float> {
    @Override
    public byte[] serialize(String topic, Float data) {
        if (data == null) {
            return null;
        }
        int v = Float.floatToRawIntBits(data);
        byte[] out = new byte[4];
        for (int i = 3; i >= 0; i--) {
            out[i] = (byte) v;
            v >>>= 8;
        }
        return out;
    }
}
