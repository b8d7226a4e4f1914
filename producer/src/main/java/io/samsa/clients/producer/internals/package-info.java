/**
 * The producer's own machinery behind {@code KafkaProducer}: the callback thread, records waiting for metadata,
 * the producer's metrics, cold start and authentication failures.
 *
 * <p><b>Internal</b> to samsa-producer: not part of Samsa's public API, with no compatibility promise; it may
 * change in any release.
 */
package io.samsa.clients.producer.internals;
