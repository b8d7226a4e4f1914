package io.samsa.common.errors;

/**
 * Broker error {@link Errors#ILLEGAL_GENERATION} (22): specified group generation id is not valid.
 */
public class IllegalGenerationException extends ApplicationRecoverableException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public IllegalGenerationException() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public IllegalGenerationException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public IllegalGenerationException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public IllegalGenerationException(Throwable cause) {
        super(cause);
    }
}
