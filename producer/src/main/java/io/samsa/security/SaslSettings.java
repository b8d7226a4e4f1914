package io.samsa.security;

import io.samsa.common.config.ConfigException;
import io.samsa.common.config.types.Password;

import java.util.Locale;

/**
 * What a SASL connection needs: the mechanism and the credentials, from {@code sasl.mechanism} and
 * {@code sasl.jaas.config}. Immutable; {@link #toString()} never shows the password.
 */
public final class SaslSettings {
    public static final String PLAIN_LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    public static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private final SaslMechanism mechanism;
    private final String username;
    private final String password;
    private final boolean tokenAuth;

    private SaslSettings(SaslMechanism mechanism, String username, String password, boolean tokenAuth) {
        this.mechanism = mechanism;
        this.username = username;
        this.password = password;
        this.tokenAuth = tokenAuth;
    }

    /** Credentials given directly. */
    public static SaslSettings of(SaslMechanism mechanism, String username, String password) {
        if (username == null || password == null) {
            throw new IllegalArgumentException("SASL username and password must not be null");
        }
        return new SaslSettings(mechanism, username, password, false);
    }

    /**
     * From the two config values.
     *
     * @throws ConfigException naming the key: an unsupported or mismatched mechanism, a malformed JAAS entry,
     *         a missing username or password (never showing the password)
     */
    public static SaslSettings fromConfig(String mechanismName, Password jaas) {
        SaslMechanism mechanism = mechanism(mechanismName);
        if (jaas == null || jaas.value() == null) {
            throw new ConfigException("sasl.jaas.config", null, "a SASL security.protocol needs the login, e.g. "
                    + (mechanism == SaslMechanism.PLAIN ? PLAIN_LOGIN_MODULE : SCRAM_LOGIN_MODULE)
                    + " required username=\"...\" password=\"...\";");
        }
        JaasConfig entry = JaasConfig.parse(jaas.value());
        String simple = entry.loginModule().substring(entry.loginModule().lastIndexOf('.') + 1);
        boolean plainModule = simple.equals("PlainLoginModule");
        boolean scramModule = simple.equals("ScramLoginModule");
        if (!plainModule && !scramModule) {
            throw JaasConfig.error("login module " + entry.loginModule() + " is not supported; Samsa supports "
                    + PLAIN_LOGIN_MODULE + " (sasl.mechanism=PLAIN) and " + SCRAM_LOGIN_MODULE
                    + " (sasl.mechanism=SCRAM-SHA-256 or SCRAM-SHA-512)");
        }
        if (plainModule != (mechanism == SaslMechanism.PLAIN)) {
            throw JaasConfig.error("login module " + simple + " does not go with sasl.mechanism="
                    + mechanism.mechanismName() + " (PLAIN needs PlainLoginModule, SCRAM-* needs ScramLoginModule)");
        }
        String user = entry.options().get("username");
        String pass = entry.options().get("password");
        if (user == null || user.isEmpty()) {
            throw JaasConfig.error("option 'username' is missing or empty");
        }
        if (pass == null) {
            throw JaasConfig.error("option 'password' is missing");
        }
        boolean tokenAuth = "true".equalsIgnoreCase(entry.options().getOrDefault("tokenauth", "false"));
        if (tokenAuth && mechanism == SaslMechanism.PLAIN) {
            throw JaasConfig.error("option 'tokenauth' (delegation tokens) needs a SCRAM mechanism");
        }
        return new SaslSettings(mechanism, user, pass, tokenAuth);
    }

    /** The mechanism for a {@code sasl.mechanism} value, rejecting the ones Samsa does not implement by name. */
    public static SaslMechanism mechanism(String name) {
        if (name == null) {
            throw new ConfigException("sasl.mechanism", null, "must be set for a SASL security.protocol");
        }
        SaslMechanism m = SaslMechanism.forName(name);
        if (m != null) {
            return m;
        }
        String upper = name.trim().toUpperCase(Locale.ROOT);
        String why = switch (upper) {
            case "GSSAPI" -> "GSSAPI (Kerberos) is Apache Kafka's default but is not supported by Samsa; set "
                    + "sasl.mechanism to PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512";
            case "OAUTHBEARER" -> "OAUTHBEARER is not supported by Samsa yet; use PLAIN, SCRAM-SHA-256 or "
                    + "SCRAM-SHA-512";
            default -> "must be one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512";
        };
        throw new ConfigException("sasl.mechanism", name, why);
    }

    public SaslMechanism mechanism() {
        return mechanism;
    }

    public String username() {
        return username;
    }

    /** A fresh client for one (re-)authentication. */
    public SaslClient newClient() {
        return mechanism == SaslMechanism.PLAIN ? new PlainSaslClient(username, password)
                : new ScramSaslClient(mechanism, username, password, tokenAuth);
    }

    @Override
    public String toString() {
        return "SaslSettings(" + mechanism.mechanismName() + ", user=" + username + ", password=" + Password.HIDDEN
                + (tokenAuth ? ", tokenauth" : "") + ")";
    }
}
