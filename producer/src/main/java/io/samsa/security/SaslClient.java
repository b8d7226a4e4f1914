package io.samsa.security;

import io.samsa.common.errors.SaslAuthenticationException;

/**
 * The client side of one SASL exchange. A new instance per authentication (and per KIP-368
 * re-authentication): instances hold the exchange's state (nonces, the expected server signature).
 * Used by the I/O thread only.
 */
public interface SaslClient {
    /** The mechanism's wire name. */
    String mechanism();

    /** The first token the client sends (PLAIN: the whole login; SCRAM: client-first-message). */
    byte[] initialResponse();

    /**
     * Handles the broker's token (the auth_bytes of a SaslAuthenticate response) and returns the next token to
     * send, or null when the exchange is over ({@link #isComplete()} is then true).
     *
     * @throws SaslAuthenticationException if the broker's answer is malformed, reports an error, or (SCRAM)
     *         does not prove that the broker knows our password
     */
    byte[] evaluateChallenge(byte[] challenge);

    /** True once the exchange succeeded from the client's point of view. */
    boolean isComplete();
}
