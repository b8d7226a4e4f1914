package io.samsa.common.errors;

/**
 * A broker refused the request because of a setting that will not change by retrying: a client or topic
 * configuration, a permission, a credential (broker code INVALID_CONFIG, 40, and the base of such errors).
 */
public class InvalidConfigurationException extends ApiException {
    private static final long serialVersionUID = 1L;

    /** With neither message nor cause. */
    public InvalidConfigurationException() {
        super();
    }

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public InvalidConfigurationException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * With a cause, whose description becomes the message.
     *
     * @param cause what caused it
     */
    public InvalidConfigurationException(Throwable cause) {
        super(cause);
    }
}
