package io.samsa.spool;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of a segment file: its name, its header, and the framing of each entry. Stateless; safe from
 * any thread. The layout diagram is in {@link SpoolLog}'s class comment.
 */
final class SegmentFormat {
    /** "SPOL" in ASCII. */
    static final int MAGIC = 0x53504F4C;
    static final short VERSION = 1;
    static final int HEADER_BYTES = 20;
    /** length int32, crc int32, type int8. */
    static final int ENTRY_OVERHEAD = 9;
    /** The bytes in front of the type that the length and CRC do not cover. */
    static final int FRAME_BYTES = 8;
    static final String SUFFIX = ".log";
    private static final int NAME_DIGITS = 20;

    private SegmentFormat() {
    }

    static String fileName(long basePosition) {
        return String.format("%0" + NAME_DIGITS + "d%s", basePosition, SUFFIX);
    }

    /** The base position a segment file's name carries, or -1 if the name is not a segment's. */
    static long baseOf(Path file) {
        String name = file.getFileName().toString();
        if (name.length() != NAME_DIGITS + SUFFIX.length() || !name.endsWith(SUFFIX)) {
            return -1;
        }
        for (int i = 0; i < NAME_DIGITS; i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(name.substring(0, NAME_DIGITS));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static ByteBuffer header(long basePosition) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC).putShort(VERSION).putShort((short) 0).putLong(basePosition);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 16);
        b.putInt((int) crc.getValue());
        return b.flip();
    }

    static int headerCrc(ByteBuffer segment) {
        CRC32C crc = new CRC32C();
        crc.update(segment.slice(0, 16));
        return (int) crc.getValue();
    }

    /** CRC-32C of the {@code length} bytes at {@code typeOffset}: the entry's type byte and its payload. */
    static int entryCrc(ByteBuffer segment, int typeOffset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(segment.slice(typeOffset, length));
        return (int) crc.getValue();
    }

    /**
     * Why the bytes at {@code offset} (up to {@code limit}) are not a valid entry, or {@code null} if they are: a
     * short frame, a length below 1 or running past {@code limit}, or a CRC mismatch.
     */
    static String invalidEntry(ByteBuffer segment, int offset, int limit) {
        int left = limit - offset;
        if (left < ENTRY_OVERHEAD) {
            return "only " + left + " bytes left, less than an entry's " + ENTRY_OVERHEAD + "-byte frame";
        }
        int length = segment.getInt(offset);
        if (length < 1) {
            return "invalid length " + length;
        }
        if (length > left - FRAME_BYTES) {
            return "length " + length + " runs past the end of the file (" + (left - FRAME_BYTES) + " bytes left)";
        }
        int stored = segment.getInt(offset + 4);
        int computed = entryCrc(segment, offset + FRAME_BYTES, length);
        if (stored != computed) {
            return String.format("CRC-32C mismatch (stored %08x, computed %08x)", stored, computed);
        }
        return null;
    }
}
