package io.samsa.common.serialization;

import io.samsa.common.errors.SerializationException;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Map;

/** The character-set settings shared by {@link StringSerializer} and {@link UUIDSerializer}. */
final class Encodings {
    private Encodings() {
    }

    /**
     * The charset configured for a key or value serializer: {@code key.serializer.encoding} or
     * {@code value.serializer.encoding}, else {@code serializer.encoding}, else {@code fallback}. Like Apache
     * Kafka, a value that is not a string is ignored.
     *
     * @throws SerializationException naming the setting when the charset is unknown
     */
    static Charset configured(Map<String, ?> configs, boolean isKey, Charset fallback) {
        String property = isKey ? StringSerializer.KEY_ENCODING_CONFIG : StringSerializer.VALUE_ENCODING_CONFIG;
        Object value = configs.get(property);
        if (value == null) {
            property = StringSerializer.ENCODING_CONFIG;
            value = configs.get(property);
        }
        if (!(value instanceof String)) {
            return fallback;
        }
        String name = ((String) value).trim();
        try {
            return Charset.forName(name);
        } catch (UnsupportedCharsetException | IllegalCharsetNameException e) {
            throw new SerializationException("Unsupported encoding '" + name + "' in " + property, e);
        }
    }
}
