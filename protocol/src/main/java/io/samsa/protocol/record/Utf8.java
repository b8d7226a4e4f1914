package io.samsa.protocol.record;

import java.nio.ByteBuffer;

/**
 * UTF-8 encoding of header keys straight into a {@link ByteBuffer}, without the intermediate {@code byte[]} that
 * {@code String.getBytes(UTF_8)} would allocate for every header of every record.
 *
 * <p>The output is byte-for-byte what {@code String.getBytes(StandardCharsets.UTF_8)} produces (and therefore
 * what Apache's client writes), including its treatment of malformed input: an unpaired surrogate becomes the
 * replacement byte {@code '?'} (0x3F), a valid surrogate pair becomes one 4-byte sequence.
 *
 * <p>Both methods walk the string once with {@code charAt}; the length pass and the encode pass must agree, which
 * the property tests check against the JDK encoder.
 */
final class Utf8 {
    private Utf8() {
    }

    /** Number of bytes {@link #encode} writes for {@code s} (a long: 3 bytes per char can exceed an int). */
    static long encodedLength(String s) {
        int n = s.length();
        long length = n; // one byte per char to start with; add the extra bytes of non-ASCII chars
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                length += 1;
            } else if (!Character.isSurrogate(c)) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 2; // two chars, four bytes
                i++;
            }
            // else: unpaired surrogate, encoded as the single byte '?'
        }
        return length;
    }

    /** Writes {@code s} as UTF-8 at the buffer's position (relative puts). */
    static void encode(String s, ByteBuffer out) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.put((byte) c);
            } else if (c < 0x800) {
                out.put((byte) (0xC0 | (c >> 6)));
                out.put((byte) (0x80 | (c & 0x3F)));
            } else if (!Character.isSurrogate(c)) {
                out.put((byte) (0xE0 | (c >> 12)));
                out.put((byte) (0x80 | ((c >> 6) & 0x3F)));
                out.put((byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.put((byte) (0xF0 | (cp >> 18)));
                out.put((byte) (0x80 | ((cp >> 12) & 0x3F)));
                out.put((byte) (0x80 | ((cp >> 6) & 0x3F)));
                out.put((byte) (0x80 | (cp & 0x3F)));
            } else {
                out.put((byte) '?'); // what the JDK's encoder substitutes for an unpaired surrogate
            }
        }
    }
}
