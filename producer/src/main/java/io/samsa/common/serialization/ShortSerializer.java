package io.samsa.common.serialization;

/**
 * A {@code Short} as 2 bytes, big-endian (most significant byte first), as Apache Kafka's. Null stays
 * null.
 */
public class ShortSerializer implements Serializer<Short> {
    @Override
    public byte[] serialize(String topic, Short data) {
        if (data == null) {
            return null;
        }
        int v = data;
        byte[] out = new byte[2];
        for (int i = 1; i >= 0; i--) {
            out[i] = (byte) v;
            v >>>= 8;
        }
        return out;
    }
}
