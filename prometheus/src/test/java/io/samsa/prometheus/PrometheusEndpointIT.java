package io.samsa.prometheus;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.samsa.clients.producer.KafkaProducer;
import io.samsa.clients.producer.ProducerRecord;
import io.samsa.clients.producer.RecordMetadata;
import io.samsa.common.serialization.StringSerializer;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A core producer sends to a real broker and {@code SamsaPrometheus.serve} exposes its metrics: what a Prometheus
 * server scraping {@code /metrics} over HTTP would read.
 */
@KafkaCluster
class PrometheusEndpointIT {
    private static final int RECORDS = 25;
    private static final String TOPIC = "prometheus-metrics";

    @Test
    void metricsEndpointCountsTheRecordsSentAndShowsRatesAndLatencies(KafkaTestCluster kafka) throws Exception {
        kafka.createTopic(TOPIC, 1, 1);
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("client.id", "prometheus-it");
        // Every batch waits for linger.ms in the accumulator, so the queue time is positive, not rounded to 0 ms.
        config.put("linger.ms", 20);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer());
             HTTPServer server = SamsaPrometheus.serve(producer, 0)) {
            String before = scrape(server.getPort());
            assertThat(sample(before, "samsa_producer_record_send_total{client_id=\"prometheus-it\"}")).isZero();
            assertThat(before).doesNotContain("topic=\"" + TOPIC + "\"");

            List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                sent.add(producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i)));
            }
            for (CompletableFuture<RecordMetadata> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }

            String body = scrape(server.getPort());
            String client = "{client_id=\"prometheus-it\"}";
            String topic = "{client_id=\"prometheus-it\",topic=\"" + TOPIC + "\"}";
            // record-send-total counts attempts: a retried record (none expected) counts again.
            double retries = sample(body, "samsa_producer_record_retry_total" + client);
            assertThat(sample(body, "samsa_producer_record_send_total" + client)).isEqualTo(RECORDS + retries);
            assertThat(sample(body, "samsa_producer_topic_record_send_total" + topic)).isEqualTo(RECORDS + retries);
            assertThat(sample(body, "samsa_producer_records_acked_total" + client)).isEqualTo(RECORDS);
            assertThat(sample(body, "samsa_producer_record_error_total" + client)).isZero();
            assertThat(body).contains("# TYPE samsa_producer_record_send_total counter")
                    .contains("# TYPE samsa_producer_record_send_rate gauge");

            assertThat(sample(body, "samsa_producer_record_send_rate" + client)).isPositive();
            assertThat(sample(body, "samsa_producer_outgoing_byte_rate" + client)).isPositive();
            assertThat(sample(body, "samsa_producer_record_queue_time_max" + client)).isPositive();
            assertThat(sample(body, "samsa_producer_request_latency_avg" + client)).isNotNaN()
                    .isGreaterThanOrEqualTo(0);
        }
    }

    private static String scrape(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/plain"));
        return response.body();
    }

    /** The value of one series, given as its name and labels exactly as the text format writes them. */
    private static double sample(String body, String series) {
        return body.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim().split(" ")[0]))
                .orElseThrow(() -> new AssertionError("no series " + series + " in:\n" + body));
    }
}
