/**
 * The sender: moves batches from the accumulator to the brokers and settles each batch's fate.
 *
 * <p><b>Internal</b> to samsa-producer: not part of Samsa's public API, with no compatibility promise; it may
 * change in any release.
 */
package io.samsa.sender;
