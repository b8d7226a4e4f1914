package io.samsa.errors;

/** The client (producer, connection layer) was closed before the operation could complete. Not retriable. */
public class ClosedException extends SamsaException {
    private static final long serialVersionUID = 1L;

    public ClosedException(String message) {
        super(message);
    }
}
