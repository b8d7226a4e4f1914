/**
 * Record headers: {@link io.samsa.common.header.Header} and {@link io.samsa.common.header.Headers}, as Apache
 * Kafka's.
 *
 * <p><b>Public API</b> of samsa-protocol: covered by the API check (japicmp against {@code api-baseline/}) and by
 * the version policy in the README.
 */
package io.samsa.common.header;
