package io.samsa.common.errors;

/**
 * A broker refused the request because of a setting that will not change by retrying: a client or topic
 * configuration, a permission, a credential (broker code INVALID_CONFIG, 40, and the base of such errors).
 */
public class InvalidConfigurationException extends ApiException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigurationException() {
        super();
    }

    public InvalidConfigurationException(String message) {
        super(message);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

    public InvalidConfigurationException(Throwable cause) {
        super(cause);
    }
}
