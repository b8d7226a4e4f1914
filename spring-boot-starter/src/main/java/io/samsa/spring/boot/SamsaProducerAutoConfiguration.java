package io.samsa.spring.boot;

import io.samsa.kafka.SamsaKafkaProducer;
import io.samsa.spring.SamsaProducerFactory;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

import java.util.Map;

/**
 * Spring Boot's Kafka producer on Samsa: the {@code ProducerFactory} bean that Boot's {@code KafkaTemplate} (and
 * {@code KafkaTransactionManager}) are built on is a {@link SamsaProducerFactory}, made from the same
 * {@code spring.kafka.*} properties Boot's own factory would be made from, with {@code samsa.producer.properties.*}
 * merged over them. Runs before {@link KafkaAutoConfiguration}, whose {@code DefaultKafkaProducerFactory} backs off
 * when a {@code ProducerFactory} bean exists; and backs off itself when the application declares one, or sets
 * {@code samsa.producer.enabled=false}.
 *
 * <p>The factory is made as Boot makes its own: {@code KafkaProperties.buildProducerProperties()} (which covers
 * {@code spring.kafka.producer.*}, {@code spring.kafka.properties.*}, SSL and security), then the bootstrap servers,
 * security protocol and SSL bundle of the {@code KafkaConnectionDetails} bean (a service connection's, or Boot's
 * from the properties), {@code spring.kafka.producer.transaction-id-prefix}, and every
 * {@code DefaultKafkaProducerFactoryCustomizer} bean in order ({@code SamsaProducerFactory} is a
 * {@code DefaultKafkaProducerFactory}, so an application's customizers keep working).
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@ConditionalOnClass({KafkaTemplate.class, SamsaKafkaProducer.class})
@ConditionalOnBooleanProperty(name = "samsa.producer.enabled", matchIfMissing = true)
@EnableConfigurationProperties({KafkaProperties.class, SamsaProducerProperties.class})
public class SamsaProducerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ProducerFactory.class)
    SamsaProducerFactory<?, ?> kafkaProducerFactory(KafkaProperties kafkaProperties,
                                                    SamsaProducerProperties samsaProperties,
                                                    ObjectProvider<KafkaConnectionDetails> connectionDetails,
                                                    ObjectProvider<DefaultKafkaProducerFactoryCustomizer> customizers) {
        Map<String, Object> properties = producerProperties(kafkaProperties, samsaProperties,
                connectionDetails.getIfAvailable());
        SamsaProducerFactory<?, ?> factory = new SamsaProducerFactory<>(properties);
        String transactionIdPrefix = kafkaProperties.getProducer().getTransactionIdPrefix();
        if (transactionIdPrefix != null) {
            factory.setTransactionIdPrefix(transactionIdPrefix);
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
        return factory;
    }

    /**
     * The producer configuration: Boot's, then the connection details (as Boot applies them to its own factory),
     * then Samsa's own keys over both.
     *
     * @param connectionDetails null when there is no such bean (Boot's Kafka auto-configuration excluded): the
     *        properties' bootstrap servers and security stand
     */
    static Map<String, Object> producerProperties(KafkaProperties kafkaProperties,
                                                  SamsaProducerProperties samsaProperties,
                                                  @Nullable KafkaConnectionDetails connectionDetails) {
        Map<String, Object> properties = kafkaProperties.buildProducerProperties();
        if (connectionDetails != null) {
            KafkaConnectionDetails.Configuration producer = connectionDetails.getProducer();
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, producer.getBootstrapServers());
            String securityProtocol = producer.getSecurityProtocol();
            if (securityProtocol != null && !securityProtocol.isEmpty()) {
                properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
            }
            SslBundle sslBundle = producer.getSslBundle();
            if (sslBundle != null) {
                properties.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleEngineProvider.class);
                properties.put(SslBundleEngineProvider.SSL_BUNDLE_CONFIG, sslBundle);
            }
        }
        properties.putAll(samsaProperties.getProperties());
        // Boot's engine factory for bundles is an Apache SslEngineFactory, which Samsa cannot load: set by hand
        // (spring.kafka.properties.ssl.engine.factory.class) it gets Samsa's counterpart.
        Object engineFactory = properties.get(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG);
        if (engineFactory == SslBundleSslEngineFactory.class
                || SslBundleSslEngineFactory.class.getName().equals(engineFactory)) {
            properties.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleEngineProvider.class);
        }
        return properties;
    }
}
