package io.samsa.prometheus;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.samsa.clients.producer.KafkaProducer;
import io.samsa.clients.producer.ProducerRecord;
import io.samsa.common.serialization.StringSerializer;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus server (Debian's {@code prometheus}, which {@code .ci/run} installs) scrapes a producer under
 * load from the embedded broker every second; its HTTP query API then shows the send rate, the acknowledged count
 * and the request latency, with plausible values. Skips, saying why, only where no {@code prometheus} binary exists.
 */
@KafkaCluster
class PrometheusServerIT {
    private static final String TOPIC = "prometheus-server";
    private static final String CLIENT = "prometheus-server-it";
    private static final long DEADLINE_NS = TimeUnit.MINUTES.toNanos(2);

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesRatesAndLatenciesOfAProducerUnderLoad(KafkaTestCluster kafka) throws Exception {
        Path binary = prometheusBinary();
        Assumptions.assumeTrue(binary != null, "no prometheus binary on PATH or in /usr/bin: apt-get install "
                + "prometheus (.ci/run installs it on Debian)");
        kafka.createTopic(TOPIC, 3, 1);
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("client.id", CLIENT);
        config.put("linger.ms", 5);
        AtomicBoolean sending = new AtomicBoolean(true);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer());
             HTTPServer exporter = SamsaPrometheus.serve(producer, 0)) {
            Thread load = new Thread(() -> {
                long i = 0;
                while (sending.get()) {
                    producer.send(new ProducerRecord<>(TOPIC, "k" + i, "value-" + i));
                    if (++i % 1_000 == 0) {
                        producer.flush(); // a steady stream, not an unbounded backlog
                    }
                }
            }, "load");
            load.start();
            int port = freePort();
            Process prometheus = startPrometheus(binary, exporter.getPort(), port);
            try {
                String client = "client_id=\"" + CLIENT + "\"";
                double rate = awaitValue(port, "rate(samsa_producer_record_send_total{" + client + "}[5s])");
                assertThat(rate).as("records/s as Prometheus computes it").isPositive().isLessThan(50_000_000);
                double acked = awaitValue(port, "samsa_producer_records_acked_total{" + client + "}");
                assertThat(acked).isPositive();
                double latency = awaitValue(port, "samsa_producer_request_latency_avg{" + client + "}");
                assertThat(latency).as("request latency, ms").isGreaterThanOrEqualTo(0).isLessThan(60_000);
                double perTopic = awaitValue(port, "sum(samsa_producer_topic_record_send_total{" + client
                        + ",topic=\"" + TOPIC + "\"})");
                assertThat(perTopic).isPositive();
                // The shipped Grafana dashboard: every panel's query answers with data from this exporter.
                for (String expr : dashboardQueries()) {
                    String query = expr.replace("$client_id", CLIENT);
                    assertThat(awaitResult(port, query)).as("dashboard query %s", query).isNotEmpty();
                }
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
                sending.set(false);
                load.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
    }

    /** The {@code expr} of every target of the dashboard JSON shipped in samsa-prometheus's jar. */
    static java.util.List<String> dashboardQueries() throws Exception {
        String json;
        try (java.io.InputStream in = PrometheusServerIT.class.getResourceAsStream(
                "/grafana/samsa-producer-dashboard.json")) {
            assertThat(in).as("the dashboard resource").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        java.util.List<String> out = queriesIn(json);
        assertThat(out).as("queries in the dashboard").hasSizeGreaterThan(10);
        return out;
    }

    /** The {@code expr} of every target in a dashboard's JSON text, in document order, unescaped. */
    static java.util.List<String> queriesIn(String json) {
        java.util.List<String> out = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("\"expr\": \"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        while (m.find()) {
            out.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return out;
    }

    /** A sample whose value is a number: a series that is always NaN (a metric never recorded) is no data. */
    private static final Pattern FINITE_SAMPLE = Pattern.compile("\"value\":\\[[0-9.]+,\"(?!NaN|[+-]Inf)[^\"]+\"\\]");

    /** The result vector of an instant query, once it has a finite sample (or "" at the deadline). */
    private String awaitResult(int port, String expression) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(expression, StandardCharsets.UTF_8));
        String last = "";
        long deadline = System.nanoTime() + DEADLINE_NS;
        while (System.nanoTime() < deadline) {
            last = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            int at = last.indexOf("\"result\":[");
            if (at >= 0 && FINITE_SAMPLE.matcher(last).find()) {
                return last.substring(at);
            }
            Thread.sleep(250); // between queries; the loop ends on a result or the deadline
        }
        return "";
    }

    static Path prometheusBinary() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, "prometheus");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        Path usr = Path.of("/usr/bin/prometheus");
        return Files.isExecutable(usr) ? usr : null;
    }

    private Process startPrometheus(Path binary, int exporterPort, int port) throws Exception {
        return DashboardScreenshot.startPrometheus(binary, dir, exporterPort, port);
    }

    /** Polls the query API until the expression has a value (Prometheus needs two scrapes for a rate). */
    private double awaitValue(int port, String expression) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(expression, StandardCharsets.UTF_8));
        Pattern value = Pattern.compile("\"value\":\\[[0-9.]+,\"([^\"]+)\"\\]");
        String last = "";
        long deadline = System.nanoTime() + DEADLINE_NS;
        while (System.nanoTime() < deadline) {
            try {
                last = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = value.matcher(last);
                if (m.find()) {
                    double v = Double.parseDouble(m.group(1));
                    if (!Double.isNaN(v)) {
                        return v;
                    }
                }
            } catch (java.io.IOException notUpYet) {
                last = notUpYet.toString();
            }
            Thread.sleep(250); // between queries; the loop ends on a value or the deadline
        }
        throw new AssertionError("Prometheus had no value for " + expression + " within "
                + TimeUnit.NANOSECONDS.toSeconds(DEADLINE_NS) + " s; last answer: " + last + "; its log: "
                + Files.readString(dir.resolve("prometheus.log")));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
