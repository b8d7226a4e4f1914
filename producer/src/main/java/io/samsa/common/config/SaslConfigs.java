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

    /** The {@code sasl.mechanism} configuration key. */
    public static final String SASL_MECHANISM = "sasl.mechanism";
    /** The name of the Kerberos SASL mechanism, which Samsa does not support. */
    public static final String GSSAPI_MECHANISM = "GSSAPI";
    /**
     * Apache Kafka's default mechanism, Kerberos, which Samsa keeps as the default so that configurations mean
     * the same, and rejects by name when a SASL protocol is chosen without a mechanism Samsa supports.
     */
    public static final String DEFAULT_SASL_MECHANISM = GSSAPI_MECHANISM;
    /** The {@code sasl.jaas.config} configuration key. */
    public static final String SASL_JAAS_CONFIG = "sasl.jaas.config";

    // ---- Not read by Samsa's producer: login plug-ins, Kerberos and OAUTHBEARER ----

    /** The {@code sasl.client.callback.handler.class} configuration key. */
    public static final String SASL_CLIENT_CALLBACK_HANDLER_CLASS = "sasl.client.callback.handler.class";
    /** The {@code sasl.login.callback.handler.class} configuration key. */
    public static final String SASL_LOGIN_CALLBACK_HANDLER_CLASS = "sasl.login.callback.handler.class";
    /** The {@code sasl.login.class} configuration key. */
    public static final String SASL_LOGIN_CLASS = "sasl.login.class";
    /** The {@code sasl.kerberos.service.name} configuration key. */
    public static final String SASL_KERBEROS_SERVICE_NAME = "sasl.kerberos.service.name";
    /** The {@code sasl.kerberos.kinit.cmd} configuration key. */
    public static final String SASL_KERBEROS_KINIT_CMD = "sasl.kerberos.kinit.cmd";
    /** The default of {@link #SASL_KERBEROS_KINIT_CMD}. */
    public static final String DEFAULT_KERBEROS_KINIT_CMD = "/usr/bin/kinit";
    /** The {@code sasl.kerberos.ticket.renew.window.factor} configuration key. */
    public static final String SASL_KERBEROS_TICKET_RENEW_WINDOW_FACTOR = "sasl.kerberos.ticket.renew.window.factor";
    /** The default of {@link #SASL_KERBEROS_TICKET_RENEW_WINDOW_FACTOR}. */
    public static final double DEFAULT_KERBEROS_TICKET_RENEW_WINDOW_FACTOR = 0.80;
    /** The {@code sasl.kerberos.ticket.renew.jitter} configuration key. */
    public static final String SASL_KERBEROS_TICKET_RENEW_JITTER = "sasl.kerberos.ticket.renew.jitter";
    /** The default of {@link #SASL_KERBEROS_TICKET_RENEW_JITTER}. */
    public static final double DEFAULT_KERBEROS_TICKET_RENEW_JITTER = 0.05;
    /** The {@code sasl.kerberos.min.time.before.relogin} configuration key. */
    public static final String SASL_KERBEROS_MIN_TIME_BEFORE_RELOGIN = "sasl.kerberos.min.time.before.relogin";
    /** The default of {@link #SASL_KERBEROS_MIN_TIME_BEFORE_RELOGIN}. */
    public static final long DEFAULT_KERBEROS_MIN_TIME_BEFORE_RELOGIN = 60_000L;
    /** The {@code sasl.login.refresh.window.factor} configuration key. */
    public static final String SASL_LOGIN_REFRESH_WINDOW_FACTOR = "sasl.login.refresh.window.factor";
    /** The default of {@link #SASL_LOGIN_REFRESH_WINDOW_FACTOR}. */
    public static final double DEFAULT_LOGIN_REFRESH_WINDOW_FACTOR = 0.80;
    /** The {@code sasl.login.refresh.window.jitter} configuration key. */
    public static final String SASL_LOGIN_REFRESH_WINDOW_JITTER = "sasl.login.refresh.window.jitter";
    /** The default of {@link #SASL_LOGIN_REFRESH_WINDOW_JITTER}. */
    public static final double DEFAULT_LOGIN_REFRESH_WINDOW_JITTER = 0.05;
    /** The {@code sasl.login.refresh.min.period.seconds} configuration key. */
    public static final String SASL_LOGIN_REFRESH_MIN_PERIOD_SECONDS = "sasl.login.refresh.min.period.seconds";
    /** The default of {@link #SASL_LOGIN_REFRESH_MIN_PERIOD_SECONDS}. */
    public static final short DEFAULT_LOGIN_REFRESH_MIN_PERIOD_SECONDS = 60;
    /** The {@code sasl.login.refresh.buffer.seconds} configuration key. */
    public static final String SASL_LOGIN_REFRESH_BUFFER_SECONDS = "sasl.login.refresh.buffer.seconds";
    /** The default of {@link #SASL_LOGIN_REFRESH_BUFFER_SECONDS}. */
    public static final short DEFAULT_LOGIN_REFRESH_BUFFER_SECONDS = 300;
    /** The {@code sasl.login.connect.timeout.ms} configuration key. */
    public static final String SASL_LOGIN_CONNECT_TIMEOUT_MS = "sasl.login.connect.timeout.ms";
    /** The {@code sasl.login.read.timeout.ms} configuration key. */
    public static final String SASL_LOGIN_READ_TIMEOUT_MS = "sasl.login.read.timeout.ms";
    /** The {@code sasl.login.retry.backoff.max.ms} configuration key. */
    public static final String SASL_LOGIN_RETRY_BACKOFF_MAX_MS = "sasl.login.retry.backoff.max.ms";
    /** The default of {@link #SASL_LOGIN_RETRY_BACKOFF_MAX_MS}. */
    public static final long DEFAULT_SASL_LOGIN_RETRY_BACKOFF_MAX_MS = 10_000L;
    /** The {@code sasl.login.retry.backoff.ms} configuration key. */
    public static final String SASL_LOGIN_RETRY_BACKOFF_MS = "sasl.login.retry.backoff.ms";
    /** The default of {@link #SASL_LOGIN_RETRY_BACKOFF_MS}. */
    public static final long DEFAULT_SASL_LOGIN_RETRY_BACKOFF_MS = 100L;
    /** The {@code sasl.oauthbearer.jwt.retriever.class} configuration key. */
    public static final String SASL_OAUTHBEARER_JWT_RETRIEVER_CLASS = "sasl.oauthbearer.jwt.retriever.class";
    /** The default of {@link #SASL_OAUTHBEARER_JWT_RETRIEVER_CLASS}. */
    public static final String DEFAULT_SASL_OAUTHBEARER_JWT_RETRIEVER_CLASS =
            "org.apache.kafka.common.security.oauthbearer.DefaultJwtRetriever";
    /** The {@code sasl.oauthbearer.jwt.validator.class} configuration key. */
    public static final String SASL_OAUTHBEARER_JWT_VALIDATOR_CLASS = "sasl.oauthbearer.jwt.validator.class";
    /** The default of {@link #SASL_OAUTHBEARER_JWT_VALIDATOR_CLASS}. */
    public static final String DEFAULT_SASL_OAUTHBEARER_JWT_VALIDATOR_CLASS =
            "org.apache.kafka.common.security.oauthbearer.DefaultJwtValidator";
    /** The {@code sasl.oauthbearer.scope} configuration key. */
    public static final String SASL_OAUTHBEARER_SCOPE = "sasl.oauthbearer.scope";
    /** The {@code sasl.oauthbearer.client.credentials.client.id} configuration key. */
    public static final String SASL_OAUTHBEARER_CLIENT_CREDENTIALS_CLIENT_ID =
            "sasl.oauthbearer.client.credentials.client.id";
    /** The {@code sasl.oauthbearer.client.credentials.client.secret} configuration key. */
    public static final String SASL_OAUTHBEARER_CLIENT_CREDENTIALS_CLIENT_SECRET =
            "sasl.oauthbearer.client.credentials.client.secret";
    /** The {@code sasl.oauthbearer.assertion.algorithm} configuration key. */
    public static final String SASL_OAUTHBEARER_ASSERTION_ALGORITHM = "sasl.oauthbearer.assertion.algorithm";
    /** The default of {@link #SASL_OAUTHBEARER_ASSERTION_ALGORITHM}. */
    public static final String DEFAULT_SASL_OAUTHBEARER_ASSERTION_ALGORITHM = "RS256";
    /** The {@code sasl.oauthbearer.assertion.claim.aud} configuration key. */
    public static final String SASL_OAUTHBEARER_ASSERTION_CLAIM_AUD = "sasl.oauthbearer.assertion.claim.aud";
    /** The {@code sasl.oauthbearer.assertion.claim.exp.seconds} configuration key. */
    public static final String SASL_OAUTHBEARER_ASSERTION_CLAIM_EXP_SECONDS =
            "sasl.oauthbearer.assertion.claim.exp.seconds";
    /** The default of {@link #SASL_OAUTHBEARER_ASSERTION_CLAIM_EXP_SECONDS}. */
    public static final int DEFAULT_SASL_OAUTHBEARER_ASSERTION_CLAIM_EXP_SECONDS = 300;
    /** The {@code sasl.oauthbearer.assertion.claim.iss} configuration key. */
    public static final String SASL_OAUTHBEARER_ASSERTION_CLAIM_ISS = "sasl.oauthbearer.assertion.claim.iss";
    /** The {@code sasl.oauthbearer.assertion.claim.jti.include} configuration key. */
    public static final String SASL_OAUTHBEARER_ASSERTION_CLAIM_JTI_INCLUDE =
            "sasl.oauthbearer.assertion.claim.jti.include";
    /** The default of {@link #SASL_OAUTHBEARER_ASSERTION_CLAIM_JTI_INCLUDE}. */
    public static final boolean DEFAULT_SASL_OAUTHBEARER_ASSERTION_CLAIM_JTI_INCLUDE = false;
    /** The {@code sasl.oauthbearer.assertion.claim.nbf.seconds} configuration key. */
    public static final String SASL_OAUTHBEARER_ASSERTION_CLAIM_NBF_SECONDS =
            "sasl.oauthbearer.assertion.claim.nbf.seconds";
    /** The default of {@link #SASL_OAUTHBEARER_ASSERTION_CLAIM_NBF_SECONDS}. */
    public static final int DEFAULT_SASL_OAUTHBEARER_ASSERTION_CLAIM_NBF_SECONDS = 60;
    /** The {@code sasl.oauthbearer.assertion.claim.sub} configuration key. */
    public static final String SASL_OAUTHBEARER_ASSERTION_CLAIM_SUB = "sasl.oauthbearer.assertion.claim.sub";
    /** The {@code sasl.oauthbearer.assertion.file} configuration key. */
    public static final String SASL_OAUTHBEARER_ASSERTION_FILE = "sasl.oauthbearer.assertion.file";
    /** The {@code sasl.oauthbearer.assertion.private.key.file} configuration key. */
    public static final String SASL_OAUTHBEARER_ASSERTION_PRIVATE_KEY_FILE =
            "sasl.oauthbearer.assertion.private.key.file";
    /** The {@code sasl.oauthbearer.assertion.private.key.passphrase} configuration key. */
    public static final String SASL_OAUTHBEARER_ASSERTION_PRIVATE_KEY_PASSPHRASE =
            "sasl.oauthbearer.assertion.private.key.passphrase";
    /** The {@code sasl.oauthbearer.assertion.template.file} configuration key. */
    public static final String SASL_OAUTHBEARER_ASSERTION_TEMPLATE_FILE = "sasl.oauthbearer.assertion.template.file";
    /** The {@code sasl.oauthbearer.scope.claim.name} configuration key. */
    public static final String SASL_OAUTHBEARER_SCOPE_CLAIM_NAME = "sasl.oauthbearer.scope.claim.name";
    /** The default of {@link #SASL_OAUTHBEARER_SCOPE_CLAIM_NAME}. */
    public static final String DEFAULT_SASL_OAUTHBEARER_SCOPE_CLAIM_NAME = "scope";
    /** The {@code sasl.oauthbearer.sub.claim.name} configuration key. */
    public static final String SASL_OAUTHBEARER_SUB_CLAIM_NAME = "sasl.oauthbearer.sub.claim.name";
    /** The default of {@link #SASL_OAUTHBEARER_SUB_CLAIM_NAME}. */
    public static final String DEFAULT_SASL_OAUTHBEARER_SUB_CLAIM_NAME = "sub";
    /** The {@code sasl.oauthbearer.token.endpoint.url} configuration key. */
    public static final String SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL = "sasl.oauthbearer.token.endpoint.url";
    /** The {@code sasl.oauthbearer.jwks.endpoint.url} configuration key. */
    public static final String SASL_OAUTHBEARER_JWKS_ENDPOINT_URL = "sasl.oauthbearer.jwks.endpoint.url";
    /** The {@code sasl.oauthbearer.jwks.endpoint.refresh.ms} configuration key. */
    public static final String SASL_OAUTHBEARER_JWKS_ENDPOINT_REFRESH_MS = "sasl.oauthbearer.jwks.endpoint.refresh.ms";
    /** The default of {@link #SASL_OAUTHBEARER_JWKS_ENDPOINT_REFRESH_MS}. */
    public static final long DEFAULT_SASL_OAUTHBEARER_JWKS_ENDPOINT_REFRESH_MS = 3_600_000L;
    /** The {@code sasl.oauthbearer.jwks.endpoint.retry.backoff.max.ms} configuration key. */
    public static final String SASL_OAUTHBEARER_JWKS_ENDPOINT_RETRY_BACKOFF_MAX_MS =
            "sasl.oauthbearer.jwks.endpoint.retry.backoff.max.ms";
    /** The default of {@link #SASL_OAUTHBEARER_JWKS_ENDPOINT_RETRY_BACKOFF_MAX_MS}. */
    public static final long DEFAULT_SASL_OAUTHBEARER_JWKS_ENDPOINT_RETRY_BACKOFF_MAX_MS = 10_000L;
    /** The {@code sasl.oauthbearer.jwks.endpoint.retry.backoff.ms} configuration key. */
    public static final String SASL_OAUTHBEARER_JWKS_ENDPOINT_RETRY_BACKOFF_MS =
            "sasl.oauthbearer.jwks.endpoint.retry.backoff.ms";
    /** The default of {@link #SASL_OAUTHBEARER_JWKS_ENDPOINT_RETRY_BACKOFF_MS}. */
    public static final long DEFAULT_SASL_OAUTHBEARER_JWKS_ENDPOINT_RETRY_BACKOFF_MS = 100L;
    /** The {@code sasl.oauthbearer.clock.skew.seconds} configuration key. */
    public static final String SASL_OAUTHBEARER_CLOCK_SKEW_SECONDS = "sasl.oauthbearer.clock.skew.seconds";
    /** The default of {@link #SASL_OAUTHBEARER_CLOCK_SKEW_SECONDS}. */
    public static final int DEFAULT_SASL_OAUTHBEARER_CLOCK_SKEW_SECONDS = 30;
    /** The {@code sasl.oauthbearer.expected.audience} configuration key. */
    public static final String SASL_OAUTHBEARER_EXPECTED_AUDIENCE = "sasl.oauthbearer.expected.audience";
    /** The {@code sasl.oauthbearer.expected.issuer} configuration key. */
    public static final String SASL_OAUTHBEARER_EXPECTED_ISSUER = "sasl.oauthbearer.expected.issuer";
    /** The {@code sasl.oauthbearer.header.urlencode} configuration key. */
    public static final String SASL_OAUTHBEARER_HEADER_URLENCODE = "sasl.oauthbearer.header.urlencode";
    /** The default of {@link #SASL_OAUTHBEARER_HEADER_URLENCODE}. */
    public static final boolean DEFAULT_SASL_OAUTHBEARER_HEADER_URLENCODE = false;
}
