package io.samsa.common;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * A 128-bit identifier as Kafka writes it: a client's telemetry instance id, a topic id. Its text form is the URL-safe
 * base64 of its 16 bytes without padding (22 characters), as Apache Kafka's {@code Uuid} prints and parses it, so an
 * id logged by the broker and one printed here compare as strings. Immutable.
 */
public final class Uuid implements Comparable<Uuid> {

    /** Kafka's reserved id 1: the metadata topic's id. */
    public static final Uuid ONE_UUID = new Uuid(0L, 1L);

    /** The id of the cluster metadata topic. */
    public static final Uuid METADATA_TOPIC_ID = ONE_UUID;

    /** "No id": what a client sends before the broker has given it one. */
    public static final Uuid ZERO_UUID = new Uuid(0L, 0L);

    /** The ids {@link #randomUuid()} never returns. */
    public static final Set<Uuid> RESERVED = Set.of(ZERO_UUID, ONE_UUID);

    private final long mostSignificantBits;
    private final long leastSignificantBits;

    /**
     * An id of the given bits.
     *
     * @param mostSigBits  the most significant 64 bits
     * @param leastSigBits the least significant 64 bits
     */
    public Uuid(long mostSigBits, long leastSigBits) {
        this.mostSignificantBits = mostSigBits;
        this.leastSignificantBits = leastSigBits;
    }

    /**
     * A random id, never a reserved one and never one whose text form starts with '-' (command-line tools would
     * read it as an option).
     *
     * @return a new random id
     */
    public static Uuid randomUuid() {
        while (true) {
            java.util.UUID u = java.util.UUID.randomUUID();
            Uuid id = new Uuid(u.getMostSignificantBits(), u.getLeastSignificantBits());
            if (!RESERVED.contains(id) && !id.toString().startsWith("-")) {
                return id;
            }
        }
    }

    /**
     * The same 128 bits as a {@link java.util.UUID} (what the protocol codecs carry).
     *
     * @param id the bits to copy
     * @return a {@code Uuid} with the same bits as {@code id}
     */
    public static Uuid of(java.util.UUID id) {
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    /** {@return the same 128 bits as a {@link java.util.UUID}} */
    public java.util.UUID toJavaUuid() {
        return new java.util.UUID(mostSignificantBits, leastSignificantBits);
    }

    /** {@return the most significant 64 bits} */
    public long getMostSignificantBits() {
        return mostSignificantBits;
    }

    /** {@return the least significant 64 bits} */
    public long getLeastSignificantBits() {
        return leastSignificantBits;
    }

    @Override
    public boolean equals(Object obj) {
        if (!(obj instanceof Uuid)) {
            return false;
        }
        Uuid id = (Uuid) obj;
        return mostSignificantBits == id.mostSignificantBits && leastSignificantBits == id.leastSignificantBits;
    }

    @Override
    public int hashCode() {
        long xor = mostSignificantBits ^ leastSignificantBits;
        return (int) (xor >> 32) ^ (int) xor;
    }

    /** URL-safe base64 of the 16 bytes, without padding. */
    @Override
    public String toString() {
        ByteBuffer b = ByteBuffer.allocate(16).putLong(mostSignificantBits).putLong(leastSignificantBits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /**
     * Parses the form {@link #toString()} prints.
     *
     * @param str the URL-safe base64 text of 16 bytes, without padding
     * @return the id
     * @throws IllegalArgumentException naming the input when it is not 16 bytes of URL-safe base64
     */
    public static Uuid fromString(String str) {
        if (str.length() > 24) {
            throw new IllegalArgumentException("Input string with prefix `" + str.substring(0, 24)
                    + "` is too long to be decoded as a base64 UUID");
        }
        ByteBuffer b = ByteBuffer.wrap(Base64.getUrlDecoder().decode(str));
        if (b.remaining() != 16) {
            throw new IllegalArgumentException("Input string `" + str + "` decoded as " + b.remaining()
                    + " bytes, which is not equal to the expected 16 bytes of a base64-encoded UUID");
        }
        return new Uuid(b.getLong(), b.getLong());
    }

    /** By the most, then the least significant bits, as signed longs: Apache Kafka's order. */
    @Override
    public int compareTo(Uuid other) {
        int c = Long.compare(mostSignificantBits, other.mostSignificantBits);
        return c != 0 ? c : Long.compare(leastSignificantBits, other.leastSignificantBits);
    }

    /**
     * {@return the ids of the list as an array, or null when the list is null}
     *
     * @param list the ids, or null
     */
    public static Uuid[] toArray(List<Uuid> list) {
        return list == null ? null : list.toArray(new Uuid[0]);
    }

    /**
     * {@return the ids of the array as a new, modifiable list, or null when the array is null}
     *
     * @param array the ids, or null
     */
    public static List<Uuid> toList(Uuid[] array) {
        return array == null ? null : new ArrayList<>(Arrays.asList(array));
    }
}
