package io.samsa.spring.boot;

import io.samsa.spring.SamsaProducerFactory;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.transaction.KafkaTransactionManager;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration's conditions and the configuration it builds, in application contexts that never connect
 * to a broker (a producer factory makes its producer on first use).
 */
class SamsaProducerAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SamsaProducerAutoConfiguration.class,
                    KafkaAutoConfiguration.class));

    @Test
    void bootsKafkaTemplateSendsThroughASamsaFactoryMadeFromSpringKafkaProperties() {
        runner.withPropertyValues("spring.kafka.bootstrap-servers=broker-a:9092,broker-b:9092",
                "spring.kafka.client-id=orders",
                "spring.kafka.producer.acks=1",
                "spring.kafka.producer.compression-type=zstd",
                "spring.kafka.producer.batch-size=64KB",
                "spring.kafka.producer.value-serializer=" + IntegerSerializer.class.getName(),
                "spring.kafka.producer.properties.linger.ms=20",
                "spring.kafka.producer.properties.spool.fsync=os",
                "samsa.producer.properties.spool.dir=/var/spool/orders",
                "samsa.producer.properties.spool.fsync=always")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ProducerFactory<?, ?> factory = context.getBean(ProducerFactory.class);
                    assertThat(factory).isInstanceOf(SamsaProducerFactory.class);
                    assertThat(context.getBean(KafkaTemplate.class).getProducerFactory()).isSameAs(factory);
                    Map<String, Object> config = factory.getConfigurationProperties();
                    assertThat(config)
                            .containsEntry("bootstrap.servers", List.of("broker-a:9092", "broker-b:9092"))
                            .containsEntry("client.id", "orders")
                            .containsEntry("acks", "1")
                            .containsEntry("compression.type", "zstd")
                            .containsEntry("batch.size", 65536)
                            .containsEntry("key.serializer", StringSerializer.class)
                            .containsEntry("value.serializer", IntegerSerializer.class)
                            .containsEntry("linger.ms", "20")
                            .containsEntry("spool.dir", "/var/spool/orders")
                            // samsa.producer.properties win over spring.kafka's for the same key.
                            .containsEntry("spool.fsync", "always");
                    assertThat(factory.isProducerPerThread()).isFalse();
                    assertThat(factory.transactionCapable()).isFalse();
                    assertThat(context).doesNotHaveBean(KafkaTransactionManager.class);
                });
    }

    @Test
    void disabledLeavesBootsOwnFactory() {
        runner.withPropertyValues("samsa.producer.enabled=false", "samsa.producer.properties.spool.dir=/tmp/x")
                .run(context -> {
                    ProducerFactory<?, ?> factory = context.getBean(ProducerFactory.class);
                    assertThat(factory).isExactlyInstanceOf(DefaultKafkaProducerFactory.class);
                    assertThat(factory.getConfigurationProperties()).doesNotContainKey("spool.dir");
                    assertThat(context).doesNotHaveBean(SamsaProducerProperties.class);
                });
    }

    @Test
    void anApplicationsOwnProducerFactoryWins() {
        runner.withUserConfiguration(OwnFactory.class).run(context -> {
            assertThat(context).getBeans(ProducerFactory.class).hasSize(1);
            assertThat(context.getBean(ProducerFactory.class)).isSameAs(context.getBean("ownFactory"));
            assertThat(context.getBean(KafkaTemplate.class).getProducerFactory())
                    .isSameAs(context.getBean("ownFactory"));
        });
    }

    @Test
    void aTransactionIdPrefixMakesATransactionalFactoryAndBootsTransactionManager() {
        runner.withPropertyValues("spring.kafka.producer.transaction-id-prefix=orders-tx-").run(context -> {
            SamsaProducerFactory<?, ?> factory = context.getBean(SamsaProducerFactory.class);
            assertThat(factory.transactionCapable()).isTrue();
            assertThat(factory.getTransactionIdPrefix()).isEqualTo("orders-tx-");
            assertThat(context.getBean(KafkaTransactionManager.class).getProducerFactory()).isSameAs(factory);
            assertThat(context.getBean(KafkaTemplate.class).isTransactional()).isTrue();
        });
    }

    @Test
    void bootsProducerFactoryCustomizersApplyInOrder() {
        runner.withUserConfiguration(Customizers.class).run(context -> {
            SamsaProducerFactory<?, ?> factory = context.getBean(SamsaProducerFactory.class);
            // The later customizer (order 2) ran last.
            assertThat(factory.getPhysicalCloseTimeout().getSeconds()).isEqualTo(7);
            assertThat(factory.isProducerPerThread()).isTrue();
        });
    }

    @Test
    void connectionDetailsGiveTheBootstrapServersAndAnSslBundleSamsaCanLoad() {
        SslBundle bundle = SslBundle.of(SslStoreBundle.NONE);
        runner.withPropertyValues("spring.kafka.bootstrap-servers=ignored:9092")
                .withBean(KafkaConnectionDetails.class, () -> new KafkaConnectionDetails() {
                    @Override
                    public List<String> getBootstrapServers() {
                        return List.of("tls-broker:9093");
                    }

                    @Override
                    public SslBundle getSslBundle() {
                        return bundle;
                    }

                    @Override
                    public String getSecurityProtocol() {
                        return "SSL";
                    }
                })
                .run(context -> {
                    Map<String, Object> config = context.getBean(ProducerFactory.class).getConfigurationProperties();
                    assertThat(config).containsEntry("bootstrap.servers", List.of("tls-broker:9093"))
                            .containsEntry("security.protocol", "SSL")
                            // Samsa's provider, not Boot's Apache SslEngineFactory.
                            .containsEntry("ssl.engine.factory.class", SslBundleEngineProvider.class)
                            .containsEntry(SslBundle.class.getName(), bundle);
                });
    }

    @Test
    void bootsSslEngineFactoryNamedByHandIsReplacedBySamsas() {
        runner.withPropertyValues("spring.kafka.producer.properties.ssl.engine.factory.class="
                        + "org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory")
                .run(context -> assertThat(context.getBean(ProducerFactory.class).getConfigurationProperties())
                        .containsEntry("ssl.engine.factory.class", SslBundleEngineProvider.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFactory {
        @Bean
        ProducerFactory<Object, Object> ownFactory() {
            return new DefaultKafkaProducerFactory<>(Map.of("bootstrap.servers", "own:9092"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        @Bean
        @Order(2)
        DefaultKafkaProducerFactoryCustomizer second() {
            return factory -> factory.setPhysicalCloseTimeout(7);
        }

        @Bean
        @Order(1)
        DefaultKafkaProducerFactoryCustomizer first() {
            return factory -> {
                factory.setPhysicalCloseTimeout(3);
                factory.setProducerPerThread(true);
            };
        }
    }
}
