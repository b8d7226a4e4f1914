/**
 * The exceptions a producer delivers, with Apache Kafka's names and hierarchy ({@code KafkaException} &gt;
 * {@code ApiException} &gt; {@code RetriableException} &gt; ...), and {@link io.samsa.common.errors.Errors}, the
 * table from each broker error code to its exception.
 *
 * <p><b>Public API</b> of samsa-protocol: covered by the API check (japicmp against {@code api-baseline/}) and by
 * the version policy in the README.
 */
package io.samsa.common.errors;
