/**
 * The consumer-side types a transactional producer takes in {@code sendOffsetsToTransaction}:
 * {@link io.samsa.clients.consumer.OffsetAndMetadata}, {@link io.samsa.clients.consumer.ConsumerGroupMetadata},
 * and {@link io.samsa.clients.consumer.CommitFailedException}.
 *
 * <p><b>Public API</b> of samsa-producer: covered by the API check (japicmp against {@code api-baseline/}) and by
 * the version policy in the README.
 */
package io.samsa.clients.consumer;
