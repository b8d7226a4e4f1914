package io.samsa.common.serialization;

import io.samsa.common.header.Headers;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A string from its bytes in UTF-8, or in the charset set by {@value #KEY_ENCODING_CONFIG} (key deserializer),
 * {@value #VALUE_ENCODING_CONFIG} (value deserializer) or {@value #ENCODING_CONFIG} (both), as Apache Kafka's.
 * Null stays null. Thread-safe once configured.
 */
public class StringDeserializer implements Deserializer<String> {
    /** The charset of the key deserializer. */
    public static final String KEY_ENCODING_CONFIG = "key.deserializer.encoding";
    /** The charset of the value deserializer. */
    public static final String VALUE_ENCODING_CONFIG = "value.deserializer.encoding";
    /** The charset of both, unless one of the above is set. */
    public static final String ENCODING_CONFIG = "deserializer.encoding";

    // Written once by configure(), before the deserializer is shared between threads.
    private Charset encoding = StandardCharsets.UTF_8;

    /** @throws io.samsa.common.errors.SerializationException naming the setting when the charset is unknown */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        encoding = Encodings.configured(configs, isKey, KEY_ENCODING_CONFIG, VALUE_ENCODING_CONFIG, ENCODING_CONFIG,
                encoding);
    }

    @Override
    public String deserialize(String topic, byte[] data) {
        return data == null ? null : new String(data, encoding);
    }

    /** Decodes the buffer from its position to its limit, in place when it has an array; the position does not move. */
    @Override
    public String deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray()) {
            return new String(data.array(), data.arrayOffset() + data.position(), data.remaining(), encoding);
        }
        return new String(Encodings.remaining(data), encoding);
    }
}
