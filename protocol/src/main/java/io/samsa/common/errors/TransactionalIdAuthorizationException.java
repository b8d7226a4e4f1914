package io.samsa.common.errors;

/**
 * Broker error {@link Errors#TRANSACTIONAL_ID_AUTHORIZATION_FAILED} (53): transactional Id authorization failed.
 */
public class TransactionalIdAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    /**
     * With a message.
     *
     * @param message what went wrong
     */
    public TransactionalIdAuthorizationException(String message) {
        super(message);
    }
}
