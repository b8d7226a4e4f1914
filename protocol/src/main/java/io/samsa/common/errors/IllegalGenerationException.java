package io.samsa.common.errors;

/**
 * Broker error {@link Errors#ILLEGAL_GENERATION} (22): specified group generation id is not valid.
 */
public class IllegalGenerationException extends ApplicationRecoverableException {
    private static final long serialVersionUID = 1L;

    public IllegalGenerationException() {
        super();
    }

    public IllegalGenerationException(String message) {
        super(message);
    }

    public IllegalGenerationException(String message, Throwable cause) {
        super(message, cause);
    }

    public IllegalGenerationException(Throwable cause) {
        super(cause);
    }
}
