package io.samsa.clients.producer;

import io.samsa.common.serialization.StringSerializer;
import io.samsa.common.config.ConfigException;
import io.samsa.common.config.LogCapture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A {@code sasl.mechanism} Samsa does not implement fails in the {@link KafkaProducer} constructor, naming the
 * key and the supported values, before any connection or thread: no broker is needed (nothing listens on the
 * bootstrap address, and the constructor must not try it).
 */
class SaslMechanismConfigTest {
    private static final String SECRET = "s3cret-Pa55word";

    @ParameterizedTest
    @CsvSource({
            "GSSAPI, SASL_PLAINTEXT, com.sun.security.auth.module.Krb5LoginModule, GSSAPI (Kerberos)",
            "OAUTHBEARER, SASL_SSL, org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule, OAUTHBEARER",
            "DIGEST-MD5, SASL_PLAINTEXT, org.apache.kafka.common.security.plain.PlainLoginModule, must be one of",
            "SCRAM-SHA-1, SASL_SSL, org.apache.kafka.common.security.scram.ScramLoginModule, must be one of",
            "gssapi, SASL_PLAINTEXT, com.sun.security.auth.module.Krb5LoginModule, GSSAPI (Kerberos)",
    })
    void unsupportedMechanismFailsTheConstructorNamingKeyAndSupportedValues(String mechanism, String protocol,
                                                                            String module, String reason) {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", "127.0.0.1:1");
        c.put("key.serializer", StringSerializer.class);
        c.put("value.serializer", StringSerializer.class);
        c.put("security.protocol", protocol);
        c.put("sasl.mechanism", mechanism);
        c.put("sasl.jaas.config", module + " required username=\"alice\" password=\"" + SECRET + "\";");
        AtomicReference<ConfigException> error = new AtomicReference<>();
        String logged = LogCapture.during(() -> error.set(catchThrowableOfType(
                ConfigException.class, () -> new KafkaProducer<String, String>(c).close())));
        ConfigException e = error.get();
        assertThat(e).as("KafkaProducer constructor with sasl.mechanism=%s", mechanism).isNotNull();
        assertThat(e.configName()).isEqualTo("sasl.mechanism");
        assertThat(e).hasMessageContaining("'" + mechanism + "'").hasMessageContaining(reason)
                .hasMessageContaining("PLAIN").hasMessageContaining("SCRAM-SHA-256")
                .hasMessageContaining("SCRAM-SHA-512").hasMessageNotContaining(SECRET);
        assertThat(logged).doesNotContain(SECRET);
        // The builder's credentials shortcut refuses it the same way.
        assertThatThrownBy(() -> ProducerConfig.builder().saslCredentials(mechanism, "alice", SECRET))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'sasl.mechanism'")
                .hasMessageNotContaining(SECRET);
    }

    @ParameterizedTest
    @CsvSource({"GSSAPI", "OAUTHBEARER"})
    void anUnusedMechanismIsIgnoredWithoutSasl(String mechanism) {
        // As Apache's client: sasl.* means nothing to PLAINTEXT/SSL, so it does not stop the producer.
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", "127.0.0.1:1");
        c.put("key.serializer", StringSerializer.class);
        c.put("value.serializer", StringSerializer.class);
        c.put("sasl.mechanism", mechanism);
        assertThat(new ProducerConfig(c).getString("sasl.mechanism")).isEqualTo(mechanism);
    }
}
