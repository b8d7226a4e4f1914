package io.samsa.network;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The byte stream under a {@link Connection}: plain TCP or TLS over the same non-blocking socket. The
 * connection layer reads and writes Kafka frames through it and never sees TLS records.
 *
 * <p>Contract (non-blocking): {@link #read} and {@link #write} move what they can now and return; a short
 * {@link #read} means nothing more is available, neither on the socket nor decrypted and buffered inside the
 * transport, so the selector's next OP_READ is the right time to come back. Owned by the I/O thread.
 */
interface Transport {
    /**
     * Advances the transport's own handshake (TLS). Returns true when application bytes can flow.
     * {@link #interestOps()} then says what the handshake waits for.
     */
    boolean handshake() throws IOException;

    /** The selector interest the transport needs for its own work (handshake or flushing), beyond the caller's. */
    int interestOps();

    /** Reads application bytes into {@code dst}; -1 at end of stream. */
    int read(ByteBuffer dst) throws IOException;

    /** Writes application bytes from the buffers; returns how many it took (they may still be buffered). */
    long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /** True while bytes taken by {@link #write} have not all reached the socket yet (TLS records). */
    boolean hasPendingWrites();

    /** Pushes pending bytes to the socket; true when none are left. */
    boolean flush() throws IOException;

    /** Closes (sending TLS close_notify if it can without blocking) and closes the socket. */
    void close();

    /** {@code "TLSv1.3 TLS_AES_256_GCM_SHA384"} or {@code "plaintext"}: for logs. */
    String describe();
}
