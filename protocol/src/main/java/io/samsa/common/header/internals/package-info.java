/**
 * The headers' implementations, {@link io.samsa.common.header.internals.RecordHeader} and
 * {@link io.samsa.common.header.internals.RecordHeaders}. Public despite the package's name: it is Apache Kafka's
 * name for them, and code that moves over with an import change uses them.
 *
 * <p><b>Public API</b> of samsa-protocol: covered by the API check (japicmp against {@code api-baseline/}) and by
 * the version policy in the README.
 */
package io.samsa.common.header.internals;
