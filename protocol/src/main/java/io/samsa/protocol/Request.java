package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolException;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

/**
 * A request body the network layer can send: it knows its API, writes its body at a negotiated version and
 * reads the matching response body.
 *
 * <p>The network layer owns framing and headers: it writes the size prefix and {@link RequestHeader}, calls
 * {@link #write}, and on the way back reads the size prefix and {@link ResponseHeader} before calling
 * {@link #readResponse}. Keeping headers out of the messages means a message never needs the correlation id
 * or the client id, and one request object can be resent (e.g. after a reconnect) under a new correlation id.
 *
 * <p>Implementations are immutable and may be written any number of times from any thread.
 *
 * @param <R> the response type
 */
public interface Request<R extends Response> {
    ApiKey apiKey();

    /**
     * Writes the body (no size prefix, no header) at {@code version}.
     *
     * @throws io.samsa.common.errors.UnsupportedVersionException if {@code version} is outside {@link #apiKey()}'s
     *         range, or the request holds something that version cannot express
     */
    void write(ProtocolWriter w, short version);

    /**
     * Reads the response body (after the response header) that answers this request sent at {@code version}.
     *
     * @throws ProtocolException if the bytes do not decode
     */
    R readResponse(ProtocolReader r, short version);

    /**
     * The highest version this request may be sent at, below what both sides support: the transaction protocol
     * in use (KIP-890) is told to the broker by the request version, so a transactional producer on a cluster
     * whose {@code transaction.version} is below 2 caps Produce, EndTxn and TxnOffsetCommit at the last versions
     * before it. The network layer negotiates {@code min(ours, the broker's, this)}.
     */
    default short maxVersion() {
        return Short.MAX_VALUE;
    }

    /** False when the broker sends no response at all (Produce with acks=0): don't wait for one. */
    default boolean expectsResponse() {
        return true;
    }
}
