package io.samsa.prometheus;

import io.samsa.clients.producer.KafkaProducer;
import io.samsa.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/** A core producer pointed at a port nothing listens on: its metrics exist, its records fail after 1.5 s. */
public final class NoBroker {
    private NoBroker() {
    }

    public static KafkaProducer<byte[], byte[]> producer(String clientId) {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", "127.0.0.1:" + port);
        config.put("client.id", clientId);
        config.put("linger.ms", 0);
        config.put("request.timeout.ms", 1000);
        config.put("delivery.timeout.ms", 1500);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
