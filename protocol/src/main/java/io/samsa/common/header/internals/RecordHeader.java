package io.samsa.common.header.internals;

import io.samsa.common.header.Header;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The standard {@link Header}: an immutable key/value pair, equal to another {@code RecordHeader} with the same
 * key and the same value bytes.
 *
 * <p>The value array is <em>not</em> copied, neither here nor in {@link #value()} (as in Apache's client): a copy
 * would cost an allocation per header per record on the send path. Treat the array as frozen once it is handed
 * to a header.
 *
 * <p>Immutable, hence safe to share between threads (as long as nobody writes into the value array).
 */
public final class RecordHeader implements Header {
    private final String key;
    private final byte[] value;

    /**
     * @param key   the header key, not null (Kafka has no null header keys)
     * @param value the value, may be null
     * @throws NullPointerException if {@code key} is null
     */
    public RecordHeader(String key, byte[] value) {
        this.key = Objects.requireNonNull(key, "header key must not be null (Kafka has no null header keys)");
        this.value = value;
    }

    /**
     * A header from its key's UTF-8 bytes and its value's bytes, each read from the buffer's position to its
     * limit (as Apache Kafka's constructor of the same shape). Both are copied now and the buffers' positions do
     * not move, so the buffers may be reused afterwards.
     *
     * @param keyBuffer   the key in UTF-8, not null
     * @param valueBuffer the value, or null for a null value
     * @throws NullPointerException if {@code keyBuffer} is null
     */
    public RecordHeader(ByteBuffer keyBuffer, ByteBuffer valueBuffer) {
        this(StandardCharsets.UTF_8.decode(Objects.requireNonNull(keyBuffer,
                "header key must not be null (Kafka has no null header keys)").duplicate()).toString(),
                valueBuffer == null ? null : remaining(valueBuffer));
    }

    private static byte[] remaining(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public byte[] value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RecordHeader)) {
            return false;
        }
        RecordHeader that = (RecordHeader) o;
        return key.equals(that.key) && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RecordHeader(key = " + key + ", value = " + (value == null ? "null" : Arrays.toString(value)) + ")";
    }
}
