package io.samsa.common.serialization;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * A UUID as the bytes of its 36-character text form ({@code 123e4567-e89b-12d3-a456-426614174000}) in UTF-8
 * or the configured charset (the settings of {@link StringSerializer}), as Apache Kafka's; not the 16 raw
 * bytes. Null stays null.
 */
public class UUIDSerializer implements Serializer<UUID> {
    private Charset encoding = StandardCharsets.UTF_8;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        encoding = Encodings.configured(configs, isKey, encoding);
    }

    @Override
    public byte[] serialize(String topic, UUID data) {
        return data == null ? null : data.toString().getBytes(encoding);
    }
}
