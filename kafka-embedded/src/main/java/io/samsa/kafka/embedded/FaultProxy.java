package io.samsa.kafka.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of one broker's client listener, for fault-injection tests: clients reach the broker
 * only through it (the broker advertises the proxy's port), and the test makes the network misbehave on demand.
 *
 * <ul>
 *   <li>{@link #resetConnections()}: every open connection is reset (RST, not FIN), as when a middlebox or the peer
 *       host drops them;</li>
 *   <li>{@link #stall(Duration)}: no byte moves in either direction for a while, connections stay open, as on a
 *       congested or partitioned link;</li>
 *   <li>{@link #cutNextRequests(int)}: the next requests a client sends reach the broker only in part (the size
 *       prefix and half the body, at most 64 KiB), then both sides are reset: a frame torn mid-request;</li>
 *   <li>{@link #refuseConnections(boolean)}: new connections are accepted and reset at once.</li>
 * </ul>
 *
 * Threads: one daemon acceptor, and two daemon pumps per connection (client to broker, broker to client), each
 * moving bytes with blocking I/O; the controls are volatile fields and counters any thread may set.
 */
public final class FaultProxy implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;

    private final int nodeId;
    private final int upstreamPort;
    private final ServerSocket server;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile long stalledUntilNanos;
    private volatile boolean refusing;
    private final AtomicInteger cutsLeft = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicLong bytesToBroker = new AtomicLong();
    private volatile boolean closed;

    FaultProxy(int nodeId, int port, int upstreamPort) throws IOException {
        this.nodeId = nodeId;
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        Thread acceptor = new Thread(this::accept, "fault-proxy-" + nodeId + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The broker this proxy fronts. */
    public int nodeId() {
        return nodeId;
    }

    /** The port clients connect to (the one the broker advertises). */
    public int port() {
        return server.getLocalPort();
    }

    /** Resets every open connection now; new ones are served as usual. */
    public void resetConnections() {
        for (Link l : links) {
            l.reset();
        }
    }

    /** Holds every byte in both directions until {@code duration} has passed (from now); connections stay open. */
    public void stall(Duration duration) {
        stalledUntilNanos = System.nanoTime() + duration.toNanos();
    }

    /** Ends a {@link #stall} early. */
    public void resume() {
        stalledUntilNanos = 0;
    }

    /** The next {@code count} requests clients send are cut in the middle, then their connection is reset. */
    public void cutNextRequests(int count) {
        cutsLeft.set(count);
    }

    /** While true, new connections are reset as soon as they are accepted. */
    public void refuseConnections(boolean refuse) {
        refusing = refuse;
    }

    /** Connections accepted so far. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Connections reset by {@link #resetConnections()} or {@link #refuseConnections} so far. */
    public int connectionsReset() {
        return resets.get();
    }

    /** Requests cut by {@link #cutNextRequests} so far. */
    public int requestsCut() {
        return cuts.get();
    }

    /** Bytes forwarded to the broker so far. */
    public long bytesToBroker() {
        return bytesToBroker.get();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            if (refusing) {
                resets.incrementAndGet();
                rst(client);
                continue;
            }
            Socket broker = new Socket();
            try {
                // Nagle would hold a small write behind an unacknowledged one, and a cut's reset would then
                // discard it: the half request must be on the wire before the reset, as with Kafka's own
                // clients, which set TCP_NODELAY too.
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                broker.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 5_000);
            } catch (IOException e) {
                rst(client); // the broker is down: the client sees the connection fail, as it would without us
                closeQuietly(broker);
                continue;
            }
            Link link = new Link(client, broker);
            links.add(link);
            link.start();
        }
    }

    /** One proxied connection: the client's socket, the broker's, and a pump each way. */
    private final class Link {
        final Socket client;
        final Socket broker;
        volatile boolean done;

        Link(Socket client, Socket broker) {
            this.client = client;
            this.broker = broker;
        }

        void start() {
            Thread up = new Thread(this::toBroker, "fault-proxy-" + nodeId + "-up");
            Thread down = new Thread(this::toClient, "fault-proxy-" + nodeId + "-down");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        /** Client to broker, frame by frame (int32 size, then the body), so that a request can be cut mid-way. */
        private void toBroker() {
            byte[] buf = new byte[CHUNK];
            try (InputStream in = client.getInputStream(); OutputStream out = broker.getOutputStream()) {
                long left = 0; // bytes of the current frame's body still to forward
                while (!done) {
                    if (left == 0) {
                        byte[] size = readFully(in, 4);
                        if (size == null) {
                            break;
                        }
                        left = ((size[0] & 0xFFL) << 24) | ((size[1] & 0xFFL) << 16) | ((size[2] & 0xFFL) << 8)
                                | (size[3] & 0xFFL);
                        awaitUnstalled();
                        if (cutsLeft.get() > 0 && cutsLeft.getAndDecrement() > 0) {
                            cuts.incrementAndGet();
                            // the size and half the body leave in one write, so no part of it can still
                            // sit in the send queue (which the reset discards) behind an earlier segment
                            int half = (int) Math.min(left / 2, buf.length - 4);
                            System.arraycopy(size, 0, buf, 0, 4);
                            int got = 0;
                            while (got < half) {
                                int n = in.read(buf, 4 + got, half - got);
                                if (n < 0) {
                                    break;
                                }
                                got += n;
                            }
                            out.write(buf, 0, 4 + got);
                            out.flush();
                            reset();
                            return;
                        }
                        out.write(size);
                        bytesToBroker.addAndGet(4);
                        continue;
                    }
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        break;
                    }
                    awaitUnstalled();
                    out.write(buf, 0, n);
                    bytesToBroker.addAndGet(n);
                    left -= n;
                }
            } catch (IOException e) {
                // the other side or a reset closed it
            } finally {
                finish();
            }
        }

        private void toClient() {
            byte[] buf = new byte[CHUNK];
            try (InputStream in = broker.getInputStream(); OutputStream out = client.getOutputStream()) {
                while (!done) {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    awaitUnstalled();
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                // the other side or a reset closed it
            } finally {
                finish();
            }
        }

        void reset() {
            if (!done) {
                resets.incrementAndGet();
            }
            done = true;
            rst(client);
            rst(broker);
            links.remove(this);
        }

        private void finish() {
            done = true;
            closeQuietly(client);
            closeQuietly(broker);
            links.remove(this);
        }
    }

    /** Waits while a stall is in force (the pump holds its bytes meanwhile). */
    private void awaitUnstalled() {
        long until;
        while ((until = stalledUntilNanos) != 0 && System.nanoTime() < until && !closed) {
            try {
                Thread.sleep(Math.max(1, Math.min(50, (until - System.nanoTime()) / 1_000_000L)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(b, off, n - off);
            if (r < 0) {
                return null;
            }
            off += r;
        }
        return b;
    }

    /** Closes with RST: SO_LINGER 0 discards unsent data and resets the peer instead of a graceful FIN. */
    private static void rst(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Stops accepting and resets every connection. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        resetConnections();
    }

    @Override
    public String toString() {
        return "FaultProxy[node " + nodeId + " :" + port() + " -> :" + upstreamPort + "]";
    }
}
