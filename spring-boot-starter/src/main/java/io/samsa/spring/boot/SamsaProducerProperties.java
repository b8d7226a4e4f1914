package io.samsa.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Samsa's settings in a Spring Boot application, under {@code samsa.producer}. Everything Apache Kafka's producer
 * also knows stays under Boot's {@code spring.kafka.*}; this prefix is for what only Samsa reads.
 *
 * <pre>
 * samsa.producer.properties.spool.dir=/var/lib/orders/spool
 * samsa.producer.properties.spool.fsync=always
 * </pre>
 */
@ConfigurationProperties("samsa.producer")
public class SamsaProducerProperties {
    /**
     * Whether the ProducerFactory Boot's KafkaTemplate sends through is Samsa's. false leaves Spring Boot's own
     * DefaultKafkaProducerFactory (Apache Kafka's producer), and the samsa.producer.properties are not used.
     */
    private boolean enabled = true;

    /**
     * Producer configs for Samsa only (spool.dir, spool.fsync, samsa.jmx.domain, ...; see Samsa's
     * docs/configuration.md), by their Kafka-style names. Merged over what spring.kafka.* gives the producer, so a
     * key set in both takes this value.
     */
    private final Map<String, String> properties = new LinkedHashMap<>();

    /** @return whether Boot's KafkaTemplate sends through Samsa (default true) */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled false to leave Spring Boot's own producer factory in place */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the Samsa-only producer configs, by name; Boot binds {@code samsa.producer.properties.*} into it */
    public Map<String, String> getProperties() {
        return properties;
    }
}
