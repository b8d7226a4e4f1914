/**
 * Cluster metadata: the bootstrap servers, and which brokers lead which partitions, kept fresh.
 *
 * <p><b>Internal</b> to samsa-producer: not part of Samsa's public API, with no compatibility promise; it may
 * change in any release.
 */
package io.samsa.metadata;
