package io.samsa.clients.producer;

import io.samsa.clients.producer.internals.ProducerMetrics;
import io.samsa.clients.producer.internals.ProducerMetrics.Definition;
import io.samsa.common.Node;
import io.samsa.common.utils.Time;
import io.samsa.common.serialization.StringSerializer;
import io.samsa.common.config.LogCapture;
import io.samsa.common.errors.ClusterAuthorizationException;
import io.samsa.common.errors.SaslAuthenticationException;
import io.samsa.common.errors.SslAuthenticationException;
import io.samsa.common.errors.TopicAuthorizationException;
import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.kafka.embedded.Listener;
import io.samsa.kafka.embedded.SecurityProtocol;
import io.samsa.kafka.embedded.TestCertificates;
import io.samsa.metrics.MetricConfig;
import io.samsa.network.NetworkClient;
import io.samsa.protocol.MetadataRequest;
import io.samsa.protocol.MetadataResponse;
import io.samsa.security.SaslMechanism;
import io.samsa.security.SaslSettings;
import io.samsa.security.SecurityConfig;
import io.samsa.testsupport.KafkaClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS, SASL and ACLs against a real broker: one cluster with a listener per case, test certificates made at
 * test time, SCRAM users created through the Admin API and Kafka's {@code StandardAuthorizer} with ACLs. The
 * admin agent, the inter-broker traffic and the read-back consumer use the PLAINTEXT listener, whose anonymous
 * principal is a super user.
 */
class SecurityIT {
    private static final String ALICE_PASSWORD = "alice-Pa55-secret";
    private static final String CAROL_PASSWORD = "carol-Pa55-secret";
    private static final String WRONG_PASSWORD = "not-alices-passw0rd";
    /** Long enough that a test passing within its bounded waits proves the failure did not wait for it. */
    private static final int DELIVERY_TIMEOUT_MS = 600_000;

    private static Path dir;
    private static TestCertificates certs;
    private static EmbeddedKafkaCluster kafka;
    private static final AtomicInteger TOPICS = new AtomicInteger();

    @BeforeAll
    static void startCluster() throws Exception {
        dir = Files.createTempDirectory("samsa-security-it");
        certs = TestCertificates.generate(dir.resolve("certs"));
        Map<String, String> ssl = new LinkedHashMap<>();
        ssl.put("ssl.keystore.type", "PKCS12");
        ssl.put("ssl.keystore.location", certs.brokerKeystore().toString());
        ssl.put("ssl.keystore.password", TestCertificates.PASSWORD);
        ssl.put("ssl.key.password", TestCertificates.PASSWORD);
        ssl.put("ssl.truststore.type", "PKCS12");
        ssl.put("ssl.truststore.location", certs.truststore().toString());
        ssl.put("ssl.truststore.password", TestCertificates.PASSWORD);
        Map<String, String> sasl = new LinkedHashMap<>();
        sasl.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512");
        sasl.put("plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "user_alice=\"" + ALICE_PASSWORD + "\" user_carol=\"" + CAROL_PASSWORD + "\";");
        sasl.put("scram-sha-256.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        sasl.put("scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        Map<String, String> wrongHost = new LinkedHashMap<>(ssl);
        wrongHost.put("ssl.keystore.location", certs.wrongHostBrokerKeystore().toString());
        Map<String, String> mtls = new LinkedHashMap<>(ssl);
        mtls.put("ssl.client.auth", "required");
        Map<String, String> saslSsl = new LinkedHashMap<>(ssl);
        saslSsl.putAll(sasl);
        // A listener that enables only SCRAM-SHA-512 (Kafka reads sasl.enabled.mechanisms per listener too).
        Map<String, String> scram512Only = new LinkedHashMap<>();
        scram512Only.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        scram512Only.put("scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        Map<String, String> reauth = new LinkedHashMap<>(sasl);
        for (String m : List.of("plain", "scram-sha-256", "scram-sha-512")) {
            reauth.put(m + ".connections.max.reauth.ms", "3000");
        }
        kafka = EmbeddedKafkaCluster.builder()
                .baseDirectory(dir)
                .listener(Listener.plaintext("PLAINTEXT"))
                .listener(new Listener("SSL", SecurityProtocol.SSL, ssl, Map.of()))
                .listener(new Listener("MTLS", SecurityProtocol.SSL, mtls, Map.of()))
                .listener(new Listener("WRONGHOST", SecurityProtocol.SSL, wrongHost, Map.of()))
                .listener(new Listener("SASL_PLAINTEXT", SecurityProtocol.SASL_PLAINTEXT, sasl, Map.of()))
                .listener(new Listener("SASL_SSL", SecurityProtocol.SASL_SSL, saslSsl, Map.of()))
                .listener(new Listener("REAUTH", SecurityProtocol.SASL_PLAINTEXT, reauth, Map.of()))
                .listener(new Listener("SCRAM512ONLY", SecurityProtocol.SASL_PLAINTEXT, scram512Only, Map.of()))
                .brokerConfig("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512")
                .brokerConfig("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .brokerConfig("super.users", "User:ANONYMOUS")
                .autoCreateTopics(false)
                .build().start();
        for (String m : List.of("SCRAM-SHA-256", "SCRAM-SHA-512")) {
            kafka.upsertScramUser("alice", m, ALICE_PASSWORD);
            kafka.upsertScramUser("carol", m, CAROL_PASSWORD);
        }
        for (String principal : List.of("User:alice", TestCertificates.clientPrincipal())) {
            kafka.createAcl(principal, "TOPIC", "ok-", "PREFIXED", "WRITE", "ALLOW");
            kafka.createAcl(principal, "TOPIC", "ok-", "PREFIXED", "DESCRIBE", "ALLOW");
            kafka.createAcl(principal, "TOPIC", "nowrite-", "PREFIXED", "DESCRIBE", "ALLOW");
        }
        // carol may look but not write anywhere: no IDEMPOTENT_WRITE, and no WRITE that would imply it (KIP-679).
        kafka.createAcl("User:carol", "TOPIC", "ok-", "PREFIXED", "DESCRIBE", "ALLOW");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static String newTopic(String prefix) {
        String topic = prefix + "sec-" + TOPICS.incrementAndGet();
        kafka.createTopic(topic, 1, 1);
        return topic;
    }

    private static Map<String, Object> base(String listener, String protocol) {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", kafka.bootstrapServers(listener));
        c.put("security.protocol", protocol);
        c.put("key.serializer", StringSerializer.class);
        c.put("value.serializer", StringSerializer.class);
        c.put("linger.ms", 5);
        c.put("delivery.timeout.ms", DELIVERY_TIMEOUT_MS);
        c.put("request.timeout.ms", 30_000);
        c.put("max.block.ms", 30_000);
        return c;
    }

    private static Map<String, Object> tls(Map<String, Object> c) {
        c.put("ssl.truststore.location", certs.truststoreJks().toString());
        c.put("ssl.truststore.password", TestCertificates.PASSWORD);
        return c;
    }

    private static Map<String, Object> sasl(Map<String, Object> c, String mechanism, String user, String password) {
        String module = mechanism.equals("PLAIN") ? SaslSettings.PLAIN_LOGIN_MODULE : SaslSettings.SCRAM_LOGIN_MODULE;
        c.put("sasl.mechanism", mechanism);
        c.put("sasl.jaas.config", module + " required username=\"" + user + "\" password=\"" + password + "\";");
        return c;
    }

    /** Sends {@code n} records, checks every future, and reads them back with Apache's consumer. */
    private static void produceAndReadBack(Map<String, Object> config, String topic, int n) throws Exception {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < n; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
            }
            for (int i = 0; i < n; i++) {
                assertThat(futures.get(i).get(60, TimeUnit.SECONDS).offset()).isEqualTo(i);
            }
        }
        assertThat(KafkaClients.readAll(kafka.clientConfigs(), topic, 1, n)).hasSize(n)
                .allSatisfy(r -> assertThat(new String(r.value())).startsWith("v"));
    }

    /** The cause of a future that must fail within the bounded wait (far below delivery.timeout.ms). */
    private static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the send succeeded but should have failed");
    }

    // ---- TLS -----------------------------------------------------------------------------------------------

    @Test
    void producesOverTlsWithHostNameVerification() throws Exception {
        Map<String, Object> c = tls(base("SSL", "SSL"));
        assertThat(c).doesNotContainKey("ssl.endpoint.identification.algorithm"); // the default, https, is on
        produceAndReadBack(c, newTopic("ok-"), 500);
    }

    @Test
    void aPlaintextClientAtTheTlsListenerIsToldSoInTheRecordsError() throws Exception {
        // The most common misconfiguration: no security.protocol for a TLS listener. The broker's answer to the
        // plaintext ApiVersions is a TLS alert; the record's error must say so, not only "not present in metadata".
        Map<String, Object> c = base("SSL", "PLAINTEXT");
        c.put("request.timeout.ms", 2_000);
        c.put("delivery.timeout.ms", 4_000);
        c.put("max.block.ms", 4_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(c)) {
            Throwable failure = failureOf(producer.send(new ProducerRecord<>(newTopic("plain-at-tls-"), "k", "v")));
            assertThat(failure).isInstanceOf(io.samsa.common.errors.TimeoutException.class)
                    .hasMessageContaining("not present in metadata")
                    .hasMessageContaining("TLS").hasMessageContaining("security.protocol=SSL");
            assertThat(failure.getCause()).as("the underlying cause travels with the record").isNotNull();
            assertThatThrownBy(() -> producer.partitionsFor("plain-at-tls"))
                    .hasMessageContaining("security.protocol=SSL");
        }
    }

    @Test
    void producesOverTlsWithInlinePemTrust() throws Exception {
        Map<String, Object> c = base("SSL", "SSL");
        c.put("ssl.truststore.type", "PEM");
        c.put("ssl.truststore.certificates", Files.readString(certs.caCertificatePem()));
        produceAndReadBack(c, newTopic("ok-"), 100);
    }

    @Test
    void producesOverMutualTlsAndFailsWithoutAClientCertificate() throws Exception {
        Map<String, Object> c = tls(base("MTLS", "SSL"));
        c.put("ssl.keystore.type", "PKCS12");
        c.put("ssl.keystore.location", certs.clientKeystore().toString());
        c.put("ssl.keystore.password", TestCertificates.PASSWORD);
        String topic = newTopic("ok-");
        produceAndReadBack(c, topic, 200);

        Map<String, Object> noCert = tls(base("MTLS", "SSL"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(noCert)) {
            Throwable t = failureOf(producer.send(new ProducerRecord<>(topic, "k", "v")));
            assertThat(t).isInstanceOf(SslAuthenticationException.class);
        }
    }

    @Test
    void producesOverMutualTlsWithAnEncryptedPemKey() throws Exception {
        String keyPassword = "pem-Key-Pa55word";
        Map<String, Object> c = tls(base("MTLS", "SSL"));
        c.put("ssl.keystore.type", "PEM");
        c.put("ssl.keystore.certificate.chain", certs.clientCertificateChainPem());
        c.put("ssl.keystore.key", certs.clientPrivateKeyPem(keyPassword)); // PBES2, AES-256-CBC, made now
        c.put("ssl.key.password", keyPassword);
        assertThat((String) c.get("ssl.keystore.key")).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        AtomicReference<Exception> error = new AtomicReference<>();
        String topic = newTopic("ok-");
        String logged = LogCapture.during(() -> {
            try {
                produceAndReadBack(c, topic, 200);
            } catch (Exception e) {
                error.set(e);
            }
        });
        assertThat(error.get()).isNull();
        assertThat(logged).doesNotContain(keyPassword).doesNotContain("PRIVATE KEY");
        assertThat(new ProducerConfig(c).toString()).doesNotContain(keyPassword).doesNotContain("PRIVATE KEY")
                .contains("ssl.key.password=[hidden]", "ssl.keystore.key=[hidden]");

        // The same key from a PEM file (ssl.keystore.location, type PEM): key and chain in one file.
        Path file = dir.resolve("client-encrypted.pem");
        Files.writeString(file, certs.clientPrivateKeyPem(keyPassword) + certs.clientCertificateChainPem());
        Map<String, Object> fromFile = tls(base("MTLS", "SSL"));
        fromFile.put("ssl.keystore.type", "PEM");
        fromFile.put("ssl.keystore.location", file.toString());
        fromFile.put("ssl.key.password", keyPassword);
        produceAndReadBack(fromFile, newTopic("ok-"), 50);
    }

    @Test
    void producesOverMutualTlsWithJksKeyAndTrustStores() throws Exception {
        Map<String, Object> c = base("MTLS", "SSL");
        c.put("ssl.truststore.type", "JKS");
        c.put("ssl.truststore.location", certs.truststoreJks().toString());
        c.put("ssl.truststore.password", TestCertificates.PASSWORD);
        c.put("ssl.keystore.type", "JKS");
        c.put("ssl.keystore.location", certs.clientKeystoreJks().toString());
        c.put("ssl.keystore.password", TestCertificates.PASSWORD);
        c.put("ssl.key.password", TestCertificates.JKS_KEY_PASSWORD); // the JKS key has its own password
        produceAndReadBack(c, newTopic("ok-"), 200);

        c.put("ssl.keystore.password", WRONG_PASSWORD);
        assertThatThrownBy(() -> new KafkaProducer<String, String>(c))
                .isInstanceOf(io.samsa.common.config.ConfigException.class)
                .hasMessageContaining("'ssl.keystore.password'")
                .hasMessageContaining(certs.clientKeystoreJks().toString())
                .hasMessageNotContaining(WRONG_PASSWORD);
    }

    @Test
    void untrustedBrokerCertificateFailsWithAClearTlsError() throws Exception {
        Map<String, Object> c = base("SSL", "SSL");
        c.put("ssl.truststore.type", "PKCS12");
        c.put("ssl.truststore.location", certs.untrustedTruststore().toString());
        c.put("ssl.truststore.password", TestCertificates.PASSWORD);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(c)) {
            Throwable t = failureOf(producer.send(new ProducerRecord<>("ok-anything", "k", "v")));
            assertThat(t).isInstanceOf(SslAuthenticationException.class)
                    .hasMessageContaining("TLS handshake with")
                    .hasMessageContaining("not signed by a CA in the trust store");
        }
    }

    @Test
    void hostNameMismatchFailsWithAClearTlsError() throws Exception {
        Map<String, Object> c = tls(base("WRONGHOST", "SSL"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(c)) {
            Throwable t = failureOf(producer.send(new ProducerRecord<>("ok-anything", "k", "v")));
            assertThat(t).isInstanceOf(SslAuthenticationException.class)
                    .hasMessageContaining("does not name host 127.0.0.1");
        }
        // The same listener is fine once the check is turned off: the failure was the name, nothing else.
        c.put("ssl.endpoint.identification.algorithm", "");
        produceAndReadBack(c, newTopic("ok-"), 10);
    }

    // ---- ssl.engine.factory.class --------------------------------------------------------------------------

    /**
     * A user's engine provider replaces the built-in factory: the ssl.truststore.* keys name the untrusted CA
     * (the built-in factory fails with them, see untrustedBrokerCertificateFailsWithAClearTlsError) and the
     * provider trusts the test CA from its own key, so records arrive only if the provider made the engines.
     */
    @Test
    void customSslEngineProviderMakesTheEngines() throws Exception {
        PinnedCaEngineProvider.reset();
        Map<String, Object> c = base("SSL", "SSL");
        c.put("ssl.truststore.type", "PKCS12");
        c.put("ssl.truststore.location", certs.untrustedTruststore().toString());
        c.put("ssl.truststore.password", TestCertificates.PASSWORD);
        c.put("ssl.engine.factory.class", PinnedCaEngineProvider.class.getName());
        c.put(PinnedCaEngineProvider.TRUSTED_CA_PEM, Files.readString(certs.caCertificatePem()));
        c.put("client.id", "pinned-client");
        produceAndReadBack(c, newTopic("ok-"), 100);
        assertThat(PinnedCaEngineProvider.CONFIGURED.get()).isEqualTo(1);
        assertThat(PinnedCaEngineProvider.CONFIGS.get(0)).containsEntry("client.id", "pinned-client")
                .containsKey("ssl.truststore.location");
        String port = kafka.bootstrapServers("SSL").split(",")[0].split(":")[1];
        assertThat(PinnedCaEngineProvider.ENGINES_FOR).isNotEmpty().allSatisfy(a -> assertThat(a).endsWith(":" + port));
        assertThat(PinnedCaEngineProvider.CLOSED.get()).as("closed with the producer").isEqualTo(1);
    }

    @Test
    void aFailingSslEngineProviderFailsRecordsFastAndKeepsTheProducerUsable() throws Exception {
        PinnedCaEngineProvider.reset();
        Map<String, Object> c = base("SSL", "SSL");
        c.put("ssl.engine.factory.class", PinnedCaEngineProvider.class.getName());
        c.put(PinnedCaEngineProvider.TRUSTED_CA_PEM, Files.readString(certs.caCertificatePem()));
        c.put(PinnedCaEngineProvider.FAIL, "true");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(c)) {
            List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                fs.add(producer.send(new ProducerRecord<>("ok-anything", "k", "v" + i)));
            }
            for (CompletableFuture<RecordMetadata> f : fs) {
                assertThat(failureOf(f)).isInstanceOf(SslAuthenticationException.class)
                        .hasMessageContaining(PinnedCaEngineProvider.class.getName())
                        .hasMessageContaining("the key vault is sealed");
            }
            // The I/O thread survived the provider's exception: a later send is tried again and fails the same way.
            assertThat(failureOf(producer.send(new ProducerRecord<>("ok-anything", "k", "again"))))
                    .isInstanceOf(SslAuthenticationException.class);
        }
        assertThat(PinnedCaEngineProvider.ENGINES_FOR).isNotEmpty();
        assertThat(PinnedCaEngineProvider.CLOSED.get()).isEqualTo(1);
    }

    // ---- SASL ----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"})
    void producesOverSaslPlaintext(String mechanism) throws Exception {
        produceAndReadBack(sasl(base("SASL_PLAINTEXT", "SASL_PLAINTEXT"), mechanism, "alice", ALICE_PASSWORD),
                newTopic("ok-"), 300);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-512"})
    void producesOverSaslSsl(String mechanism) throws Exception {
        produceAndReadBack(sasl(tls(base("SASL_SSL", "SASL_SSL")), mechanism, "alice", ALICE_PASSWORD),
                newTopic("ok-"), 300);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-256"})
    void wrongPasswordAndUnknownUserFailFastAndNeverShowThePassword(String mechanism) throws Exception {
        String topic = newTopic("ok-");
        for (String user : List.of("alice", "mallory")) {
            Map<String, Object> c = sasl(base("SASL_PLAINTEXT", "SASL_PLAINTEXT"), mechanism, user, WRONG_PASSWORD);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<String> configText = new AtomicReference<>();
            String logged = LogCapture.during(() -> {
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(c)) {
                    configText.set(new ProducerConfig(c).toString());
                    List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        fs.add(producer.send(new ProducerRecord<>(topic, "k", "v" + i)));
                    }
                    for (CompletableFuture<RecordMetadata> f : fs) {
                        // Bounded wait, 10x below delivery.timeout.ms: the failure does not wait for it.
                        failure.set(failureOf(f));
                        assertThat(failure.get()).as("%s %s", mechanism, user)
                                .isInstanceOf(SaslAuthenticationException.class);
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(failure.get()).hasMessageContaining("user '" + user + "'")
                    .hasMessageContaining("SASL_AUTHENTICATION_FAILED").hasMessageNotContaining(WRONG_PASSWORD);
            assertThat(logged).contains("SASL_AUTHENTICATION_FAILED").doesNotContain(WRONG_PASSWORD);
            assertThat(configText.get()).contains("sasl.jaas.config=[hidden]").doesNotContain(WRONG_PASSWORD);
        }
    }

    /**
     * The SCRAM512ONLY listener enables SCRAM-SHA-512 alone: asking PLAIN or SCRAM-SHA-256 gets
     * UNSUPPORTED_SASL_MECHANISM in the SaslHandshake response, with the listener's mechanisms. Every record
     * and a metadata wait fail at once with that reason, far below delivery.timeout.ms and max.block.ms.
     */
    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-256"})
    void mechanismTheListenerDoesNotEnableFailsFastNamingBoth(String mechanism) throws Exception {
        String topic = newTopic("ok-");
        Map<String, Object> c = sasl(base("SCRAM512ONLY", "SASL_PLAINTEXT"), mechanism, "alice", ALICE_PASSWORD);
        c.put("max.block.ms", DELIVERY_TIMEOUT_MS);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(c)) {
            List<CompletableFuture<RecordMetadata>> fs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                fs.add(producer.send(new ProducerRecord<>(topic, "k", "v" + i)));
            }
            for (CompletableFuture<RecordMetadata> f : fs) {
                assertThat(failureOf(f)).isInstanceOf(SaslAuthenticationException.class)
                        .hasMessageContaining("does not enable SASL mechanism " + mechanism)
                        .hasMessageContaining("[SCRAM-SHA-512]")
                        .hasMessageNotContaining(ALICE_PASSWORD);
            }
            // A caller blocked on metadata is released with the same reason, not after max.block.ms.
            CompletableFuture<Object> metadata = CompletableFuture.supplyAsync(() -> producer.partitionsFor(
                    "ok-never-created"));
            assertThat(failureOf(metadata)).isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("[SCRAM-SHA-512]");
        }
        // The mechanism it does enable works on the same listener.
        produceAndReadBack(sasl(base("SCRAM512ONLY", "SASL_PLAINTEXT"), "SCRAM-SHA-512", "alice", ALICE_PASSWORD),
                topic, 10);
    }

    /**
     * One connection attempt, one failure: the request on it fails with the handshake's reason after exactly
     * one authentication failure, not after the client retried the handshake or reconnected.
     */
    @Test
    void unsupportedMechanismFailsTheRequestOnTheFirstAttempt() throws Exception {
        SecurityConfig security = SecurityConfig.saslPlaintext(SaslSettings.of(SaslMechanism.PLAIN, "alice",
                ALICE_PASSWORD));
        String[] hostPort = kafka.bootstrapServers("SCRAM512ONLY").split(",")[0].split(":");
        Node node = new Node(-1, hostPort[0], Integer.parseInt(hostPort[1]));
        AtomicReference<Throwable> error = new AtomicReference<>();
        try (NetworkClient client = new NetworkClient(TestConfigs.network(Map.of()), security, Time.SYSTEM)) {
            client.send(node, MetadataRequest.forTopics(List.of(), false), Time.SYSTEM.milliseconds(),
                    (req, resp, err) -> error.set(err));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (error.get() == null && System.nanoTime() < deadline) {
                client.poll(50);
            }
            assertThat(error.get()).isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("does not enable SASL mechanism PLAIN (it enables [SCRAM-SHA-512])");
            assertThat(client.authenticationFailureCount()).isEqualTo(1);
        }
    }

    // ---- ACLs ----------------------------------------------------------------------------------------------

    @Test
    void topicWithoutWriteAclFailsNamingTheTopicWhilePermittedTopicsSucceed() throws Exception {
        String permitted = newTopic("ok-");
        String noWrite = newTopic("nowrite-");
        String noAclAtAll = newTopic("secret-");
        Map<String, Object> c = sasl(base("SASL_PLAINTEXT", "SASL_PLAINTEXT"), "SCRAM-SHA-512", "alice",
                ALICE_PASSWORD);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(c)) {
            List<CompletableFuture<RecordMetadata>> ok = new ArrayList<>();
            List<CompletableFuture<RecordMetadata>> denied = new ArrayList<>();
            List<CompletableFuture<RecordMetadata>> hidden = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ok.add(producer.send(new ProducerRecord<>(permitted, "k", "v" + i)));
                denied.add(producer.send(new ProducerRecord<>(noWrite, "k", "v" + i)));
                hidden.add(producer.send(new ProducerRecord<>(noAclAtAll, "k", "v" + i)));
            }
            for (CompletableFuture<RecordMetadata> f : denied) {
                Throwable t = failureOf(f);
                assertThat(t).isInstanceOf(TopicAuthorizationException.class).hasMessageContaining(noWrite);
                assertThat(((TopicAuthorizationException) t).unauthorizedTopics()).containsExactly(noWrite);
            }
            for (CompletableFuture<RecordMetadata> f : hidden) {
                Throwable t = failureOf(f);
                assertThat(t).isInstanceOf(TopicAuthorizationException.class).hasMessageContaining(noAclAtAll);
            }
            for (int i = 0; i < ok.size(); i++) {
                assertThat(ok.get(i).get(60, TimeUnit.SECONDS).offset()).isEqualTo(i);
            }
            // The producer is still healthy for the permitted topic after the refusals.
            assertThat(producer.send(new ProducerRecord<>(permitted, "k", "after")).get(60, TimeUnit.SECONDS).offset())
                    .isEqualTo(50);
        }
        assertThat(KafkaClients.readAll(kafka.clientConfigs(), permitted, 1, 51)).hasSize(51);
    }

    @Test
    void missingIdempotentWriteGivesAClearError() throws Exception {
        String topic = newTopic("ok-");
        Map<String, Object> c = sasl(base("SASL_PLAINTEXT", "SASL_PLAINTEXT"), "SCRAM-SHA-256", "carol",
                CAROL_PASSWORD);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(c)) {
            Throwable t = failureOf(producer.send(new ProducerRecord<>(topic, "k", "v")));
            assertThat(t).isInstanceOf(ClusterAuthorizationException.class)
                    .hasMessageContaining("IDEMPOTENT_WRITE").hasMessageContaining("enable.idempotence=false");
        }
    }

    // ---- KIP-368 -------------------------------------------------------------------------------------------

    /**
     * The REAUTH listener grants 3 s sessions (connections.max.reauth.ms). One connection keeps serving
     * requests for 10 s: it re-authenticates in place (counted) and is never replaced (one connection made).
     */
    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-512"})
    void reauthenticatesBeforeTheSessionExpires(String mechanism) throws Exception {
        SecurityConfig security = SecurityConfig.saslPlaintext(SaslSettings.of(SaslMechanism.forName(mechanism),
                "alice", ALICE_PASSWORD));
        String[] hostPort = kafka.bootstrapServers("REAUTH").split(",")[0].split(":");
        Node node = new Node(-1, hostPort[0], Integer.parseInt(hostPort[1]));
        AtomicInteger connections = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicReference<Throwable> error = new AtomicReference<>();
        try (NetworkClient client = new NetworkClient(TestConfigs.network(Map.of()), security, Time.SYSTEM);
             ProducerMetrics metrics = new ProducerMetrics("reauth-" + mechanism, new MetricConfig(), Time.SYSTEM)) {
            client.setNetworkListener(metrics.networkListener());
            client.setListener(new NetworkClient.ConnectionListener() {
                @Override
                public void onReady(Node n, io.samsa.protocol.NodeApiVersions versions) {
                    connections.incrementAndGet();
                }
            });
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int sent = 0;
            while (System.nanoTime() < end) {
                if (sent == answered.get() && error.get() == null) {
                    sent++;
                    client.send(node, MetadataRequest.forTopics(List.of(), false), Time.SYSTEM.milliseconds(),
                            (req, resp, err) -> {
                                if (err != null) {
                                    error.set(err);
                                } else {
                                    answered.incrementAndGet();
                                }
                            });
                }
                client.poll(50);
                assertThat(error.get()).isNull();
            }
            assertThat(answered.get()).isGreaterThan(20);
            assertThat(client.reauthenticationCount()).as("re-authentications in 10 s of 3 s sessions")
                    .isGreaterThanOrEqualTo(2);
            assertThat(connections.get()).as("connections made").isEqualTo(1);
            // The metrics count the re-authentications apart from the one authentication of the connection.
            assertThat(metrics.value(Definition.SUCCESSFUL_REAUTHENTICATION_TOTAL))
                    .isEqualTo((double) client.reauthenticationCount());
            assertThat(metrics.value(Definition.SUCCESSFUL_AUTHENTICATION_TOTAL)).isEqualTo(1.0);
            assertThat(metrics.value(Definition.FAILED_REAUTHENTICATION_TOTAL)).isZero();
            assertThat(metrics.value(Definition.REAUTHENTICATION_LATENCY_MAX))
                    .isGreaterThanOrEqualTo(metrics.value(Definition.REAUTHENTICATION_LATENCY_AVG))
                    .isGreaterThanOrEqualTo(0.0)
                    .isLessThan((double) TimeUnit.SECONDS.toMillis(10));
        }
    }
}
