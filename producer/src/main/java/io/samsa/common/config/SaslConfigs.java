package io.samsa.common.config;

/**
 * The names of the {@code sasl.*} configuration keys and Apache Kafka's defaults for them, under the names of
 * Apache Kafka's {@code org.apache.kafka.common.config.SaslConfigs} (most of them without Apache Kafka's usual
 * {@code _CONFIG} suffix, as there), so that code such as
 * {@code props.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512")} moves over with an import change.
 *
 * <p>Every name and value equals Apache Kafka 4.1's (a test compares them). Samsa's producer reads
 * {@link #SASL_MECHANISM} and {@link #SASL_JAAS_CONFIG}, supporting the PLAIN and SCRAM mechanisms; the
 * configuration table ({@code ProducerConfig.configDef()}, rendered in {@code docs/configuration.md}) says how.
 * The other keys belong to the Kerberos (GSSAPI) and OAUTHBEARER mechanisms and to login plug-ins, which Samsa
 * does not have; they are here so that code setting them compiles, and a producer given one ignores it and logs
 * it once as unknown.
 */
public final class SaslConfigs {
    private SaslConfigs() {
    }

    // ---- Read by Samsa's producer ----

    public static final String SASL_MECHANISM = "sasl.mechanism";
    public static final String GSSAPI_MECHANISM = "GSSAPI";
    /**
     * Apache Kafka's default mechanism, Kerberos, which Samsa keeps as the default so that configurations mean
     * the same, and rejects by name when a SASL protocol is chosen without a mechanism Samsa supports.
     */
    public static final String DEFAULT_SASL_MECHANISM = GSSAPI_MECHANISM;
    public static final String SASL_JAAS_CONFIG = "sasl.jaas.config";

    // ---- Not read by Samsa's producer: login plug-ins, Kerberos and OAUTHBEARER ----

    public static final String SASL_CLIENT_CALLBACK_HANDLER_CLASS = "sasl.client.callback.handler.class";
    public static final String SASL_LOGIN_CALLBACK_HANDLER_CLASS = "sasl.login.callback.handler.class";
    public static final String SASL_LOGIN_CLASS = "sasl.login.class";
    public static final String SASL_KERBEROS_SERVICE_NAME = "sasl.kerberos.service.name";
    public static final String SASL_KERBEROS_KINIT_CMD = "sasl.kerberos.kinit.cmd";
    public static final String DEFAULT_KERBEROS_KINIT_CMD = "/usr/bin/kinit";
    public static final String SASL_KERBEROS_TICKET_RENEW_WINDOW_FACTOR = "sasl.kerberos.ticket.renew.window.factor";
    public static final double DEFAULT_KERBEROS_TICKET_RENEW_WINDOW_FACTOR = 0.80;
    public static final String SASL_KERBEROS_TICKET_RENEW_JITTER = "sasl.kerberos.ticket.renew.jitter";
    public static final double DEFAULT_KERBEROS_TICKET_RENEW_JITTER = 0.05;
    public static final String SASL_KERBEROS_MIN_TIME_BEFORE_RELOGIN = "sasl.kerberos.min.time.before.relogin";
    public static final long DEFAULT_KERBEROS_MIN_TIME_BEFORE_RELOGIN = 60_000L;
    public static final String SASL_LOGIN_REFRESH_WINDOW_FACTOR = "sasl.login.refresh.window.factor";
    public static final double DEFAULT_LOGIN_REFRESH_WINDOW_FACTOR = 0.80;
    public static final String SASL_LOGIN_REFRESH_WINDOW_JITTER = "sasl.login.refresh.window.jitter";
    public static final double DEFAULT_LOGIN_REFRESH_WINDOW_JITTER = 0.05;
    public static final String SASL_LOGIN_REFRESH_MIN_PERIOD_SECONDS = "sasl.login.refresh.min.period.seconds";
    public static final short DEFAULT_LOGIN_REFRESH_MIN_PERIOD_SECONDS = 60;
    public static final String SASL_LOGIN_REFRESH_BUFFER_SECONDS = "sasl.login.refresh.buffer.seconds";
    public static final short DEFAULT_LOGIN_REFRESH_BUFFER_SECONDS = 300;
    public static final String SASL_LOGIN_CONNECT_TIMEOUT_MS = "sasl.login.connect.timeout.ms";
    public static final String SASL_LOGIN_READ_TIMEOUT_MS = "sasl.login.read.timeout.ms";
    public static final String SASL_LOGIN_RETRY_BACKOFF_MAX_MS = "sasl.login.retry.backoff.max.ms";
    public static final long DEFAULT_SASL_LOGIN_RETRY_BACKOFF_MAX_MS = 10_000L;
    public static final String SASL_LOGIN_RETRY_BACKOFF_MS = "sasl.login.retry.backoff.ms";
    public static final long DEFAULT_SASL_LOGIN_RETRY_BACKOFF_MS = 100L;
    public static final String SASL_OAUTHBEARER_JWT_RETRIEVER_CLASS = "sasl.oauthbearer.jwt.retriever.class";
    public static final String DEFAULT_SASL_OAUTHBEARER_JWT_RETRIEVER_CLASS =
            "org.apache.kafka.common.security.oauthbearer.DefaultJwtRetriever";
    public static final String SASL_OAUTHBEARER_JWT_VALIDATOR_CLASS = "sasl.oauthbearer.jwt.validator.class";
    public static final String DEFAULT_SASL_OAUTHBEARER_JWT_VALIDATOR_CLASS =
            "org.apache.kafka.common.security.oauthbearer.DefaultJwtValidator";
    public static final String SASL_OAUTHBEARER_SCOPE = "sasl.oauthbearer.scope";
    public static final String SASL_OAUTHBEARER_CLIENT_CREDENTIALS_CLIENT_ID =
            "sasl.oauthbearer.client.credentials.client.id";
    public static final String SASL_OAUTHBEARER_CLIENT_CREDENTIALS_CLIENT_SECRET =
            "sasl.oauthbearer.client.credentials.client.secret";
    public static final String SASL_OAUTHBEARER_ASSERTION_ALGORITHM = "sasl.oauthbearer.assertion.algorithm";
    public static final String DEFAULT_SASL_OAUTHBEARER_ASSERTION_ALGORITHM = "RS256";
    public static final String SASL_OAUTHBEARER_ASSERTION_CLAIM_AUD = "sasl.oauthbearer.assertion.claim.aud";
    public static final String SASL_OAUTHBEARER_ASSERTION_CLAIM_EXP_SECONDS =
            "sasl.oauthbearer.assertion.claim.exp.seconds";
    public static final int DEFAULT_SASL_OAUTHBEARER_ASSERTION_CLAIM_EXP_SECONDS = 300;
    public static final String SASL_OAUTHBEARER_ASSERTION_CLAIM_ISS = "sasl.oauthbearer.assertion.claim.iss";
    public static final String SASL_OAUTHBEARER_ASSERTION_CLAIM_JTI_INCLUDE =
            "sasl.oauthbearer.assertion.claim.jti.include";
    public static final boolean DEFAULT_SASL_OAUTHBEARER_ASSERTION_CLAIM_JTI_INCLUDE = false;
    public static final String SASL_OAUTHBEARER_ASSERTION_CLAIM_NBF_SECONDS =
            "sasl.oauthbearer.assertion.claim.nbf.seconds";
    public static final int DEFAULT_SASL_OAUTHBEARER_ASSERTION_CLAIM_NBF_SECONDS = 60;
    public static final String SASL_OAUTHBEARER_ASSERTION_CLAIM_SUB = "sasl.oauthbearer.assertion.claim.sub";
    public static final String SASL_OAUTHBEARER_ASSERTION_FILE = "sasl.oauthbearer.assertion.file";
    public static final String SASL_OAUTHBEARER_ASSERTION_PRIVATE_KEY_FILE =
            "sasl.oauthbearer.assertion.private.key.file";
    public static final String SASL_OAUTHBEARER_ASSERTION_PRIVATE_KEY_PASSPHRASE =
            "sasl.oauthbearer.assertion.private.key.passphrase";
    public static final String SASL_OAUTHBEARER_ASSERTION_TEMPLATE_FILE = "sasl.oauthbearer.assertion.template.file";
    public static final String SASL_OAUTHBEARER_SCOPE_CLAIM_NAME = "sasl.oauthbearer.scope.claim.name";
    public static final String DEFAULT_SASL_OAUTHBEARER_SCOPE_CLAIM_NAME = "scope";
    public static final String SASL_OAUTHBEARER_SUB_CLAIM_NAME = "sasl.oauthbearer.sub.claim.name";
    public static final String DEFAULT_SASL_OAUTHBEARER_SUB_CLAIM_NAME = "sub";
    public static final String SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL = "sasl.oauthbearer.token.endpoint.url";
    public static final String SASL_OAUTHBEARER_JWKS_ENDPOINT_URL = "sasl.oauthbearer.jwks.endpoint.url";
    public static final String SASL_OAUTHBEARER_JWKS_ENDPOINT_REFRESH_MS = "sasl.oauthbearer.jwks.endpoint.refresh.ms";
    public static final long DEFAULT_SASL_OAUTHBEARER_JWKS_ENDPOINT_REFRESH_MS = 3_600_000L;
    public static final String SASL_OAUTHBEARER_JWKS_ENDPOINT_RETRY_BACKOFF_MAX_MS =
            "sasl.oauthbearer.jwks.endpoint.retry.backoff.max.ms";
    public static final long DEFAULT_SASL_OAUTHBEARER_JWKS_ENDPOINT_RETRY_BACKOFF_MAX_MS = 10_000L;
    public static final String SASL_OAUTHBEARER_JWKS_ENDPOINT_RETRY_BACKOFF_MS =
            "sasl.oauthbearer.jwks.endpoint.retry.backoff.ms";
    public static final long DEFAULT_SASL_OAUTHBEARER_JWKS_ENDPOINT_RETRY_BACKOFF_MS = 100L;
    public static final String SASL_OAUTHBEARER_CLOCK_SKEW_SECONDS = "sasl.oauthbearer.clock.skew.seconds";
    public static final int DEFAULT_SASL_OAUTHBEARER_CLOCK_SKEW_SECONDS = 30;
    public static final String SASL_OAUTHBEARER_EXPECTED_AUDIENCE = "sasl.oauthbearer.expected.audience";
    public static final String SASL_OAUTHBEARER_EXPECTED_ISSUER = "sasl.oauthbearer.expected.issuer";
    public static final String SASL_OAUTHBEARER_HEADER_URLENCODE = "sasl.oauthbearer.header.urlencode";
    public static final boolean DEFAULT_SASL_OAUTHBEARER_HEADER_URLENCODE = false;
}
