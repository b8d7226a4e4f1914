package io.samsa.common.header;

/**
 * One record header: a non-null string key and a nullable byte value.
 *
 * <p>Mirrors {@code org.apache.kafka.common.header.Header}, so code written against Apache's client moves over
 * by changing the import. On the wire (RecordBatch v2) the key is written as UTF-8 and a {@code null} value as
 * length -1, distinct from an empty value (length 0).
 *
 * <p>Implementations must return the same key and value (same content) on every call: the batch builder reads
 * them once to size the record and once to write it.
 */
public interface Header {

    /**
     * The header key.
     *
     * @return the key; never null
     */
    String key();

    /**
     * The header value.
     *
     * @return the value; {@code null} is allowed and is distinct from an empty array
     */
    byte[] value();
}
