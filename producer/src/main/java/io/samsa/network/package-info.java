/**
 * The connection layer: the single I/O thread, connections to brokers (plaintext and TLS, SASL authentication),
 * requests in flight and their responses.
 *
 * <p><b>Internal</b> to samsa-producer: not part of Samsa's public API, with no compatibility promise; it may
 * change in any release.
 */
package io.samsa.network;
