package io.samsa.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A loopback TCP server that is NOT Kafka: it answers every connection with a scripted behaviour (send
 * garbage, say nothing, close at once). A real broker cannot be made to do these things, which is why this
 * stands in for one in the few tests that need it.
 */
final class FakePeer implements AutoCloseable {
    private final ServerSocket server;
    private final Thread acceptor;
    private final CopyOnWriteArrayList<Socket> sockets = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();

    FakePeer(BiConsumer<InputStream, OutputStream> behaviour) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    sockets.add(s);
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> {
                        try {
                            behaviour.accept(s.getInputStream(), s.getOutputStream());
                        } catch (IOException e) {
                            // peer went away; nothing to do
                        }
                    }, "fake-peer-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "fake-peer-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String bootstrap() {
        return "127.0.0.1:" + port();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
