package io.samsa.common.serialization;

/** For records without a key (or value): always null, as Apache Kafka's. */
public class VoidSerializer implements Serializer<Void> {
    @Override
    public byte[] serialize(String topic, Void data) {
        return null;
    }
}
