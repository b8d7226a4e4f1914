/**
 * Spring Kafka on Samsa: {@link io.samsa.spring.SamsaProducerFactory} is Spring's
 * {@code DefaultKafkaProducerFactory} making {@code SamsaKafkaProducer}s, so {@code KafkaTemplate} and the rest of
 * Spring Kafka's producer side send through Samsa. Needs spring-kafka and kafka-clients, which the application
 * brings.
 *
 * <p><b>Public API</b> of samsa-spring-kafka: covered by the API check (japicmp against {@code api-baseline/}) and by
 * the version policy in the README.
 */
package io.samsa.spring;
