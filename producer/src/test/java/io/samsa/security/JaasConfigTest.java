package io.samsa.security;

import io.samsa.common.serialization.StringSerializer;
import io.samsa.common.config.ConfigException;
import io.samsa.common.config.types.Password;
import io.samsa.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JaasConfigTest {
    private static final String SECRET = "Tr0ub4dor&3";

    @Test
    void parsesKafkasSyntax() {
        JaasConfig c = JaasConfig.parse("org.apache.kafka.common.security.scram.ScramLoginModule required\n"
                + "  username=\"alice\"   password=\"" + SECRET + "\" tokenauth=true ;  ");
        assertThat(c.loginModule()).isEqualTo(SaslSettings.SCRAM_LOGIN_MODULE);
        assertThat(c.flag()).isEqualTo("required");
        assertThat(c.options()).containsExactly(Map.entry("username", "alice"), Map.entry("password", SECRET),
                Map.entry("tokenauth", "true"));
        assertThat(c.toString()).doesNotContain(SECRET).contains("password");
    }

    @Test
    void quotedValuesKeepSpacesSemicolonsAndEscapes() {
        JaasConfig c = JaasConfig.parse("x.PlainLoginModule Required username=\"a b;c\" password=\"q\\\"uo\\\\te\\n\";");
        assertThat(c.options().get("username")).isEqualTo("a b;c");
        assertThat(c.options().get("password")).isEqualTo("q\"uo\\te\n");
        assertThat(c.flag()).isEqualTo("required");
        assertThat(JaasConfig.parse("a.B optional p=\"\";").options().get("p")).isEmpty();
    }

    @Test
    void errorsNameTheProblemNeverTheValue() {
        String unclosed = "a.PlainLoginModule required username=\"u\" password=\"" + SECRET + ";";
        assertThatThrownBy(() -> JaasConfig.parse(unclosed)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'sasl.jaas.config'").hasMessageContaining("option 'password'")
                .hasMessageContaining("not closed").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> JaasConfig.parse("a.B required password=" + SECRET))
                .hasMessageContaining("must end with ';'").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> JaasConfig.parse("a.B mandatory password=\"" + SECRET + "\";"))
                .hasMessageContaining("control flag").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> JaasConfig.parse("a.B required password=\"x\"; c.D required;"))
                .hasMessageContaining("only one login module");
        assertThatThrownBy(() -> JaasConfig.parse("a.B required password=\"x\" password=\"y\";"))
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> JaasConfig.parse("a.B required username;"))
                .hasMessageContaining("option 'username'").hasMessageContaining("no '=value'");
        assertThatThrownBy(() -> JaasConfig.parse("  ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> JaasConfig.parse("1bad required;")).hasMessageContaining("not a Java class name");
    }

    @Test
    void settingsCheckModuleAgainstMechanismAndRequiredOptions() {
        String scram = SaslSettings.SCRAM_LOGIN_MODULE + " required username=\"u\" password=\"" + SECRET + "\";";
        assertThat(SaslSettings.fromConfig("scram-sha-512", new Password(scram)).mechanism())
                .isEqualTo(SaslMechanism.SCRAM_SHA_512);
        assertThatThrownBy(() -> SaslSettings.fromConfig("PLAIN", new Password(scram)))
                .hasMessageContaining("ScramLoginModule does not go with sasl.mechanism=PLAIN")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> SaslSettings.fromConfig("PLAIN", new Password(SaslSettings.PLAIN_LOGIN_MODULE
                + " required username=\"u\";"))).hasMessageContaining("'password' is missing");
        assertThatThrownBy(() -> SaslSettings.fromConfig("PLAIN", new Password(
                "com.sun.security.auth.module.Krb5LoginModule required;"))).hasMessageContaining("not supported");
        assertThatThrownBy(() -> SaslSettings.fromConfig("GSSAPI", new Password(scram)))
                .hasMessageContaining("'sasl.mechanism'").hasMessageContaining("GSSAPI (Kerberos)");
        assertThatThrownBy(() -> SaslSettings.fromConfig("OAUTHBEARER", new Password(scram)))
                .hasMessageContaining("OAUTHBEARER is not supported");
        assertThat(SaslSettings.fromConfig("SCRAM-SHA-256", new Password(scram)).toString())
                .doesNotContain(SECRET).contains("[hidden]");
    }

    @Test
    void producerConfigChecksSaslAtBuildTimeAndHidesSecrets() {
        assertThatThrownBy(() -> ProducerConfig.builder().bootstrapServers("localhost:9092")
                .keySerializer(StringSerializer.class).valueSerializer(StringSerializer.class)
                .securityProtocol("SASL_PLAINTEXT").build()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("GSSAPI");
        ProducerConfig c = ProducerConfig.builder().bootstrapServers("localhost:9092")
                .keySerializer(StringSerializer.class).valueSerializer(StringSerializer.class)
                .securityProtocol("SASL_SSL").saslCredentials("SCRAM-SHA-256", "al\"ice", SECRET)
                .set("ssl.keystore.password", SECRET).set("ssl.truststore.password", SECRET)
                .set("ssl.key.password", SECRET).build();
        assertThat(c.toString()).doesNotContain(SECRET);
        assertThat(c.values().toString()).doesNotContain(SECRET);
        SaslSettings sasl = SaslSettings.fromConfig(c.getString("sasl.mechanism"), c.getPassword("sasl.jaas.config"));
        assertThat(sasl.username()).isEqualTo("al\"ice");
        assertThat(sasl.mechanism()).isEqualTo(SaslMechanism.SCRAM_SHA_256);
    }
}
