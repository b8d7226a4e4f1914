package io.samsa.spool;

/**
 * The file system holding the spool ran out of space (or quota) during an append. The partial write was cut off
 * again, so the log stays parseable and the entry counts as not written; appends work again once space is freed
 * (by {@link SpoolLog#release} or outside the producer).
 */
public class SpoolDiskFullException extends SpoolException {
    private static final long serialVersionUID = 1L;

    public SpoolDiskFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
