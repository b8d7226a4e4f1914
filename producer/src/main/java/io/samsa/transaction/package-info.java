/**
 * Transactions: the transactional producer's state machine and the requests that drive it.
 *
 * <p><b>Internal</b> to samsa-producer: not part of Samsa's public API, with no compatibility promise; it may
 * change in any release.
 */
package io.samsa.transaction;
