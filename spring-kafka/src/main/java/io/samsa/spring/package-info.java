/**
 * Spring Kafka on Samsa: {@link io.samsa.spring.SamsaProducerFactory} is Spring's
 * {@code DefaultKafkaProducerFactory} making {@code SamsaKafkaProducer}s, so {@code KafkaTemplate} and the rest of
 * Spring Kafka's producer side send through Samsa. Needs spring-kafka and kafka-clients, which the application
 * brings.
 */
package io.samsa.spring;
