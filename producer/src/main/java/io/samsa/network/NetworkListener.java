package io.samsa.network;

/**
 * Hears about the network client's traffic, for the producer's network metrics: connections opened and closed,
 * authentications, every request written and every response read, and each poll's time split into waiting
 * and I/O. Called on the I/O thread, once per event (never per record); implementations must be cheap, must not
 * block and must not throw.
 */
public interface NetworkListener {
    /** Hears nothing. */
    NetworkListener NONE = new NetworkListener() {
    };

    /** A TCP connection to {@code nodeId} was established (before TLS, SASL and ApiVersions). */
    default void onConnectionCreated(int nodeId, long nowMs) {
    }

    /** A connection to {@code nodeId}, established or not, was closed. */
    default void onConnectionClosed(int nodeId, long nowMs) {
    }

    /**
     * A connection to {@code nodeId} finished its set-up (TLS, SASL, ApiVersions) and is ready for requests. Once
     * per connection: a re-authentication is {@link #onReauthenticated}.
     */
    default void onAuthenticated(int nodeId, long nowMs) {
    }

    /** A new connection to {@code nodeId} failed TLS or SASL authentication. */
    default void onAuthenticationFailed(int nodeId, long nowMs) {
    }

    /**
     * A working connection to {@code nodeId} re-authenticated (KIP-368), {@code latencyMs} after it began to (the
     * requests in flight then were answered first).
     */
    default void onReauthenticated(int nodeId, long latencyMs, long nowMs) {
    }

    /** A working connection to {@code nodeId} failed its re-authentication (KIP-368) and is being closed. */
    default void onReauthenticationFailed(int nodeId, long nowMs) {
    }

    /** A request of {@code bytes} bytes (size prefix included) was completely written to {@code nodeId}. */
    default void onRequestSent(int nodeId, int bytes, long nowMs) {
    }

    /**
     * A response of {@code bytes} bytes (size prefix included) was read from {@code nodeId}, {@code latencyMs}
     * after its request was written.
     */
    default void onResponseReceived(int nodeId, int bytes, long latencyMs, long nowMs) {
    }

    /**
     * One poll: {@code selectNanos} waiting in the selector, then {@code ioNanos} reading, writing and
     * handling what it reported.
     */
    default void onPoll(long selectNanos, long ioNanos, long nowMs) {
    }
}
