package io.samsa.common.serialization;

import io.samsa.common.errors.SerializationException;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Map;

/**
 * The character-set settings shared by {@link StringSerializer} and {@link UUIDSerializer}, and by
 * {@link StringDeserializer} and {@link UUIDDeserializer} under their own names.
 */
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
        return configured(configs, isKey, StringSerializer.KEY_ENCODING_CONFIG, StringSerializer.VALUE_ENCODING_CONFIG,
                StringSerializer.ENCODING_CONFIG, fallback);
    }

    /**
     * The charset configured under {@code keyProperty} or {@code valueProperty} (as {@code isKey} says), else
     * under {@code bothProperty}, else {@code fallback}. A value that is not a string is ignored.
     *
     * @throws SerializationException naming the setting when the charset is unknown
     */
    static Charset configured(Map<String, ?> configs, boolean isKey, String keyProperty, String valueProperty,
                              String bothProperty, Charset fallback) {
        String property = isKey ? keyProperty : valueProperty;
        Object value = configs.get(property);
        if (value == null) {
            property = bothProperty;
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

    /** The bytes from the buffer's position to its limit, copied; the buffer's position does not move. */
    static byte[] remaining(ByteBuffer data) {
        byte[] out = new byte[data.remaining()];
        data.duplicate().get(out);
        return out;
    }
}
