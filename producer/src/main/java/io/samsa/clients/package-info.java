/**
 * {@link io.samsa.clients.CommonClientConfigs}: the configuration keys Kafka's clients share, as Apache Kafka's.
 *
 * <p><b>Public API</b> of samsa-producer: covered by the API check (japicmp against {@code api-baseline/}) and by
 * the version policy in the README.
 */
package io.samsa.clients;
