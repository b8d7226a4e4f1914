package io.samsa.spool;

/** Another producer, in this JVM or another process, holds the spool directory's lock. */
public class SpoolLockedException extends SpoolException {
    private static final long serialVersionUID = 1L;

    public SpoolLockedException(String message) {
        super(message);
    }
}
