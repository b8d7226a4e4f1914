package io.samsa.common.serialization;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A string as its bytes in UTF-8, or in the charset set by {@value #KEY_ENCODING_CONFIG} (key serializer),
 * {@value #VALUE_ENCODING_CONFIG} (value serializer) or {@value #ENCODING_CONFIG} (both), as Apache Kafka's.
 * Null stays null. Thread-safe once configured.
 */
public class StringSerializer implements Serializer<String> {
    /** The charset of the key serializer. */
    public static final String KEY_ENCODING_CONFIG = "key.serializer.encoding";
    /** The charset of the value serializer. */
    public static final String VALUE_ENCODING_CONFIG = "value.serializer.encoding";
    /** The charset of both, unless one of the above is set. */
    public static final String ENCODING_CONFIG = "serializer.encoding";

    // Written once by configure(), before the producer shares the serializer between threads.
    private Charset encoding = StandardCharsets.UTF_8;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        encoding = Encodings.configured(configs, isKey, encoding);
    }

    @Override
    public byte[] serialize(String topic, String data) {
        return data == null ? null : data.getBytes(encoding);
    }
}
