package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Helpers shared by the message classes: version checks, arrays, tagged fields. Package-private: the public
 * surface is {@link ProtocolWriter}/{@link ProtocolReader} and the messages.
 */
final class MessageCodec {
    /** The all-zero UUID Kafka uses for "no topic id". */
    static final UUID ZERO_UUID = new UUID(0L, 0L);

    private MessageCodec() {
    }

    static void checkVersion(ApiKey key, short version) {
        if (!key.isVersionSupported(version)) {
            throw key.versionNotImplemented(version);
        }
    }

    static UUID orZero(UUID id) {
        return id == null ? ZERO_UUID : id;
    }

    static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** Like {@link List#copyOf} but keeps null (for nullable arrays). */
    static <T> List<T> copyNullable(List<T> list) {
        return list == null ? null : List.copyOf(list);
    }

    // ---- arrays ------------------------------------------------------------------------------------------

    static <T> void writeArray(ProtocolWriter w, List<T> items, boolean compact, BiConsumer<ProtocolWriter, T> item) {
        w.writeLength(items.size(), compact);
        for (T t : items) {
            item.accept(w, t);
        }
    }

    /**
     * Reads a non-null array; {@code minElementSize} is the fewest bytes one element can take, which bounds
     * the count against the remaining input before anything is allocated.
     */
    static <T> List<T> readArray(ProtocolReader r, String field, boolean compact, int minElementSize,
                                 Function<ProtocolReader, T> item) {
        int n = r.readNonNullArrayLength(field, compact, minElementSize);
        return readElements(r, n, item);
    }

    /** Reads a nullable array: null for the null marker. */
    static <T> List<T> readNullableArray(ProtocolReader r, String field, boolean compact, int minElementSize,
                                         Function<ProtocolReader, T> item) {
        int n = r.readArrayLength(field, compact, minElementSize);
        return n < 0 ? null : readElements(r, n, item);
    }

    /** Reads {@code n} elements, the length having been read (and checked against the bytes left). */
    static <T> List<T> readElements(ProtocolReader r, int n, Function<ProtocolReader, T> item) {
        if (n == 0) {
            return List.of();
        }
        List<T> out = new ArrayList<>(n); // n is bounded by the remaining bytes (readArrayLength checks)
        for (int i = 0; i < n; i++) {
            out.add(item.apply(r));
        }
        return Collections.unmodifiableList(out);
    }

    static void writeIntArray(ProtocolWriter w, List<Integer> items, boolean compact) {
        w.writeLength(items.size(), compact);
        for (int v : items) {
            w.writeInt(v);
        }
    }

    static List<Integer> readIntArray(ProtocolReader r, String field, boolean compact) {
        int n = r.readNonNullArrayLength(field, compact, 4);
        Integer[] out = new Integer[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.readInt(field);
        }
        return List.of(out);
    }

    // ---- tagged fields -----------------------------------------------------------------------------------

    /**
     * Writes one tagged field: uvarint tag, uvarint size, payload. The payload is built in a scratch writer
     * first because its size precedes it; tagged fields are small (a leader hint, a feature list), so the copy
     * is cheap.
     */
    static void writeTaggedField(ProtocolWriter w, int tag, Consumer<ProtocolWriter> payload) {
        ProtocolWriter scratch = new ProtocolWriter(64);
        payload.accept(scratch);
        byte[] bytes = scratch.toByteArray();
        w.writeUnsignedVarint(tag);
        w.writeUnsignedVarint(bytes.length);
        w.writeBytes(bytes, 0, bytes.length);
    }

    // ---- toString ----------------------------------------------------------------------------------------

    static String describeBuffer(ByteBuffer b) {
        return b == null ? "null" : b.remaining() + " bytes";
    }
}
