package io.samsa.spool;

import java.io.IOException;

/**
 * A spool operation failed. The message names the spool's directory (and file and offset where one is involved)
 * and says what the caller can do. Subclasses single out the cases a caller handles differently.
 */
public class SpoolException extends IOException {
    private static final long serialVersionUID = 1L;

    public SpoolException(String message) {
        super(message);
    }

    public SpoolException(String message, Throwable cause) {
        super(message, cause);
    }
}
