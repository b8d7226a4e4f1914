package io.samsa.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * A producer configuration whose bootstrap address has nothing listening: records for any topic stay parked
 * (Samsa's {@code send} never waits for metadata), so the tests see what happens on the sending thread and at
 * close without a broker.
 */
final class NoBroker {
    private NoBroker() {
    }

    static Map<String, Object> config() {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", "127.0.0.1:" + port);
        config.put("request.timeout.ms", 1000);
        // Parked records fail soon, so that close() (which waits for them) does not hold a test up.
        config.put("delivery.timeout.ms", 2000);
        config.put("max.block.ms", 1000);
        return config;
    }
}
