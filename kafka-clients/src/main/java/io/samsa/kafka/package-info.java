/**
 * Apache Kafka's producer API over Samsa: {@link io.samsa.kafka.SamsaKafkaProducer} implements
 * {@code org.apache.kafka.clients.producer.Producer} with the Samsa producer inside, for code, frameworks and
 * plugins written against kafka-clients.
 *
 * <p>The rest of the package is the translation, package-private: {@code Plugins} reads an Apache producer
 * configuration and makes the Apache plugins it names; {@code SerializerAdapter} and {@code PartitionerAdapter}
 * put Apache's serializers and partitioners behind Samsa's interfaces; {@code ApacheHeaders} (and, the other way,
 * {@code SamsaHeaders}) let a record keep its one headers object; {@code Interceptors} runs Apache's interceptors;
 * {@code RecordFuture} is each record's future in Apache's types and the core's in-flight hook for it, running its
 * callback;
 * {@code Conversions} turns metadata, partitions and clusters into Apache's (and a transaction's offsets and group
 * metadata into Samsa's); {@code ApacheExceptions} turns Samsa's
 * exceptions into Apache's by name; {@code MetricsView} shows the metrics under Apache's names.
 *
 * <p>Only kafka-clients' public API is used (never {@code org.apache.kafka.clients.producer.internals} or
 * {@code org.apache.kafka.common.protocol}), so the application's own kafka-clients 3.x/4.x release serves;
 * {@code PackageDependenciesTest} checks it.
 *
 * <p><b>Public API</b> of samsa-kafka-clients: covered by the API check (japicmp against {@code api-baseline/}) and by
 * the version policy in the README.
 */
package io.samsa.kafka;
