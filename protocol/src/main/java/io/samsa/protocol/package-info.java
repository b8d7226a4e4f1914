/**
 * The Kafka wire protocol's messages: each request and response the producer sends or reads, their headers,
 * {@link io.samsa.protocol.ApiKey} and the version negotiation ({@link io.samsa.protocol.NodeApiVersions}).
 *
 * <p><b>Internal</b> to samsa-protocol: not part of Samsa's public API, with no compatibility promise; it may
 * change in any release.
 */
package io.samsa.protocol;
