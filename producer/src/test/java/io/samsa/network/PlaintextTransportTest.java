package io.samsa.network;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PlaintextTransport} over a real loopback socket whose peer stops reading, so that the socket fills and
 * writes are partial - the case staging exists for: every byte is taken from the caller's buffers once, nothing
 * is taken while staged bytes wait for the socket, and what arrives is exactly what was offered, in order.
 */
class PlaintextTransportTest {
    private ServerSocketChannel server;
    private SocketChannel client;
    private SocketChannel peer;

    @BeforeEach
    void connect() throws IOException {
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = SocketChannel.open();
        client.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024); // small, so the socket fills quickly
        client.connect(server.getLocalAddress());
        client.configureBlocking(false);
        peer = server.accept();
        peer.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
        peer.configureBlocking(false);
    }

    @AfterEach
    void close() throws IOException {
        for (java.io.Closeable c : new java.io.Closeable[] {client, peer, server}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void takesEachByteOnceAndDeliversAllInOrderThroughPartialWrites() throws IOException {
        // Five heap buffers of 100 KB (a Produce request's header and batches), far more than the socket holds.
        ByteBuffer[] frame = new ByteBuffer[5];
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int b = 0; b < frame.length; b++) {
            byte[] bytes = new byte[100_000];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (i * 31 + b * 7);
            }
            expected.write(bytes);
            frame[b] = ByteBuffer.wrap(bytes);
        }
        long total = expected.size();
        PlaintextTransport transport = new PlaintextTransport(client);

        // Phase 1: the peer reads nothing. Writing stops when the socket and the stage are full.
        long taken = 0;
        int index = 0;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            long n = transport.write(frame, index, frame.length - index);
            taken += n;
            index = firstWithRemaining(frame, index);
            if (n == 0) {
                break;
            }
            assertThat(System.nanoTime()).as("the socket never filled").isLessThan(deadline);
        }
        assertThat(taken).isLessThan(total);
        assertThat(transport.hasPendingWrites()).isTrue();
        assertThat(taken).isEqualTo(total - remaining(frame));
        // While staged bytes wait, nothing more is taken: the caller's buffers do not move.
        long[] positions = positions(frame);
        assertThat(transport.write(frame, index, frame.length - index)).isZero();
        assertThat(positions(frame)).isEqualTo(positions);
        assertThat(transport.flush()).isFalse();

        // Phase 2: the peer reads; everything offered arrives once, in order, and the stage empties.
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.allocate(8192);
        deadline = System.nanoTime() + 20_000_000_000L;
        while (received.size() < total) {
            assertThat(System.nanoTime()).as("received %d of %d bytes", received.size(), total)
                    .isLessThan(deadline);
            in.clear();
            int r = peer.read(in);
            if (r > 0) {
                received.write(in.array(), 0, r);
            }
            if (index < frame.length) {
                taken += transport.write(frame, index, frame.length - index);
                index = firstWithRemaining(frame, index);
            } else {
                transport.flush();
            }
        }
        assertThat(taken).isEqualTo(total);
        assertThat(transport.hasPendingWrites()).isFalse();
        assertThat(transport.flush()).isTrue();
        assertThat(Arrays.equals(received.toByteArray(), expected.toByteArray())).as("bytes as offered").isTrue();
    }

    @Test
    void anEmptyWriteTakesNothingAndLeavesNothingPending() throws IOException {
        PlaintextTransport transport = new PlaintextTransport(client);
        assertThat(transport.hasPendingWrites()).isFalse();
        assertThat(transport.flush()).isTrue();
        assertThat(transport.write(new ByteBuffer[] {ByteBuffer.allocate(0)}, 0, 1)).isZero();
        assertThat(transport.hasPendingWrites()).isFalse();
    }

    private static int firstWithRemaining(ByteBuffer[] bufs, int from) {
        int i = from;
        while (i < bufs.length && !bufs[i].hasRemaining()) {
            i++;
        }
        return i;
    }

    private static long remaining(ByteBuffer[] bufs) {
        long n = 0;
        for (ByteBuffer b : bufs) {
            n += b.remaining();
        }
        return n;
    }

    private static long[] positions(ByteBuffer[] bufs) {
        return Arrays.stream(bufs).mapToLong(ByteBuffer::position).toArray();
    }
}
