package io.samsa.protocol.types;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Reads Kafka protocol primitives from one complete, already size-delimited message body.
 *
 * <p>Input is untrusted: every length read from the wire is checked against the bytes actually remaining
 * <em>before</em> anything is allocated, so a corrupt or hostile length ("2 GiB follow") fails with a
 * {@link ProtocolException} naming the field instead of allocating or hanging. Array counts are checked the
 * same way (every element takes at least one byte).
 *
 * <p>Byte and record fields are returned as read-only slices of the input, not copies.
 *
 * <p>Not thread-safe.
 */
public final class ProtocolReader {
    private final ByteBuffer buf;

    public ProtocolReader(ByteBuffer buffer) {
        this.buf = buffer;
    }

    public int remaining() {
        return buf.remaining();
    }

    public int position() {
        return buf.position();
    }

    public ByteBuffer buffer() {
        return buf;
    }

    // ---- fixed width -------------------------------------------------------------------------------------

    public byte readByte(String field) {
        need(1, field);
        return buf.get();
    }

    public boolean readBoolean(String field) {
        return readByte(field) != 0;
    }

    public short readShort(String field) {
        need(2, field);
        return buf.getShort();
    }

    public int readInt(String field) {
        need(4, field);
        return buf.getInt();
    }

    public long readLong(String field) {
        need(8, field);
        return buf.getLong();
    }

    public double readDouble(String field) {
        need(8, field);
        return buf.getDouble();
    }

    public UUID readUuid(String field) {
        need(16, field);
        return new UUID(buf.getLong(), buf.getLong());
    }

    // ---- varints -----------------------------------------------------------------------------------------

    public int readUnsignedVarint(String field) {
        try {
            return ByteUtils.readUnsignedVarint(buf);
        } catch (ProtocolException e) {
            throw new ProtocolException(field + ": " + e.getMessage());
        }
    }

    public int readVarint(String field) {
        try {
            return ByteUtils.readVarint(buf);
        } catch (ProtocolException e) {
            throw new ProtocolException(field + ": " + e.getMessage());
        }
    }

    public long readVarlong(String field) {
        try {
            return ByteUtils.readVarlong(buf);
        } catch (ProtocolException e) {
            throw new ProtocolException(field + ": " + e.getMessage());
        }
    }

    // ---- strings, bytes, arrays --------------------------------------------------------------------------

    /** A string that must not be null. */
    public String readString(String field, boolean compact) {
        String s = readNullableString(field, compact);
        if (s == null) {
            throw new ProtocolException(field + ": null where a string is required, at offset " + buf.position());
        }
        return s;
    }

    public String readNullableString(String field, boolean compact) {
        int length;
        if (compact) {
            length = readUnsignedVarint(field) - 1;
        } else {
            length = readShort(field);
        }
        if (length < 0) {
            if (length == -1) {
                return null;
            }
            throw new ProtocolException(field + ": invalid string length " + length + " at offset " + buf.position());
        }
        need(length, field);
        if (buf.hasArray()) {
            String s = new String(buf.array(), buf.arrayOffset() + buf.position(), length, StandardCharsets.UTF_8);
            buf.position(buf.position() + length);
            return s;
        }
        byte[] bytes = new byte[length]; // bounded by need() above: the bytes are really there
        buf.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Nullable bytes (or records) as a read-only slice of the input; null for length -1 / compact 0. */
    public ByteBuffer readNullableBytes(String field, boolean compact) {
        int length = compact ? readUnsignedVarint(field) - 1 : readInt(field);
        if (length < 0) {
            if (length == -1) {
                return null;
            }
            throw new ProtocolException(field + ": invalid bytes length " + length + " at offset " + buf.position());
        }
        need(length, field);
        ByteBuffer slice = buf.slice();
        slice.limit(length);
        buf.position(buf.position() + length);
        return slice.asReadOnlyBuffer();
    }

    public ByteBuffer readBytes(String field, boolean compact) {
        ByteBuffer b = readNullableBytes(field, compact);
        if (b == null) {
            throw new ProtocolException(field + ": null where bytes are required, at offset " + buf.position());
        }
        return b;
    }

    /**
     * An array element count: int32 (classic) or unsigned varint N+1 (compact). Returns -1 for a null array.
     * The count is checked against the remaining bytes (every element takes at least
     * {@code minElementSize} bytes), so a corrupt count cannot drive a huge allocation.
     */
    public int readArrayLength(String field, boolean compact, int minElementSize) {
        int length = compact ? readUnsignedVarint(field) - 1 : readInt(field);
        if (length < -1) {
            throw new ProtocolException(field + ": invalid array length " + length + " at offset " + buf.position());
        }
        if (length > 0 && (long) length * Math.max(1, minElementSize) > buf.remaining()) {
            throw new ProtocolException(field + ": array of " + length + " elements cannot fit in the "
                    + buf.remaining() + " bytes that remain at offset " + buf.position());
        }
        return length;
    }

    /** Like {@link #readArrayLength} but a null array is an error. */
    public int readNonNullArrayLength(String field, boolean compact, int minElementSize) {
        int n = readArrayLength(field, compact, minElementSize);
        if (n < 0) {
            throw new ProtocolException(field + ": null where an array is required, at offset " + buf.position());
        }
        return n;
    }

    /**
     * Reads a tagged-field section and skips every field in it. For messages that define tags, use
     * {@link #readTaggedFields(TagHandler)} instead.
     */
    public void skipTaggedFields() {
        readTaggedFields(null);
    }

    /** Callback for known tags; return false to have the tag skipped as unknown. */
    @FunctionalInterface
    public interface TagHandler {
        boolean read(int tag, int size, ProtocolReader reader);
    }

    /**
     * Reads a tagged-field section: uvarint count, then per field uvarint tag, uvarint size, payload.
     * Known tags go to {@code handler} (which must consume exactly {@code size} bytes); unknown ones are
     * skipped by their length, as KIP-482 requires for forward compatibility.
     */
    public void readTaggedFields(TagHandler handler) {
        int count = readUnsignedVarint("tagged fields count");
        if (count < 0 || count > buf.remaining()) {
            throw new ProtocolException("tagged fields: count " + Integer.toUnsignedString(count)
                    + " cannot fit in the " + buf.remaining() + " bytes that remain at offset " + buf.position());
        }
        int lastTag = -1;
        for (int i = 0; i < count; i++) {
            int tag = readUnsignedVarint("tag");
            if (tag <= lastTag) {
                throw new ProtocolException("tagged fields: tag " + Integer.toUnsignedString(tag)
                        + " after tag " + lastTag + " (tags must be strictly ascending)");
            }
            lastTag = tag;
            int size = readUnsignedVarint("tag " + tag + " size");
            if (size < 0) {
                throw new ProtocolException("tag " + tag + ": invalid size " + Integer.toUnsignedString(size));
            }
            need(size, "tag " + tag);
            int end = buf.position() + size;
            boolean consumed = false;
            if (handler != null) {
                // Give the handler a window of exactly the tag's bytes so it cannot read past its field.
                int limit = buf.limit();
                buf.limit(end);
                try {
                    consumed = handler.read(tag, size, this);
                } finally {
                    buf.limit(limit);
                }
                if (consumed && buf.position() != end) {
                    throw new ProtocolException("tag " + tag + ": field read " + (buf.position() - (end - size))
                            + " of its " + size + " bytes");
                }
            }
            if (!consumed) {
                buf.position(end);
            }
        }
    }

    /** Skips {@code n} bytes, checking they exist. */
    public void skip(int n, String field) {
        need(n, field);
        buf.position(buf.position() + n);
    }

    private void need(int n, String field) {
        if (n > buf.remaining()) {
            throw new ProtocolException(field + ": needs " + n + " bytes at offset " + buf.position()
                    + " but only " + buf.remaining() + " remain (truncated or corrupt data)");
        }
    }
}
