package io.samsa.network;

import io.samsa.common.Node;
import io.samsa.common.KafkaException;
import io.samsa.protocol.NodeApiVersions;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One TCP connection to one broker and the requests queued on it: state, and the bookkeeping of its own queues
 * and timers; {@link NetworkClient} drives it. Owned by the I/O thread; never touched by any other thread.
 *
 * <p>Requests move {@code unsent -> writing -> inFlight -> completed}. The broker answers the requests of one
 * connection in the order it received them, so {@code inFlight} is a FIFO and the head is always the request
 * the next response belongs to (its correlation id is checked).
 */
final class Connection {
    enum State {
        /** TCP connect in progress. */
        CONNECTING,
        /** TCP connected; the TLS handshake is in progress (SSL and SASL_SSL only). No Kafka bytes yet. */
        TLS_HANDSHAKE,
        /** Connected; the ApiVersions exchange is in progress. Only that request may be sent. */
        HANDSHAKE,
        /** Versions negotiated; SaslHandshake and SaslAuthenticate in progress. Only those may be sent. */
        AUTHENTICATING,
        /** Versions negotiated (and authenticated, with SASL): ordinary requests may flow. */
        READY,
        /**
         * KIP-368: a READY connection re-authenticating before its SASL session expires. The SASL requests wait
         * for the in-flight requests to be answered, go out alone, and then ordinary requests flow again.
         */
        REAUTHENTICATING;

        /** The connection has negotiated versions (it may be busy re-authenticating). */
        boolean established() {
            return this == READY || this == REAUTHENTICATING;
        }

        /** Only the connection's own setup requests (fixed version) may be written in this state. */
        boolean setupOnly() {
            return this == HANDSHAKE || this == AUTHENTICATING || this == REAUTHENTICATING;
        }

        /** What a connection not yet established is busy with: for set-up timeout messages. */
        String setupPhase() {
            return switch (this) {
                case CONNECTING -> "TCP connect";
                case TLS_HANDSHAKE -> "TLS handshake";
                case AUTHENTICATING -> "SASL authentication";
                default -> "ApiVersions handshake";
            };
        }
    }

    final Node node;
    final SocketChannel channel;
    /** Plain TCP or TLS on {@link #channel}: every application byte goes through it. */
    final Transport transport;
    final SelectionKey key;
    State state = State.CONNECTING;
    /** When the current setup attempt (connect + ApiVersions) must be complete (monotonic ms). */
    final long setupDeadlineMs;
    final int setupTimeoutMs;
    long lastActivityMs;
    NodeApiVersions apiVersions;
    /** The connection's SASL authentication (SASL_PLAINTEXT and SASL_SSL), else null. */
    final SaslAuthenticator sasl;
    /** When the re-authentication in progress began (monotonic ms), for its latency. */
    long reauthStartMs;

    /** Waiting to be written (not yet encoded, so the version can still be chosen after the handshake). */
    final ArrayDeque<ClientRequest<?>> unsent = new ArrayDeque<>();
    /** Written (or being written) and awaiting a response, in send order. */
    final ArrayDeque<ClientRequest<?>> inFlight = new ArrayDeque<>();
    /** The request whose frame is being written, if the socket did not take all of it at once. */
    ClientRequest<?> writing;
    ByteBuffer[] writeBuffers;
    int writeIndex;

    /** Cuts the incoming bytes into response frames. */
    final ResponseReader reader;

    Connection(Node node, SocketChannel channel, Transport transport, ResponseReader reader, SaslAuthenticator sasl,
               SelectionKey key, long nowMs, int setupTimeoutMs) {
        this.node = node;
        this.channel = channel;
        this.transport = transport;
        this.reader = reader;
        this.sasl = sasl;
        this.key = key;
        this.lastActivityMs = nowMs;
        this.setupTimeoutMs = setupTimeoutMs;
        this.setupDeadlineMs = nowMs + setupTimeoutMs;
    }

    /** Requests written or being written that still wait for something from the broker or the socket. */
    int inFlightCount() {
        return inFlight.size() + (writing != null && !writing.request.expectsResponse() ? 1 : 0);
    }

    /** KIP-368: when to re-authenticate (monotonic ms); {@link Long#MAX_VALUE} when there is no need. */
    long reauthAtMs() {
        return sasl == null ? Long.MAX_VALUE : sasl.reauthenticateAtMs();
    }

    boolean hasPendingWork() {
        return writing != null || !unsent.isEmpty() || !inFlight.isEmpty();
    }

    /**
     * When one of the connection's timers next needs attention (monotonic ms): set-up, re-authentication, the
     * oldest request in flight or queued, or the idle limit {@code maxIdleMs} when nothing is pending.
     */
    long nextDeadlineMs(long maxIdleMs) {
        long next = Long.MAX_VALUE;
        if (!state.established()) {
            next = setupDeadlineMs;
        }
        if (state == State.READY) {
            next = Math.min(next, reauthAtMs());
        }
        ClientRequest<?> head = inFlight.peekFirst();
        if (head != null) {
            next = Math.min(next, head.deadlineMs);
        }
        ClientRequest<?> queued = unsent.peekFirst();
        if (queued != null) {
            next = Math.min(next, queued.deadlineMs);
        }
        return hasPendingWork() ? next : Math.min(next, lastActivityMs + maxIdleMs);
    }

    /**
     * Ends every request of the connection. {@code inFlightError} goes to requests already (partly) written,
     * {@code unsentError} (or the same as in-flight when null) to those never written.
     */
    void failAll(Completions completions, KafkaException inFlightError, KafkaException unsentError) {
        if (writing != null && !writing.request.expectsResponse()) {
            completions.add(writing, null, writing.failure(inFlightError));
        }
        writing = null;
        writeBuffers = null;
        for (ClientRequest<?> r : inFlight) {
            completions.add(r, null, r.failure(inFlightError));
        }
        inFlight.clear();
        for (ClientRequest<?> r : unsent) {
            completions.add(r, null, r.failure(unsentError != null ? unsentError : inFlightError));
        }
        unsent.clear();
    }
}
