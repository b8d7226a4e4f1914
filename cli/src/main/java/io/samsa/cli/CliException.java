package io.samsa.cli;

/** Bad input to a command (an option's value, a file, the broker address, the topic): exit status 2. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
