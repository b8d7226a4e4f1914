package io.samsa.spool;

/**
 * An append would take the spool past {@code spool.max.bytes}. Nothing was written; the caller may
 * {@link SpoolLog#awaitSpace wait} for acknowledged segments to be released, or give up.
 */
public class SpoolFullException extends SpoolException {
    private static final long serialVersionUID = 1L;

    private final long maxBytes;
    private final long currentBytes;
    private final long entryBytes;

    public SpoolFullException(String message, long maxBytes, long currentBytes, long entryBytes) {
        super(message);
        this.maxBytes = maxBytes;
        this.currentBytes = currentBytes;
        this.entryBytes = entryBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public long currentBytes() {
        return currentBytes;
    }

    /** Bytes the refused append needed, a new segment's header included if it had to roll. */
    public long entryBytes() {
        return entryBytes;
    }
}
