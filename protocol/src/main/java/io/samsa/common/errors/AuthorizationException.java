package io.samsa.common.errors;

/**
 * The broker authenticated us but its ACLs do not allow the operation. Not retriable: granting the ACL is an
 * administrator's action. Subclasses say on what: {@link TopicAuthorizationException},
 * {@link ClusterAuthorizationException}.
 */
public class AuthorizationException extends ApiException {
    private static final long serialVersionUID = 1L;

    public AuthorizationException(String context, Errors error, short code, String brokerMessage) {
        super(context, error, code, brokerMessage);
    }
}
