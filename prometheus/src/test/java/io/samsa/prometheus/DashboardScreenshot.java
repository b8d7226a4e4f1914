package io.samsa.prometheus;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.samsa.clients.producer.KafkaProducer;
import io.samsa.clients.producer.ProducerRecord;
import io.samsa.common.serialization.StringSerializer;
import io.samsa.kafka.embedded.EmbeddedKafkaCluster;

import java.io.IOException;
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
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Not a test: the data behind {@code docs/images/grafana-dashboard.png}. Runs {@link PrometheusServerIT}'s set-up
 * (an embedded broker, a producer under load served by {@link SamsaPrometheus#serve}, Debian's {@code prometheus}
 * scraping it every second) for a while, then asks Prometheus's {@code query_range} API for every query of the
 * dashboard JSON it is given and writes the answers, keyed by the query as the dashboard spells it, to a JSON file
 * that {@code prometheus/dashboard-screenshot/render.mjs} draws. {@code prometheus/dashboard-screenshot/render.sh}
 * runs both.
 *
 * <p>Arguments: the dashboard JSON, the output file, the seconds of load to record.
 */
public final class DashboardScreenshot {
    static final String CLIENT = "orders-service";
    /** Records per second per topic: a steady load that two busy cores can keep up with beside a broker. */
    private static final Map<String, Integer> LOAD = Map.of("orders", 2_000, "payments", 800);
    private static final int STEP_SECONDS = 1;
    private static final int WARM_UP_SECONDS = 60;

    private DashboardScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DashboardScreenshot DASHBOARD_JSON OUTPUT_JSON SECONDS");
            System.exit(2);
        }
        Path dashboard = Path.of(args[0]);
        Path output = Path.of(args[1]);
        int seconds = Integer.parseInt(args[2]);
        Path binary = PrometheusServerIT.prometheusBinary();
        if (binary == null) {
            System.err.println("no prometheus binary on PATH or in /usr/bin: apt-get install prometheus");
            System.exit(2);
        }
        // Each query once, as the dashboard spells it: the renderer looks panels' targets up by that text.
        Set<String> queries = new LinkedHashSet<>(PrometheusServerIT.queriesIn(
                Files.readString(dashboard, StandardCharsets.UTF_8)));
        Path dir = Files.createTempDirectory("samsa-dashboard-screenshot");
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().build().start()) {
            kafka.createTopic("orders", 6, 1);
            kafka.createTopic("payments", 3, 1);
            Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
            config.put("client.id", CLIENT);
            config.put("linger.ms", 5);
            config.put("compression.type", "gzip");
            AtomicBoolean sending = new AtomicBoolean(true);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                    new StringSerializer());
                 HTTPServer exporter = SamsaPrometheus.serve(producer, 0)) {
                Thread load = new Thread(() -> paced(producer, sending), "load");
                load.start();
                int port = freePort();
                Process prometheus = startPrometheus(binary, dir, exporter.getPort(), port);
                try {
                    log("prometheus on 127.0.0.1:" + port + ", scraping 127.0.0.1:" + exporter.getPort());
                    awaitScraped(port);
                    // rate(...[1m]) divides by the whole minute, so over a younger series it climbs from zero:
                    // the picture starts once every window is full, showing the steady state, not the warm-up.
                    log("warming up for " + WARM_UP_SECONDS + " s, the dashboard's rate window");
                    Thread.sleep(TimeUnit.SECONDS.toMillis(WARM_UP_SECONDS));
                    long start = System.currentTimeMillis() / 1000;
                    log("recording " + seconds + " s of load");
                    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds)); // the load runs meanwhile
                    long end = System.currentTimeMillis() / 1000;
                    writeResults(output, port, queries, start, end);
                    log("wrote " + output);
                } finally {
                    prometheus.destroy();
                    if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                        prometheus.destroyForcibly();
                    }
                    sending.set(false);
                    load.join(TimeUnit.SECONDS.toMillis(30));
                }
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    /**
     * Sends each topic's records per second, spread over the second, with values of varied length so that batch
     * fill and compression show realistic numbers rather than those of one repeated string.
     */
    private static void paced(KafkaProducer<String, String> producer, AtomicBoolean sending) {
        Random random = new Random(42);
        Map<String, Long> sent = new HashMap<>();
        long began = System.nanoTime();
        while (sending.get()) {
            double elapsed = (System.nanoTime() - began) / 1e9;
            for (Map.Entry<String, Integer> topic : LOAD.entrySet()) {
                long due = (long) (elapsed * topic.getValue());
                long done = sent.getOrDefault(topic.getKey(), 0L);
                for (; done < due; done++) {
                    String key = "customer-" + random.nextInt(5_000);
                    String value = "{\"id\":" + done + ",\"customer\":\"" + key + "\",\"amount\":"
                            + random.nextInt(100_000) / 100.0 + ",\"note\":\""
                            + "x".repeat(random.nextInt(200)) + "\"}";
                    producer.send(new ProducerRecord<>(topic.getKey(), key, value));
                }
                sent.put(topic.getKey(), done);
            }
            try {
                Thread.sleep(10); // the pacing tick; each tick sends what has come due since the last
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Debian's prometheus scraping the exporter every second, its data and log in {@code dir}. */
    static Process startPrometheus(Path binary, Path dir, int exporterPort, int port) throws IOException {
        Path config = Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  evaluation_interval: 1s",
                "scrape_configs:",
                "  - job_name: samsa",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + exporterPort + "']",
                ""));
        return new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    /** Waits until Prometheus has scraped the exporter twice, so that rates have a value from the first step. */
    private static void awaitScraped(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = get(port, "/api/v1/query?query="
                        + URLEncoder.encode("count_over_time(up{job=\"samsa\"}[1m]) >= 2", StandardCharsets.UTF_8));
                if (last.contains("\"value\":")) {
                    return;
                }
            } catch (IOException notUpYet) {
                last = notUpYet.toString();
            }
            Thread.sleep(250); // between polls; the loop ends on two scrapes or the deadline
        }
        throw new IllegalStateException("Prometheus did not scrape the exporter within 2 min; last answer: " + last);
    }

    /**
     * {@code {"client_id": ..., "start": s, "end": s, "step": s, "results": {query: query_range answer}}}, the
     * dashboard's template variable {@code $client_id} replaced by the producer's client id.
     */
    private static void writeResults(Path output, int port, Set<String> queries, long start, long end)
            throws Exception {
        StringBuilder json = new StringBuilder();
        json.append("{\"client_id\":").append(quote(CLIENT)).append(",\"start\":").append(start)
                .append(",\"end\":").append(end).append(",\"step\":").append(STEP_SECONDS).append(",\"results\":{");
        String separator = "";
        for (String query : queries) {
            String expression = query.replace("${client_id}", CLIENT).replace("$client_id", CLIENT);
            if (expression.contains("$")) {
                throw new IllegalStateException("a dashboard variable this tool does not fill in: " + query);
            }
            String answer = get(port, "/api/v1/query_range?query="
                    + URLEncoder.encode(expression, StandardCharsets.UTF_8)
                    + "&start=" + start + "&end=" + end + "&step=" + STEP_SECONDS);
            if (!answer.startsWith("{\"status\":\"success\"")) {
                throw new IllegalStateException("Prometheus refused " + expression + ": " + answer);
            }
            json.append(separator).append(quote(query)).append(':').append(answer);
            separator = ",";
        }
        json.append("}}\n");
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, json, StandardCharsets.UTF_8);
    }

    private static String get(int port, String pathAndQuery) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void log(String message) {
        System.out.println("[dashboard-screenshot] " + message);
    }
}
