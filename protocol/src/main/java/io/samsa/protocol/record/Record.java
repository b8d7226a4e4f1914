package io.samsa.protocol.record;

import io.samsa.common.header.Header;

import java.nio.ByteBuffer;

/**
 * One record read from a {@link RecordBatch}: absolute offset and timestamp (already resolved against the
 * batch's base values), key, value and headers.
 *
 * <p>Key and value are read-only views of the batch's bytes, not copies; each call to {@link #key()} or
 * {@link #value()} returns a fresh view positioned at 0, so reading one does not disturb the next.
 *
 * <p>Note: outside this package, import this class by name ({@code import io.samsa.protocol.record.Record;}):
 * a wildcard import would make the simple name ambiguous with {@code java.lang.Record}.
 *
 * <p>Immutable.
 */
public final class Record {
    private final long offset;
    private final int offsetDelta;
    private final long timestamp;
    private final int sequence;
    private final ByteBuffer key;
    private final ByteBuffer value;
    private final Header[] headers;
    private final int sizeInBytes;

    Record(long offset, int offsetDelta, long timestamp, int sequence, ByteBuffer key, ByteBuffer value,
           Header[] headers, int sizeInBytes) {
        this.offset = offset;
        this.offsetDelta = offsetDelta;
        this.timestamp = timestamp;
        this.sequence = sequence;
        this.key = key;
        this.value = value;
        this.headers = headers;
        this.sizeInBytes = sizeInBytes;
    }

    /** baseOffset + offsetDelta. */
    public long offset() {
        return offset;
    }

    public int offsetDelta() {
        return offsetDelta;
    }

    /** baseTimestamp + timestampDelta, or the batch's maxTimestamp when the batch uses LogAppendTime. */
    public long timestamp() {
        return timestamp;
    }

    /** baseSequence + offsetDelta (wrapping at Integer.MAX_VALUE), or -1 when the batch has no sequence. */
    public int sequence() {
        return sequence;
    }

    /** The key as a read-only buffer positioned at 0, or null for a null key. */
    public ByteBuffer key() {
        return key == null ? null : key.duplicate();
    }

    /** The value as a read-only buffer positioned at 0, or null for a null value (a tombstone). */
    public ByteBuffer value() {
        return value == null ? null : value.duplicate();
    }

    public boolean hasKey() {
        return key != null;
    }

    public boolean hasValue() {
        return value != null;
    }

    /** Key length in bytes, or -1 for a null key. */
    public int keySize() {
        return key == null ? -1 : key.remaining();
    }

    /** Value length in bytes, or -1 for a null value. */
    public int valueSize() {
        return value == null ? -1 : value.remaining();
    }

    /** A copy of the key, or null. */
    public byte[] keyBytes() {
        return copy(key);
    }

    /** A copy of the value, or null. */
    public byte[] valueBytes() {
        return copy(value);
    }

    /** The headers in wire order (the record's own array: do not modify). */
    public Header[] headers() {
        return headers;
    }

    /** Bytes this record takes in the batch, length prefix included. */
    public int sizeInBytes() {
        return sizeInBytes;
    }

    private static byte[] copy(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp + ", key=" + keySize() + " bytes, value="
                + valueSize() + " bytes, headers=" + headers.length + ")";
    }
}
