package io.samsa.common.serialization;

/** A {@code Boolean} as one byte, 1 for true and 0 for false, as Apache Kafka's. Null stays null. */
public class BooleanSerializer implements Serializer<Boolean> {
    private static final byte[] TRUE = {1};
    private static final byte[] FALSE = {0};

    @Override
    public byte[] serialize(String topic, Boolean data) {
        if (data == null) {
            return null;
        }
        // Fresh arrays: the caller owns what it gets and may modify it.
        return data ? TRUE.clone() : FALSE.clone();
    }
}
