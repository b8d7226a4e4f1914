/**
 * The producer API, at Apache Kafka's names: {@link io.samsa.clients.producer.KafkaProducer} and its interface
 * {@link io.samsa.clients.producer.Producer}, {@link io.samsa.clients.producer.ProducerRecord},
 * {@link io.samsa.clients.producer.RecordMetadata}, {@link io.samsa.clients.producer.Callback}, the configuration
 * ({@link io.samsa.clients.producer.ProducerConfig}), the plug-in points
 * ({@link io.samsa.clients.producer.Partitioner}, {@link io.samsa.clients.producer.ProducerInterceptor}) and
 * {@link io.samsa.clients.producer.MockProducer} for tests.
 *
 * <p><b>Public API</b> of samsa-producer: covered by the API check (japicmp against {@code api-baseline/}) and by
 * the version policy in the README.
 */
package io.samsa.clients.producer;
