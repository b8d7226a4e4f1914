package io.samsa.network;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * TLS over a non-blocking socket with the JDK's {@link SSLEngine}: the handshake, then application bytes
 * wrapped into and unwrapped from TLS records.
 *
 * <p>Three buffers, each with one convention:
 * <pre>
 *   socket --read--> netIn  (write mode: [0, position) is ciphertext not yet unwrapped)
 *                      |  unwrap
 *                      v
 *                    appIn  (write mode: [0, position) is plaintext not yet handed to the caller) --> read(dst)
 *
 *   write(srcs) --wrap--> netOut (read mode: [position, limit) is ciphertext not yet on the socket) --> socket
 * </pre>
 * BUFFER_UNDERFLOW (an incomplete TLS record) reads more from the socket, growing {@code netIn} if a record is
 * larger than it; BUFFER_OVERFLOW grows the destination. Delegated tasks (certificate checks) run inline on
 * the I/O thread: they are short, and running them elsewhere would need a hand-back for little gain (Apache
 * Kafka's client does the same). After the handshake the engine may still need to unwrap post-handshake
 * messages (TLS 1.3 session tickets, key updates) or wrap an answer; {@link #read} handles both.
 *
 * <p>A short {@link #read} means no plaintext is buffered here and the socket had no more: the next OP_READ
 * comes when more ciphertext arrives, so nothing buffered can be stranded. Owned by the I/O thread.
 */
final class TlsTransport implements Transport {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private ByteBuffer appIn;
    private boolean started;
    private boolean handshakeDone;
    /** The ciphertext in {@code netIn} is an incomplete record: read from the socket before unwrapping again. */
    private boolean needMoreNet;
    private boolean inboundClosed;
    private boolean eof;

    TlsTransport(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        SSLSession session = engine.getSession();
        this.netIn = ByteBuffer.allocate(session.getPacketBufferSize());
        this.netOut = ByteBuffer.allocate(session.getPacketBufferSize());
        this.netOut.limit(0);
        this.appIn = ByteBuffer.allocate(session.getApplicationBufferSize());
    }

    @Override
    public boolean handshake() throws IOException {
        if (handshakeDone) {
            return true;
        }
        if (!started) {
            engine.beginHandshake();
            started = true;
        }
        try {
            while (true) {
                if (!flush()) {
                    return false;
                }
                HandshakeStatus hs = engine.getHandshakeStatus();
                switch (hs) {
                    case NEED_TASK -> runDelegatedTasks();
                    case NEED_WRAP -> wrap(EMPTY);
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (!unwrapOnce(true)) {
                            return false; // waiting for the broker's next flight
                        }
                    }
                    case FINISHED, NOT_HANDSHAKING -> {
                        if (!flush()) {
                            return false;
                        }
                        handshakeDone = true;
                        return true;
                    }
                    default -> throw new SSLException("unexpected TLS handshake status " + hs);
                }
            }
        } catch (SSLException e) {
            // The engine may have an alert to send that tells the broker why; send it if the socket takes it.
            sendAlertQuietly();
            throw e;
        }
    }

    @Override
    public int interestOps() {
        if (hasPendingWrites()) {
            return SelectionKey.OP_WRITE | SelectionKey.OP_READ;
        }
        return SelectionKey.OP_READ;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            if (appIn.position() > 0) {
                total += transfer(dst);
                continue;
            }
            if (inboundClosed || eof) {
                break;
            }
            if (netIn.position() > 0 && !needMoreNet) {
                unwrapOnce(false);
                continue;
            }
            if (!netIn.hasRemaining()) {
                netIn = grow(netIn, netIn.capacity() + engine.getSession().getPacketBufferSize());
            }
            int n = channel.read(netIn);
            if (n < 0) {
                eof = true;
                break;
            }
            if (n == 0) {
                break;
            }
            needMoreNet = false;
        }
        if (total == 0 && (eof || inboundClosed)) {
            return -1;
        }
        return total;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        while (true) {
            if (!flush()) {
                return total;
            }
            if (!hasRemaining(srcs, offset, length)) {
                return total;
            }
            netOut.clear();
            SSLEngineResult r = engine.wrap(srcs, offset, length, netOut);
            netOut.flip();
            switch (r.getStatus()) {
                case OK -> total += r.bytesConsumed();
                case BUFFER_OVERFLOW -> {
                    netOut = ByteBuffer.allocate(netOut.capacity() + engine.getSession().getPacketBufferSize());
                    netOut.limit(0);
                }
                case CLOSED -> throw new SSLException("the TLS connection is closed");
                default -> throw new SSLException("unexpected TLS wrap status " + r.getStatus());
            }
            afterEngineCall(r);
        }
    }

    @Override
    public boolean hasPendingWrites() {
        return netOut.hasRemaining();
    }

    @Override
    public boolean flush() throws IOException {
        while (netOut.hasRemaining()) {
            if (channel.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            engine.closeOutbound();
            if (!hasPendingWrites()) {
                netOut.clear();
                engine.wrap(EMPTY, netOut); // close_notify
                netOut.flip();
                flush(); // best effort: never block on close
            }
        } catch (IOException | RuntimeException e) {
            // the peer may be gone already; the socket closes below either way
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public String describe() {
        SSLSession s = engine.getSession();
        return s.getProtocol() + " " + s.getCipherSuite();
    }

    // ---- internals ------------------------------------------------------------------------------------------

    /**
     * Unwraps one TLS record from {@code netIn} into {@code appIn}, reading from the socket if the record is
     * incomplete (only when {@code readSocket}). Returns false if more bytes are needed and none are there.
     */
    private boolean unwrapOnce(boolean readSocket) throws IOException {
        while (true) {
            netIn.flip();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                netIn.compact();
            }
            switch (r.getStatus()) {
                case OK -> {
                    afterEngineCall(r);
                    if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                        needMoreNet = true;
                        if (!readSocket) {
                            return false;
                        }
                        if (!readMore()) {
                            return false;
                        }
                        continue;
                    }
                    return true;
                }
                case BUFFER_UNDERFLOW -> {
                    needMoreNet = true;
                    if (!readSocket || !readMore()) {
                        return false;
                    }
                }
                case BUFFER_OVERFLOW -> appIn = grow(appIn, appIn.position() + engine.getSession()
                        .getApplicationBufferSize());
                case CLOSED -> {
                    inboundClosed = true;
                    if (!handshakeDone) {
                        throw new EOFException("the broker closed the TLS connection during the handshake");
                    }
                    return false;
                }
                default -> throw new SSLException("unexpected TLS unwrap status " + r.getStatus());
            }
        }
    }

    /** Reads ciphertext from the socket for the handshake. False if none is available now. */
    private boolean readMore() throws IOException {
        if (!netIn.hasRemaining()) {
            netIn = grow(netIn, netIn.capacity() + engine.getSession().getPacketBufferSize());
        }
        int n = channel.read(netIn);
        if (n < 0) {
            eof = true;
            throw new EOFException("the broker closed the connection during the TLS handshake (is the listener "
                    + "TLS? a PLAINTEXT or SASL_PLAINTEXT listener closes on a TLS ClientHello)");
        }
        if (n > 0) {
            needMoreNet = false;
        }
        return n > 0;
    }

    /** Post-handshake work the engine asks for: delegated tasks, or a record to send (e.g. TLS 1.3 KeyUpdate). */
    private void afterEngineCall(SSLEngineResult r) throws IOException {
        HandshakeStatus hs = r.getHandshakeStatus();
        if (hs == HandshakeStatus.NEED_TASK) {
            runDelegatedTasks();
            hs = engine.getHandshakeStatus();
        }
        if (handshakeDone && hs == HandshakeStatus.NEED_WRAP && !hasPendingWrites()) {
            wrap(EMPTY);
            flush();
        }
    }

    private void wrap(ByteBuffer src) throws IOException {
        while (true) {
            netOut.clear();
            SSLEngineResult r = engine.wrap(src, netOut);
            netOut.flip();
            switch (r.getStatus()) {
                case OK -> {
                    if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                        runDelegatedTasks();
                    }
                    return;
                }
                case BUFFER_OVERFLOW -> {
                    netOut = ByteBuffer.allocate(netOut.capacity() + engine.getSession().getPacketBufferSize());
                    netOut.limit(0);
                }
                case CLOSED -> {
                    // The engine closed (a fatal alert was just produced, or close_notify): send what there is.
                    flush();
                    throw new SSLException("the TLS engine closed during the handshake");
                }
                default -> throw new SSLException("unexpected TLS wrap status " + r.getStatus());
            }
        }
    }

    private void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private void sendAlertQuietly() {
        try {
            if (!hasPendingWrites() && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                netOut.clear();
                engine.wrap(EMPTY, netOut);
                netOut.flip();
            }
            flush();
        } catch (IOException | RuntimeException e) {
            // the alert is a courtesy; the original error is what matters
        }
    }

    private int transfer(ByteBuffer dst) {
        appIn.flip();
        int n = Math.min(appIn.remaining(), dst.remaining());
        if (n == appIn.remaining()) {
            dst.put(appIn);
        } else {
            ByteBuffer slice = appIn.slice();
            slice.limit(n);
            dst.put(slice);
            appIn.position(appIn.position() + n);
        }
        appIn.compact();
        return n;
    }

    private static ByteBuffer grow(ByteBuffer writeMode, int capacity) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(capacity, writeMode.capacity()));
        writeMode.flip();
        bigger.put(writeMode);
        return bigger;
    }

    private static boolean hasRemaining(ByteBuffer[] srcs, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (srcs[i].hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
