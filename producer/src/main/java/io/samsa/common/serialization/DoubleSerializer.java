package io.samsa.common.serialization;

/**
 * A {@code Double} as 8 bytes, big-endian (most significant byte first), as Apache Kafka's. The bits are
 * {@code Double.doubleToLongBits}, as Apache Kafka's: every NaN is written as the canonical NaN
 * {@code 0x7ff8000000000000}. Null stays null.
 */
public class DoubleSerializer implements Serializer<Double> {
    @Override
    public byte[] serialize(String topic, Double data) {
        if (data == null) {
            return null;
        }
        long v = Double.doubleToLongBits(data);
        byte[] out = new byte[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = (byte) v;
            v >>>= 8;
        }
        return out;
    }
}
