package io.samsa.common.errors;

/**
 * The principal the producer authenticated as lacks a permission (an ACL) the request needs.
 */
public class AuthorizationException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public AuthorizationException(String message) {
        super(message);
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public AuthorizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
