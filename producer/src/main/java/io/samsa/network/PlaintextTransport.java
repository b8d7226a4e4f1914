package io.samsa.network;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Plain TCP: the socket, written through a direct staging buffer of our own.
 *
 * <p>Why stage: a request's batches are heap buffers, and the JDK writes a heap buffer by first copying it into
 * a temporary direct buffer - all of what is offered, each call. The socket takes at most its send buffer
 * ({@code send.buffer.bytes}, 128 KiB by default) while a Produce request is several batches of up to
 * {@code batch.size}, so most writes are partial, and the JDK would copy the unwritten rest again on every
 * following call: a byte near the end of a large request would be copied once per call before it. Staging
 * copies each byte once, in chunks the socket can take, and hands the socket a direct buffer, which it writes
 * without a copy. The connection counts a request as written only once the
 * stage is empty too ({@link #hasPendingWrites}), so an acks=0 request completes when the socket has all of it.
 *
 * <p>Layout of {@code stage}: read mode; {@code [position, limit)} are bytes taken from the caller and not yet
 * accepted by the socket ({@link #hasPendingWrites}). I/O thread only.
 */
final class PlaintextTransport implements Transport {
    /** Staging size: the default socket send buffer; larger only costs memory per connection. */
    static final int STAGE_BYTES = 128 * 1024;

    private final SocketChannel channel;
    private ByteBuffer stage; // made at the first write: connections that never send cost nothing

    PlaintextTransport(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public boolean handshake() {
        return true;
    }

    @Override
    public int interestOps() {
        return 0;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (stage == null) {
            stage = ByteBuffer.allocateDirect(STAGE_BYTES).flip();
        }
        long taken = 0;
        int end = offset + length;
        int i = offset;
        while (flush()) {
            // The stage is empty: fill it from the caller's buffers, in order.
            stage.clear();
            while (i < end && stage.hasRemaining()) {
                ByteBuffer src = srcs[i];
                int n = Math.min(src.remaining(), stage.remaining());
                if (n == src.remaining()) {
                    stage.put(src);
                    i++;
                } else {
                    int limit = src.limit();
                    src.limit(src.position() + n);
                    stage.put(src);
                    src.limit(limit);
                }
                taken += n;
            }
            stage.flip();
            if (!stage.hasRemaining()) {
                break; // nothing left to take
            }
        }
        return taken;
    }

    @Override
    public boolean hasPendingWrites() {
        return stage != null && stage.hasRemaining();
    }

    @Override
    public boolean flush() throws IOException {
        while (stage != null && stage.hasRemaining()) {
            if (channel.write(stage) == 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do: the socket is gone either way
        }
    }

    @Override
    public String describe() {
        return "plaintext";
    }
}
