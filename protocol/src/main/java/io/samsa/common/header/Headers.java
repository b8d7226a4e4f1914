package io.samsa.common.header;

/**
 * An ordered, mutable collection of {@link Header}s that may hold several headers with the same key.
 *
 * <p>Mirrors {@code org.apache.kafka.common.header.Headers}. Once the producer has accepted a record its headers
 * become read-only: every mutating method then throws {@link IllegalStateException}.
 */
public interface Headers extends Iterable<Header> {

    /**
     * Appends a header (keeping any existing ones with the same key).
     *
     * @param header the header to append
     * @return this, for chaining
     * @throws IllegalStateException if these headers are read-only
     */
    Headers add(Header header) throws IllegalStateException;

    /**
     * Appends a header built from {@code key} and {@code value}.
     *
     * @param key the header's key
     * @param value the header's value; may be {@code null}
     * @return this, for chaining
     * @throws IllegalStateException if these headers are read-only
     */
    Headers add(String key, byte[] value) throws IllegalStateException;

    /**
     * Removes every header with the given key.
     *
     * @param key the key whose headers to remove
     * @return this, for chaining
     * @throws IllegalStateException if these headers are read-only
     */
    Headers remove(String key) throws IllegalStateException;

    /**
     * The last header added with {@code key}.
     *
     * @param key the key to look for
     * @return the header, or null if there is none
     */
    Header lastHeader(String key);

    /**
     * Every header with {@code key}, in the order they were added.
     *
     * @param key the key to look for
     * @return the headers with that key
     */
    Iterable<Header> headers(String key);

    /**
     * All headers, in order, as a new array.
     *
     * @return the headers (an empty array when there are none)
     */
    Header[] toArray();
}
