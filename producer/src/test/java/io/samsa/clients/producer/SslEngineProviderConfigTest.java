package io.samsa.clients.producer;

import io.samsa.common.serialization.StringSerializer;
import io.samsa.common.config.ConfigException;
import io.samsa.kafka.embedded.TestCertificates;
import io.samsa.security.SslEngineFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code ssl.engine.factory.class} in the config table, without a broker (the handshakes through a custom
 * provider are in {@code SecurityIT}): what is accepted, what fails and how, and when the provider is made.
 */
class SslEngineProviderConfigTest {
    private static TestCertificates certs;

    @BeforeAll
    static void certificates() throws IOException {
        certs = TestCertificates.generate(Files.createTempDirectory("samsa-ssl-provider-test"));
    }

    @BeforeEach
    void reset() {
        PinnedCaEngineProvider.reset();
    }

    private static Map<String, Object> config(String protocol) {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", "127.0.0.1:1");
        c.put("key.serializer", StringSerializer.class);
        c.put("value.serializer", StringSerializer.class);
        c.put("security.protocol", protocol);
        return c;
    }

    @Test
    void customProviderIsMadeAndConfiguredForTlsOnly() throws IOException {
        Map<String, Object> c = config("SSL");
        c.put("ssl.engine.factory.class", PinnedCaEngineProvider.class);
        c.put(PinnedCaEngineProvider.TRUSTED_CA_PEM, Files.readString(certs.caCertificatePem()));
        assertThat(new ProducerConfig(c).securityConfig().ssl()).isInstanceOf(PinnedCaEngineProvider.class);
        assertThat(PinnedCaEngineProvider.CONFIGURED.get()).isEqualTo(1);
        assertThat(new ProducerConfig(c).securityConfig().ssl().createClientEngine("localhost", 9093)
                .getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");

        PinnedCaEngineProvider.reset();
        c.put("security.protocol", "PLAINTEXT");
        assertThat(new ProducerConfig(c).securityConfig().ssl()).isNull();
        assertThat(PinnedCaEngineProvider.CONFIGURED.get()).as("not made without TLS").isZero();
    }

    @Test
    void aClassThatIsNotAProviderIsRejectedNamingTheKeyAndTheInterface() {
        Map<String, Object> c = config("SSL");
        c.put("ssl.engine.factory.class", String.class.getName());
        assertThatThrownBy(() -> new ProducerConfig(c)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'ssl.engine.factory.class'")
                .hasMessageContaining("does not implement io.samsa.security.SslEngineProvider");
        c.put("ssl.engine.factory.class", "com.example.NoSuchFactory");
        assertThatThrownBy(() -> new ProducerConfig(c)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'ssl.engine.factory.class'").hasMessageContaining("com.example.NoSuchFactory");
    }

    @Test
    void aFailingConfigureFailsTheConstructorNamingTheKeyAndClosesTheProvider() {
        Map<String, Object> c = config("SSL");
        c.put("ssl.engine.factory.class", PinnedCaEngineProvider.class.getName()); // without its own key
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new KafkaProducer<String, String>(c).close());
        assertThat(e).isNotNull();
        assertThat(e.configName()).isEqualTo("ssl.engine.factory.class");
        assertThat(e).hasMessageContaining("configure method of " + PinnedCaEngineProvider.class.getName())
                .hasMessageContaining(PinnedCaEngineProvider.TRUSTED_CA_PEM + " is not set");
        assertThat(PinnedCaEngineProvider.CLOSED.get()).isEqualTo(1);
    }

    @Test
    void theBuiltInFactoryByNameAndApachesDefaultByNameBuildFromTheSslKeys() {
        for (String name : new String[]{SslEngineFactory.class.getName(),
                "org.apache.kafka.common.security.ssl.DefaultSslEngineFactory"}) {
            Map<String, Object> c = config("SSL");
            c.put("ssl.engine.factory.class", name);
            c.put("ssl.truststore.location", certs.truststoreJks().toString());
            c.put("ssl.truststore.password", TestCertificates.PASSWORD);
            assertThat(new ProducerConfig(c).securityConfig().ssl()).as(name).isInstanceOf(SslEngineFactory.class);
            // Built from the ssl.* keys: a wrong trust store password shows it read them.
            c.put("ssl.truststore.password", "wrong-Pa55");
            assertThatThrownBy(() -> new ProducerConfig(c).securityConfig())
                    .hasMessageContaining("'ssl.truststore.password'").hasMessageNotContaining("wrong-Pa55");
        }
    }
}
