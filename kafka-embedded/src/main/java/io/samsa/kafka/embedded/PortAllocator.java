package io.samsa.kafka.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks free loopback ports for brokers and controllers.
 *
 * <p>Asking the kernel for an ephemeral port (bind to port 0) and closing the socket again leaves a window in which
 * someone else may take the port before the broker binds it; the cluster retries start-up on fresh ports when a
 * broker reports a bind conflict. Within this JVM we also remember what we handed out, so two clusters started
 * at the same time never get the same port.
 *
 * <p>Thread-safe: the reserved set is concurrent and a port is handed out only when adding it to the set succeeds.
 */
final class PortAllocator {

    private static final Set<Integer> RESERVED = ConcurrentHashMap.newKeySet();

    private PortAllocator() {
    }

    static int allocate() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new KafkaEmbeddedException("cannot bind any port on the loopback interface: " + e.getMessage(), e);
            }
            if (RESERVED.add(port)) {
                return port;
            }
        }
        throw new KafkaEmbeddedException("could not find a free loopback port this JVM has not already handed out");
    }

    static void release(Collection<Integer> ports) {
        RESERVED.removeAll(ports);
    }
}
