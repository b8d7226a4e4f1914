package io.samsa.security;

import io.samsa.common.serialization.StringSerializer;
import io.samsa.common.config.ConfigException;
import io.samsa.common.config.LogCapture;
import io.samsa.common.config.types.Password;
import io.samsa.kafka.embedded.TestCertificates;
import io.samsa.clients.producer.KafkaProducer;
import io.samsa.clients.producer.ProducerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Client key material without a broker: encrypted PEM keys (OpenSSL's and the JDK's encodings), JKS key stores
 * whose key has its own password, and the errors for missing and wrong passwords, which must name the key to fix
 * and never show a password. The handshakes themselves are in {@code SecurityIT}.
 */
class SslEngineFactoryTest {
    /** The password of the OpenSSL-made keys under {@code io/samsa/security/pem} (see the README there). */
    private static final String OPENSSL_KEY_PASSWORD = "kEy-Pa55";
    private static final String PEM_KEY_PASSWORD = "pem-Key-Pa55word";
    private static final String WRONG = "Wr0ng-Pa55word";

    private static TestCertificates certs;

    @BeforeAll
    static void certificates() throws IOException {
        certs = TestCertificates.generate(Files.createTempDirectory("samsa-ssl-factory-test"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SslEngineFactoryTest.class.getResourceAsStream("pem/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static ConfigException configError(Runnable r) {
        return catchThrowableOfType(ConfigException.class, r::run);
    }

    // ---- PEM private keys ----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"ec-pbes2-aes256-sha256.pem", "ec-pbes2-aes128-sha512.pem", "ec-pbes1-sha1-3des.pem"})
    void decryptsOpenSslEncryptedKeysToTheSameKey(String file) throws IOException {
        PrivateKey plain = SslEngineFactory.parsePrivateKey(resource("ec-plain.pem"), null, "ssl.keystore.key");
        PrivateKey decrypted = SslEngineFactory.parsePrivateKey(resource(file), new Password(OPENSSL_KEY_PASSWORD),
                "ssl.keystore.key");
        assertThat(decrypted.getAlgorithm()).isEqualTo("EC");
        assertThat(decrypted.getEncoded()).isEqualTo(plain.getEncoded());
    }

    @Test
    void encryptedKeyWithoutPasswordNamesSslKeyPassword() throws IOException {
        ConfigException e = configError(() -> {
            try {
                SslEngineFactory.parsePrivateKey(resource("ec-pbes2-aes256-sha256.pem"), null, "ssl.keystore.key");
            } catch (IOException io) {
                throw new AssertionError(io);
            }
        });
        assertThat(e.configName()).isEqualTo("ssl.key.password");
        assertThat(e).hasMessageContaining("ssl.keystore.key is encrypted").hasMessageContaining("set ssl.key.password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec-pbes2-aes256-sha256.pem", "ec-pbes2-aes128-sha512.pem", "ec-pbes1-sha1-3des.pem"})
    void wrongPasswordNamesSslKeyPasswordAndHidesBothPasswords(String file) throws IOException {
        String pem = resource(file);
        ConfigException e = configError(() -> SslEngineFactory.parsePrivateKey(pem, new Password(WRONG),
                "ssl.keystore.key"));
        assertThat(e.configName()).isEqualTo("ssl.key.password");
        assertThat(e).hasMessageContaining("wrong password").hasMessageContaining("ssl.keystore.key")
                .hasMessageContaining("[hidden]")
                .hasMessageNotContaining(WRONG).hasMessageNotContaining(OPENSSL_KEY_PASSWORD);
        assertThat(String.valueOf(e.getCause())).doesNotContain(WRONG).doesNotContain(OPENSSL_KEY_PASSWORD);
    }

    @Test
    void anEncryptionTheJdkLacksNamesTheKeyNotThePassword() throws IOException {
        String pem = resource("ec-scrypt.pem");
        ConfigException e = configError(() -> SslEngineFactory.parsePrivateKey(pem,
                new Password(OPENSSL_KEY_PASSWORD), "ssl.keystore.key"));
        assertThat(e.configName()).isEqualTo("ssl.keystore.key");
        assertThat(e).hasMessageContaining("cannot decrypt").hasMessageContaining("openssl pkcs8 -topk8 -v2 aes-256-cbc")
                .hasMessageNotContaining(OPENSSL_KEY_PASSWORD);
    }

    @Test
    void jdkEncryptedInlinePemKeyBuildsAnSslContextAndWrongPasswordFailsTheProducerConstructor() {
        String chain = certs.clientCertificateChainPem();
        String key = certs.clientPrivateKeyPem(PEM_KEY_PASSWORD);
        assertThat(key).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        Map<String, Object> c = sslConfig();
        c.put("ssl.keystore.type", "PEM");
        c.put("ssl.keystore.certificate.chain", chain);
        c.put("ssl.keystore.key", key);
        c.put("ssl.key.password", PEM_KEY_PASSWORD);
        SecurityConfig security = new ProducerConfig(c).securityConfig();
        assertThat(security.ssl().createClientEngine("localhost", 9093).getUseClientMode()).isTrue();
        assertThat(new ProducerConfig(c).toString()).doesNotContain(PEM_KEY_PASSWORD).doesNotContain("PRIVATE KEY");

        c.put("ssl.key.password", WRONG);
        String logged = LogCapture.during(() -> {
            ConfigException e = configError(() -> new KafkaProducer<String, String>(c).close());
            assertThat(e.configName()).isEqualTo("ssl.key.password");
            assertThat(e).hasMessageContaining("wrong password").hasMessageNotContaining(WRONG)
                    .hasMessageNotContaining(PEM_KEY_PASSWORD);
        });
        assertThat(logged).doesNotContain(WRONG).doesNotContain(PEM_KEY_PASSWORD);

        c.remove("ssl.key.password");
        assertThat(configError(() -> new KafkaProducer<String, String>(c).close()).configName())
                .isEqualTo("ssl.key.password");
    }

    @Test
    void encryptedPemKeyStoreFile() throws IOException {
        Path file = certs.directory().resolve("client-encrypted.pem");
        Files.writeString(file, certs.clientPrivateKeyPem(PEM_KEY_PASSWORD) + certs.clientCertificateChainPem());
        Map<String, Object> c = sslConfig();
        c.put("ssl.keystore.type", "PEM");
        c.put("ssl.keystore.location", file.toString());
        c.put("ssl.key.password", PEM_KEY_PASSWORD);
        assertThat(new ProducerConfig(c).securityConfig().ssl()).isNotNull();
        c.put("ssl.key.password", WRONG);
        ConfigException e = configError(() -> new ProducerConfig(c).securityConfig());
        assertThat(e.configName()).isEqualTo("ssl.key.password");
        assertThat(e).hasMessageContaining(file.toString()).hasMessageNotContaining(WRONG);
    }

    // ---- JKS key stores ------------------------------------------------------------------------------------

    @Test
    void jksKeyStoreWithItsOwnKeyPassword() {
        Map<String, Object> c = jksKeystoreConfig();
        assertThat(new ProducerConfig(c).securityConfig().ssl()).isNotNull();
    }

    @Test
    void wrongJksKeyStorePasswordNamesThePasswordKeyAndTheFile() {
        Map<String, Object> c = jksKeystoreConfig();
        c.put("ssl.keystore.password", WRONG);
        String logged = LogCapture.during(() -> {
            ConfigException e = configError(() -> new KafkaProducer<String, String>(c).close());
            assertThat(e.configName()).isEqualTo("ssl.keystore.password");
            assertThat(e).hasMessageContaining("wrong password for " + certs.clientKeystoreJks())
                    .hasMessageNotContaining(WRONG).hasMessageNotContaining(TestCertificates.PASSWORD);
        });
        assertThat(logged).doesNotContain(WRONG);
    }

    @Test
    void jksKeyWithoutOrWithWrongKeyPasswordNamesWhichPassword() {
        Map<String, Object> c = jksKeystoreConfig();
        c.remove("ssl.key.password"); // the store password is then tried for the key, and is not its password
        ConfigException e = configError(() -> new ProducerConfig(c).securityConfig());
        assertThat(e.configName()).isEqualTo("ssl.keystore.password");
        assertThat(e).hasMessageContaining("cannot recover the private key in " + certs.clientKeystoreJks())
                .hasMessageContaining("set it if the key has its own password")
                .hasMessageNotContaining(TestCertificates.PASSWORD);

        c.put("ssl.key.password", WRONG);
        e = configError(() -> new ProducerConfig(c).securityConfig());
        assertThat(e.configName()).isEqualTo("ssl.key.password");
        assertThat(e).hasMessageContaining(certs.clientKeystoreJks().toString()).hasMessageNotContaining(WRONG);
    }

    @Test
    void missingKeyStoreFileNamesTheLocation() {
        Map<String, Object> c = jksKeystoreConfig();
        c.put("ssl.keystore.location", certs.directory().resolve("no-such.jks").toString());
        ConfigException e = configError(() -> new ProducerConfig(c).securityConfig());
        assertThat(e.configName()).isEqualTo("ssl.keystore.location");
        assertThat(e).hasMessageContaining("no-such.jks").hasMessageContaining("no such file");
    }

    @Test
    void newPasswordKeysNeverShowInToString() {
        Map<String, Object> c = jksKeystoreConfig();
        c.put("ssl.truststore.password", "trust-" + WRONG);
        String text = new ProducerConfig(c).toString() + new ProducerConfig(c).values();
        assertThat(text).doesNotContain(TestCertificates.PASSWORD).doesNotContain(TestCertificates.JKS_KEY_PASSWORD)
                .doesNotContain(WRONG).contains("ssl.key.password=[hidden]");
    }

    private static Map<String, Object> sslConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", "localhost:9093");
        c.put("security.protocol", "SSL");
        c.put("key.serializer", StringSerializer.class);
        c.put("value.serializer", StringSerializer.class);
        c.put("ssl.truststore.type", "JKS");
        c.put("ssl.truststore.location", certs.truststoreJks().toString());
        c.put("ssl.truststore.password", TestCertificates.PASSWORD);
        return c;
    }

    private static Map<String, Object> jksKeystoreConfig() {
        Map<String, Object> c = sslConfig();
        c.put("ssl.keystore.type", "JKS");
        c.put("ssl.keystore.location", certs.clientKeystoreJks().toString());
        c.put("ssl.keystore.password", TestCertificates.PASSWORD);
        c.put("ssl.key.password", TestCertificates.JKS_KEY_PASSWORD);
        return c;
    }
}
