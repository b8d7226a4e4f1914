/**
 * Serializers: the {@link io.samsa.common.serialization.Serializer} interface and the built-in serializers, with
 * their counterparts ({@link io.samsa.common.serialization.Deserializer}, the built-in deserializers, and the
 * {@link io.samsa.common.serialization.Serdes} that pair them) for code that reads back what it wrote,
 * mirroring Apache Kafka's {@code org.apache.kafka.common.serialization} so that code moves over with an import
 * change. Each built-in produces exactly the bytes of Apache Kafka's namesake (tested against it), and
 * {@code key.serializer=org.apache.kafka.common.serialization.StringSerializer} in a configuration is read as
 * this package's {@code StringSerializer}.
 *
 * <p><b>Public API</b> of samsa-producer: covered by the API check (japicmp against {@code api-baseline/}) and by
 * the version policy in the README.
 */
package io.samsa.common.serialization;
