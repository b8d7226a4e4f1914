package io.samsa.spring.boot;

import io.samsa.kafka.SamsaKafkaProducer;
import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.kafka.embedded.Listener;
import io.samsa.kafka.embedded.SecurityProtocol;
import io.samsa.kafka.embedded.TestCertificates;
import io.samsa.spring.SamsaProducerFactory;
import io.samsa.spring.boot.app.OrdersApplication;
import io.samsa.spring.boot.app.OrdersApplication.MadeProducers;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS from a Spring Boot SSL bundle ({@code spring.kafka.ssl.bundle}), which Boot hands its producer as an Apache
 * {@code SslEngineFactory} that Samsa cannot load: the starter's {@link SslBundleEngineProvider} takes its place,
 * and a Samsa producer sends to a broker's TLS listener whose CA only the bundle's trust store knows.
 */
class SamsaSpringBootSslIT {
    private static final long WAIT_SECONDS = 60;

    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startCluster() {
        certs = TestCertificates.generate(dir.resolve("certs"));
        Map<String, String> ssl = new LinkedHashMap<>();
        ssl.put("ssl.keystore.type", "PKCS12");
        ssl.put("ssl.keystore.location", certs.brokerKeystore().toString());
        ssl.put("ssl.keystore.password", TestCertificates.PASSWORD);
        ssl.put("ssl.key.password", TestCertificates.PASSWORD);
        kafka = EmbeddedKafkaCluster.builder()
                .baseDirectory(dir.resolve("kafka"))
                .listener(Listener.plaintext("PLAINTEXT"))
                .listener(new Listener("SSL", SecurityProtocol.SSL, ssl, Map.of()))
                .build().start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void anSslBundleGivesTheSamsaProducerItsTls() throws Exception {
        String topic = "boot-tls";
        kafka.createTopic(topic, 1, 1);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OrdersApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off",
                        "spring.kafka.bootstrap-servers=" + kafka.bootstrapServers("SSL"),
                        "spring.kafka.security.protocol=SSL",
                        "spring.kafka.ssl.bundle=kafka",
                        "spring.ssl.bundle.jks.kafka.truststore.location=file:" + certs.truststore(),
                        "spring.ssl.bundle.jks.kafka.truststore.type=PKCS12",
                        "spring.ssl.bundle.jks.kafka.truststore.password=" + TestCertificates.PASSWORD,
                        "spring.kafka.producer.value-serializer=" + StringSerializer.class.getName())
                .run()) {
            SamsaProducerFactory<?, ?> factory = context.getBean(SamsaProducerFactory.class);
            // No ssl.truststore.* for the built-in factory: only the bundle knows the test CA.
            assertThat(factory.getConfigurationProperties())
                    .containsEntry("security.protocol", "SSL")
                    .containsEntry("ssl.engine.factory.class", SslBundleEngineProvider.class)
                    .containsKey(SslBundle.class.getName())
                    .doesNotContainKey("ssl.truststore.location");
            KafkaTemplate<String, String> template = context.getBean(KafkaTemplate.class);
            for (int i = 0; i < 3; i++) {
                assertThat(template.send(topic, "k" + i, "over-tls-" + i).get(WAIT_SECONDS, TimeUnit.SECONDS)
                        .getRecordMetadata().offset()).isEqualTo(i);
            }
            assertThat(context.getBean(MadeProducers.class).producers).singleElement()
                    .isInstanceOf(SamsaKafkaProducer.class);
        }
        assertThat(KafkaClients.readAll(kafka.clientConfigs(), topic, 1, 3, new StringDeserializer(),
                new StringDeserializer())).extracting(ConsumerRecord::value)
                .containsExactly("over-tls-0", "over-tls-1", "over-tls-2");
    }
}
