package io.samsa.prometheus;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.samsa.clients.producer.Producer;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The shortest way to let Prometheus scrape a producer:
 * <pre>{@code
 * try (HTTPServer server = SamsaPrometheus.serve(producer, 9400)) {
 *     ... // http://host:9400/metrics
 * }
 * }</pre>
 * The server is the Prometheus client's own {@link HTTPServer}, on every interface, with a registry of its own
 * holding one {@link SamsaCollector}; names as {@link SamsaCollector} describes. Applications that already serve a
 * {@code PrometheusRegistry} register a {@link SamsaCollector} in it instead.
 */
public final class SamsaPrometheus {
    private SamsaPrometheus() {
    }

    /**
     * Starts an HTTP server exposing the producer's metrics at {@code /metrics}.
     *
     * @param producer the producer whose metrics to serve
     * @param port the port to listen on; 0 for any free one ({@link HTTPServer#getPort()} tells which)
     * @return the running server; closing it stops it (the producers stay open)
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static HTTPServer serve(Producer<?, ?> producer, int port) {
        return serve(port, producer);
    }

    /**
     * As {@link #serve(Producer, int)}, for several producers (their client ids must differ).
     *
     * @param port the port to listen on; 0 for any free one
     * @param producers the producers whose metrics to serve
     * @return the running server; closing it stops it (the producers stay open)
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static HTTPServer serve(int port, Producer<?, ?>... producers) {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new SamsaCollector(producers));
        try {
            return HTTPServer.builder().port(port).registry(registry).buildAndStart();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve Prometheus metrics on port " + port, e);
        }
    }
}
