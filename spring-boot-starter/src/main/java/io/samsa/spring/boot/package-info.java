/**
 * Spring Boot auto-configuration for Samsa: with this module on the class path, the {@code ProducerFactory}
 * behind Boot's {@code KafkaTemplate} is a {@link io.samsa.spring.SamsaProducerFactory} made from
 * {@code spring.kafka.*}, with Samsa's own settings under {@code samsa.producer.properties.*}
 * ({@link io.samsa.spring.boot.SamsaProducerAutoConfiguration}).
 */
package io.samsa.spring.boot;
