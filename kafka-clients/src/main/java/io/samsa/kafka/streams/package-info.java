/**
 * Kafka Streams on Samsa: {@link io.samsa.kafka.streams.SamsaClientSupplier} gives {@code KafkaStreams} a Samsa
 * producer and Apache Kafka's consumers and admin client. Only Streams applications load this package; it needs
 * kafka-streams, which they bring.
 *
 * <p><b>Public API</b> of samsa-kafka-clients: covered by the API check (japicmp against {@code api-baseline/}) and by
 * the version policy in the README.
 */
package io.samsa.kafka.streams;
