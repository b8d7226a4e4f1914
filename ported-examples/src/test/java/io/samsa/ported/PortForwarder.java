package io.samsa.ported;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Forwards TCP connections from a fixed local port to a broker, byte for byte, so that a program whose bootstrap
 * address is written into its code ({@code localhost:9092}) reaches the embedded broker without a change to the
 * program. Only the bootstrap connection goes through it: the broker's metadata names its own address, which the
 * producer then connects to directly. Listens on every address {@code localhost} resolves to, since that is what the
 * program resolves.
 */
final class PortForwarder implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final List<ServerSocket> servers = new ArrayList<>();
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<Thread> acceptors = new ArrayList<>();
    private volatile boolean closed;

    private PortForwarder(InetSocketAddress target) {
        this.target = target;
    }

    /**
     * Listens on {@code host:port} (each address the host resolves to) and forwards to {@code target}.
     *
     * @throws IOException if a listening socket cannot be bound (the port is taken)
     */
    static PortForwarder open(String host, int port, InetSocketAddress target) throws IOException {
        PortForwarder forwarder = new PortForwarder(target);
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                ServerSocket server = new ServerSocket();
                forwarder.servers.add(server);
                server.bind(new InetSocketAddress(address, port));
            }
        } catch (IOException e) {
            forwarder.close();
            throw e;
        }
        for (ServerSocket server : forwarder.servers) {
            Thread acceptor = new Thread(() -> forwarder.accept(server), "forwarder-accept-" + server.getLocalSocketAddress());
            acceptor.setDaemon(true);
            forwarder.acceptors.add(acceptor);
            acceptor.start();
        }
        return forwarder;
    }

    private void accept(ServerSocket server) {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            sockets.add(client);
            Socket upstream = new Socket();
            sockets.add(upstream);
            try {
                upstream.connect(target, CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            pump(client, upstream);
            pump(upstream, client);
        }
    }

    /** Copies bytes from one socket to the other until end of stream, then half-closes the other side. */
    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "forwarder-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        servers.forEach(PortForwarder::closeQuietly);
        sockets.forEach(PortForwarder::closeQuietly);
        for (Thread acceptor : acceptors) {
            try {
                acceptor.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
