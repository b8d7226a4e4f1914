package io.samsa.network;

import io.samsa.common.Node;
import io.samsa.common.errors.AuthenticationException;
import io.samsa.common.errors.ClosedException;
import io.samsa.common.errors.NetworkException;
import io.samsa.common.KafkaException;
import io.samsa.common.errors.TimeoutException;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.Request;
import io.samsa.protocol.RequestHeader;
import io.samsa.protocol.Response;
import io.samsa.protocol.types.ProtocolWriter;

import java.nio.ByteBuffer;

/**
 * One request on its way through a connection: what to send, to whom, its deadline, and (once written) the
 * negotiated version and correlation id. Created and touched only by the I/O thread.
 *
 * @param <R> the response type
 */
public final class ClientRequest<R extends Response> {
    final Node node;
    final Request<R> request;
    final ResponseCallback<R> callback;
    final long createdMs;
    final long deadlineMs;
    final int timeoutMs;
    /** A fixed version (the ApiVersions handshake), or -1 to negotiate from the broker's ApiVersions. */
    final short fixedVersion;
    short version = -1;
    int correlationId = -1;
    long sendMs = -1;
    int requestBytes;
    private boolean completed;

    ClientRequest(Node node, Request<R> request, ResponseCallback<R> callback, long nowMs, int timeoutMs,
                  short fixedVersion) {
        this.node = node;
        this.request = request;
        this.callback = callback;
        this.createdMs = nowMs;
        this.timeoutMs = timeoutMs;
        this.deadlineMs = nowMs + timeoutMs;
        this.fixedVersion = fixedVersion;
    }

    public Node node() {
        return node;
    }

    public Request<R> request() {
        return request;
    }

    public ApiKey apiKey() {
        return request.apiKey();
    }

    /** The version the request was encoded at, or -1 before it was written. */
    public short version() {
        return version;
    }

    public int correlationId() {
        return correlationId;
    }

    /** When the request was handed to the connection layer (monotonic ms). */
    public long createdMs() {
        return createdMs;
    }

    /** When its first byte went to the socket (monotonic ms), or -1. */
    public long sendMs() {
        return sendMs;
    }

    /** Size of the encoded frame in bytes, including the size prefix; 0 before it was written. */
    public int requestBytes() {
        return requestBytes;
    }

    /** {@code "Produce v11 correlation id 7 to node 1 (127.0.0.1:9092)"}: how errors name a request. */
    public String describe() {
        return request.apiKey().title() + (version >= 0 ? " v" + version : "")
                + (correlationId >= 0 ? " correlation id " + correlationId : "") + " to " + node;
    }

    /**
     * Encodes the request, with its header, as one size-prefixed frame; from here on it has this version and
     * correlation id.
     *
     * @throws RuntimeException if our own codec cannot encode it (e.g. a string too long)
     */
    ByteBuffer[] encode(short version, int correlationId, String clientId) {
        this.version = version;
        this.correlationId = correlationId;
        ProtocolWriter w = ProtocolWriter.forFrame(256);
        RequestHeader.write(w, request.apiKey(), version, correlationId, clientId);
        request.write(w, version);
        w.finishFrame();
        requestBytes = w.size();
        return w.toBuffers();
    }

    /** The exception this request fails with when its connection fails with {@code cause}: it names the request. */
    KafkaException failure(KafkaException cause) {
        if (cause instanceof ClosedException) {
            return new ClosedException(cause.getMessage() + "; " + describe() + " did not complete");
        }
        if (cause instanceof TimeoutException || cause instanceof AuthenticationException) {
            return cause; // keep the type: callers decide on it (an authentication failure is not retriable)
        }
        return new NetworkException(describe() + " failed: " + cause.getMessage(), node.id(), node.address(),
                request.apiKey().title() + (version >= 0 ? " v" + version : ""), correlationId, cause);
    }

    /** Completes once; later completions (a race between timeout and disconnect) are ignored. */
    boolean markCompleted() {
        if (completed) {
            return false;
        }
        completed = true;
        return true;
    }

    @Override
    public String toString() {
        return describe();
    }
}
