package io.samsa.common.serialization;

/**
 * An {@code Integer} as 4 bytes, big-endian (most significant byte first), as Apache Kafka's. Null stays
 * null.
 */
public class IntegerSerializer implements Serializer<Integer> {
    @Override
    public byte[] serialize(String topic, Integer data) {
        if (data == null) {
            return null;
        }
        int v = data;
        byte[] out = new byte[4];
        for (int i = 3; i >= 0; i--) {
            out[i] = (byte) v;
            v >>>= 8;
        }
        return out;
    }
}
