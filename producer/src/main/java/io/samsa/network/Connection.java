package io.samsa.network;

import io.samsa.common.Node;
import io.samsa.protocol.NodeApiVersions;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One TCP connection to one broker and the requests queued on it. Plain state, no logic of its own beyond
 * bookkeeping: {@link NetworkClient} drives it. Owned by the I/O thread; never touched by any other thread.
 *
 * <p>Requests move {@code unsent -> writing -> inFlight -> completed}. The broker answers the requests of one
 * connection in the order it received them, so {@code inFlight} is a FIFO and the head is always the request
 * the next response belongs to (its correlation id is checked).
 */
final class Connection {
    enum State {
        /** TCP connect in progress. */
        CONNECTING,
        /** Connected; the ApiVersions exchange is in progress. Only that request may be sent. */
        HANDSHAKE,
        /** Versions negotiated: ordinary requests may flow. */
        READY
    }

    final Node node;
    final SocketChannel channel;
    final SelectionKey key;
    State state = State.CONNECTING;
    /** When the current setup attempt (connect + ApiVersions) must be complete (monotonic ms). */
    final long setupDeadlineMs;
    final int setupTimeoutMs;
    long lastActivityMs;
    NodeApiVersions apiVersions;

    /** Waiting to be written (not yet encoded, so the version can still be chosen after the handshake). */
    final ArrayDeque<ClientRequest<?>> unsent = new ArrayDeque<>();
    /** Written (or being written) and awaiting a response, in send order. */
    final ArrayDeque<ClientRequest<?>> inFlight = new ArrayDeque<>();
    /** The request whose frame is being written, if the socket did not take all of it at once. */
    ClientRequest<?> writing;
    ByteBuffer[] writeBuffers;
    int writeIndex;

    /** Reading: the 4-byte size prefix first, then the payload grown as bytes arrive (never sized up front). */
    final ByteBuffer sizeBuffer = ByteBuffer.allocate(4);
    ByteBuffer payload;
    int payloadSize = -1;

    Connection(Node node, SocketChannel channel, SelectionKey key, long nowMs, int setupTimeoutMs) {
        this.node = node;
        this.channel = channel;
        this.key = key;
        this.lastActivityMs = nowMs;
        this.setupTimeoutMs = setupTimeoutMs;
        this.setupDeadlineMs = nowMs + setupTimeoutMs;
    }

    /** Requests written or being written that still wait for something from the broker or the socket. */
    int inFlightCount() {
        return inFlight.size() + (writing != null && !writing.request.expectsResponse() ? 1 : 0);
    }

    boolean hasPendingWork() {
        return writing != null || !unsent.isEmpty() || !inFlight.isEmpty();
    }
}
