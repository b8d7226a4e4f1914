package io.samsa.network;

import io.samsa.protocol.types.ProtocolException;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a connection's incoming bytes into response frames: a 4-byte size prefix, then that many bytes.
 *
 * <p>It is also the first guard against a peer that is not a Kafka broker (an HTTP or TLS server on the port, a
 * proxy's error page): a size prefix outside {@code 4..maxResponseBytes}, or bytes arriving when no request is in
 * flight, fail with a {@link ProtocolException} that shows the first bytes as hex and text. The payload buffer
 * is sized by the bytes that arrive, not by what the prefix claims, so a garbage prefix cannot make the client
 * allocate.
 *
 * <p><b>Threading.</b> One per connection, owned by the I/O thread like the {@link Connection} holding it.
 */
final class ResponseReader {
    /** Payload buffers start at most this large and double as bytes actually arrive. */
    private static final int INITIAL_PAYLOAD_BYTES = 1 << 20;

    private final int maxResponseBytes;
    private final ByteBuffer sizeBuffer = ByteBuffer.allocate(4);
    private ByteBuffer payload;
    private int payloadSize = -1;
    private long bytesRead;

    ResponseReader(int maxResponseBytes) {
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * Reads what the transport has, up to the end of one frame.
     *
     * @param responseExpected whether a request waits for a response: bytes arriving otherwise are not Kafka
     * @return the body of a complete frame (after its size prefix), or null when the transport has no more bytes
     *         for now
     * @throws EOFException      when the peer closed the connection ({@link #midResponse()} tells whether it
     *                           did so in the middle of a response)
     * @throws ProtocolException when the bytes cannot be a Kafka response
     */
    ByteBuffer read(Transport transport, boolean responseExpected) throws IOException {
        while (true) {
            if (payloadSize < 0) {
                int n = transport.read(sizeBuffer);
                if (n < 0) {
                    throw new EOFException("connection closed by the broker");
                }
                bytesRead += n;
                if (sizeBuffer.hasRemaining()) {
                    return null;
                }
                int size = sizeBuffer.getInt(0);
                if (size < 4 || size > maxResponseBytes) {
                    throw new ProtocolException("response size prefix " + size + " is outside 4.." + maxResponseBytes
                            + " (first bytes: " + printable(sizeBuffer) + ")" + guessPeer(sizeBuffer));
                }
                if (!responseExpected) {
                    throw new ProtocolException("received " + size + " bytes with no request in flight (first bytes: "
                            + printable(sizeBuffer) + ")");
                }
                payloadSize = size;
                payload = ByteBuffer.allocate(Math.min(size, INITIAL_PAYLOAD_BYTES));
            }
            if (!payload.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(payloadSize, 2L * payload.capacity()));
                payload.flip();
                bigger.put(payload);
                payload = bigger;
            }
            int n = transport.read(payload);
            if (n < 0) {
                throw new EOFException("connection closed by the broker in the middle of a response");
            }
            bytesRead += n;
            if (payload.position() < payloadSize) {
                if (payload.hasRemaining()) {
                    return null; // the socket has no more for now
                }
                continue; // buffer full but response incomplete: grow it
            }
            ByteBuffer body = payload.flip();
            payload = null;
            payloadSize = -1;
            sizeBuffer.clear();
            return body;
        }
    }

    /** True from the arrival of a response's size prefix until its last byte has arrived. */
    boolean midResponse() {
        return payloadSize >= 0;
    }

    /** Bytes read so far, over the connection's life: what moves tells the connection it is not idle. */
    long bytesRead() {
        return bytesRead;
    }

    /**
     * What the first bytes of a bad response suggest the peer is, as a hint for the user: a TLS record header
     * (content type 20-23, then major version 3) is a TLS listener answering a plaintext client, the most common
     * misconfiguration; "HTTP" is a web server on the port.
     */
    static String guessPeer(ByteBuffer first) {
        int b0 = first.get(0) & 0xFF;
        int b1 = first.get(1) & 0xFF;
        if (b0 >= 0x14 && b0 <= 0x17 && b1 == 0x03) {
            return "; these bytes are a TLS record: the listener expects TLS, so set security.protocol=SSL (or "
                    + "SASL_SSL) or use the broker's plaintext listener";
        }
        if (b0 == 'H' && b1 == 'T') {
            return "; these bytes are HTTP: the address is a web server, not a Kafka listener";
        }
        return "";
    }

    /** The first bytes of a bad response, as hex and as text, to tell an HTTP or TLS server from garbage. */
    private static String printable(ByteBuffer buf) {
        StringBuilder hex = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < buf.limit(); i++) {
            int b = buf.get(i) & 0xFF;
            hex.append(String.format("%02x", b));
            text.append(b >= 32 && b < 127 ? (char) b : '.');
        }
        return hex + " \"" + new String(text.toString().getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII)
                + "\"";
    }
}
