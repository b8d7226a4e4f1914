/**
 * The idempotent producer's state: producer id and epoch, and sequence numbers per partition.
 *
 * <p><b>Internal</b> to samsa-producer: not part of Samsa's public API, with no compatibility promise; it may
 * change in any release.
 */
package io.samsa.idempotence;
