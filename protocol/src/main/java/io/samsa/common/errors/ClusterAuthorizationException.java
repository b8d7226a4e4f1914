package io.samsa.common.errors;

/**
 * CLUSTER_AUTHORIZATION_FAILED (31) or TRANSACTIONAL_ID_AUTHORIZATION_FAILED (53): the principal lacks a
 * cluster-level permission, for a producer typically IDEMPOTENT_WRITE, which an idempotent producer needs for
 * InitProducerId. Mirrors Apache Kafka's {@code ClusterAuthorizationException}.
 */
public class ClusterAuthorizationException extends AuthorizationException {
    private static final long serialVersionUID = 1L;

    public ClusterAuthorizationException(String context, Errors error, short code, String brokerMessage) {
        super(context, error, code, brokerMessage);
    }
}
