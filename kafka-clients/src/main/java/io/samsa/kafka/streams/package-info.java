/**
 * Kafka Streams on Samsa: {@link io.samsa.kafka.streams.SamsaClientSupplier} gives {@code KafkaStreams} a Samsa
 * producer and Apache Kafka's consumers and admin client. Only Streams applications load this package; it needs
 * kafka-streams, which they bring.
 */
package io.samsa.kafka.streams;
