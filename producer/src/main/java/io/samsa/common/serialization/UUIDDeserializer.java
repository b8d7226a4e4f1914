package io.samsa.common.serialization;

import io.samsa.common.errors.SerializationException;
import io.samsa.common.header.Headers;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * A UUID from the bytes of its text form ({@code 123e4567-e89b-12d3-a456-426614174000}) in UTF-8 or the
 * configured charset (the settings of {@link StringDeserializer}), as {@link UUIDSerializer} and Apache Kafka
 * write it. Null stays null; text that is not a UUID is a {@link SerializationException}.
 */
public class UUIDDeserializer implements Deserializer<UUID> {
    // Written once by configure(), before the deserializer is shared between threads.
    private Charset encoding = StandardCharsets.UTF_8;

    /** @throws SerializationException naming the setting when the charset is unknown */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        encoding = Encodings.configured(configs, isKey, StringDeserializer.KEY_ENCODING_CONFIG,
                StringDeserializer.VALUE_ENCODING_CONFIG, StringDeserializer.ENCODING_CONFIG, encoding);
    }

    @Override
    public UUID deserialize(String topic, byte[] data) {
        return data == null ? null : parse(new String(data, encoding));
    }

    /** Reads the buffer from its position to its limit; the position does not move. */
    @Override
    public UUID deserialize(String topic, Headers headers, ByteBuffer data) {
        return data == null ? null : parse(new String(Encodings.remaining(data), encoding));
    }

    private static UUID parse(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("Error parsing data into UUID: " + e.getMessage(), e);
        }
    }
}
