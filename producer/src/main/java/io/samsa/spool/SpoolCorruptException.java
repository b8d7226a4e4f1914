package io.samsa.spool;

import java.nio.file.Path;

/**
 * A segment holds bytes that are not a valid entry where entries that were reported durable may live: in the
 * middle of the log, or in a segment other than the last. Opening refuses such a spool unless
 * {@link SpoolOptions#skipCorruption()} is set, because going on would silently drop those entries.
 */
public class SpoolCorruptException extends SpoolException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long fileOffset;

    public SpoolCorruptException(String message, Path file, long fileOffset) {
        super(message);
        this.file = file;
        this.fileOffset = fileOffset;
    }

    /** The damaged segment file. */
    public Path file() {
        return file;
    }

    /** Byte offset of the damage in {@link #file()}, from the start of the file (header included). */
    public long fileOffset() {
        return fileOffset;
    }
}
