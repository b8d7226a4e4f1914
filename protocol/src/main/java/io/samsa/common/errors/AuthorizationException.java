package io.samsa.common.errors;

/**
 * The principal the producer authenticated as lacks a permission (an ACL) the request needs.
 */
public class AuthorizationException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    public AuthorizationException(String message) {
        super(message);
    }

    public AuthorizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
