package io.samsa.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client telemetry fixture against Apache Kafka's own producer, the reference KIP-714 client: brokers with
 * recording on offer the telemetry APIs, a subscription makes the producer push, and the pushes come back decoded.
 */
class ClientTelemetryIT {

    private static final String SEND_TOTAL = "org.apache.kafka.producer.record.send.total";

    static List<String> versions() {
        return List.of(KafkaVersions.DEFAULT, KafkaVersions.LEGACY);
    }

    @ParameterizedTest(name = "Kafka {0}")
    @MethodSource("versions")
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void recordsWhatApacheKafkasProducerPushes(String version) throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().version(version).clientTelemetry().build().start()) {
            // Before the producer starts: it fetches its subscription once at start-up.
            kafka.setClientMetricsSubscription("producer-metrics", List.of("org.apache.kafka.producer."), 500);
            kafka.createTopic("telemetry", 1, 1);
            ClientTelemetryLog log = kafka.clientTelemetry();
            assertThat(log.pushes()).isEmpty();

            Map<String, Object> configs = producerConfigs(kafka, "telemetry-it");
            configs.put("client.rack", "rack-a"); // Apache's producer sends it as a resource attribute
            String instanceId;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(configs)) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("telemetry", "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
                }
                instanceId = producer.clientInstanceId(Duration.ofSeconds(30)).toString();

                // Sums may be deltas: add up this client's pushes until all ten sends are accounted for.
                Poll.until(Duration.ofSeconds(60), "pushes reporting 10 sends", () -> sendTotal(log, instanceId) >= 10,
                        () -> log.pushes(instanceId));
                ClientTelemetryPush push = log.awaitPush(p -> p.clientInstanceId().equals(instanceId)
                        && p.point(SEND_TOTAL).isPresent(), Duration.ofSeconds(1));
                print(version, push);
                assertThat(push.clientId()).isEqualTo("telemetry-it");
                assertThat(push.brokerId()).isEqualTo(1);
                assertThat(push.terminating()).isFalse();
                assertThat(push.decodeError()).isEmpty();
                assertThat(push.contentType()).isEqualTo("OTLP");
                assertThat(push.resourceAttributes()).containsEntry("client_rack", "rack-a");
                assertThat(push.metricNames()).allMatch(n -> n.startsWith("org.apache.kafka.producer."));
                assertThat(push.point(SEND_TOTAL)).hasValueSatisfying(p -> {
                    assertThat(p.kind()).isEqualTo(ClientTelemetryPush.Kind.SUM);
                    assertThat(p.monotonic()).isTrue();
                    assertThat(p.timeNanos()).isPositive();
                });
                assertThat(push.rawPayload()).exists();
                assertThat(Files.size(push.rawPayload())).isPositive();

                // Apache's producer makes its terminating push from its sender thread, which after close() runs
                // only while records are unsent or requests in flight; an unacknowledged record keeps it running.
                producer.send(new ProducerRecord<>("telemetry", "last", "last"));
            }
            ClientTelemetryPush last = log.awaitPush(p -> p.clientInstanceId().equals(instanceId) && p.terminating(),
                    Duration.ofSeconds(30));
            assertThat(last.clientId()).isEqualTo("telemetry-it");

            kafka.deleteClientMetricsSubscription("producer-metrics");
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theAnnotationTurnsRecordingOn(@KafkaCluster(clientTelemetry = true, shared = false) KafkaTestCluster kafka) {
        kafka.setClientMetricsSubscription("everything", List.of("*"), 60_000, Map.of("client_id", "nobody-.*"));
        assertThat(kafka.clientTelemetry().pushes()).isEmpty();
        assertThat(kafka.clientTelemetry().directory()).isDirectory();
        kafka.deleteClientMetricsSubscription("everything");
    }

    /**
     * Without a ClientTelemetry reporter the broker leaves the telemetry APIs out of ApiVersions, so Apache's
     * producer never gets a subscription, hence no client instance id.
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void brokersWithoutRecordingDoNotOfferTelemetry(@KafkaCluster KafkaTestCluster kafka) throws Exception {
        kafka.setClientMetricsSubscription("no-receiver", List.of("*"), 500);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfigs(kafka, "no-telemetry-it"))) {
            producer.send(new ProducerRecord<>("no-telemetry", "k", "v")).get(30, TimeUnit.SECONDS);
            assertThat(producer.clientInstanceId(Duration.ofSeconds(3))).isNull();
        } finally {
            kafka.deleteClientMetricsSubscription("no-receiver");
        }
    }

    private static Map<String, Object> producerConfigs(KafkaTestCluster kafka, String clientId) {
        Map<String, Object> configs = new HashMap<>(kafka.clientConfigs());
        configs.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        configs.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        configs.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return configs;
    }

    private static double sendTotal(ClientTelemetryLog log, String instanceId) {
        List<ClientTelemetryPush> pushes = log.pushes(instanceId);
        boolean delta = pushes.stream().flatMap(p -> p.points(SEND_TOTAL).stream())
                .anyMatch(p -> p.temporality() == ClientTelemetryPush.Temporality.DELTA);
        return delta
                ? pushes.stream().flatMap(p -> p.points(SEND_TOTAL).stream()).mapToDouble(ClientTelemetryPush.Point::value).sum()
                : pushes.stream().flatMap(p -> p.points(SEND_TOTAL).stream()).mapToDouble(ClientTelemetryPush.Point::value).max().orElse(0);
    }

    private static void print(String version, ClientTelemetryPush push) {
        StringBuilder sb = new StringBuilder("Kafka " + version + " push from " + push.clientId() + " " + push.clientInstanceId()
                + "\n  resource " + push.resourceAttributes() + "\n  scopes " + push.scopes() + "\n");
        push.points().forEach(p -> sb.append("  ").append(p.name()).append(' ').append(p.kind()).append(' ')
                .append(p.monotonic() ? "monotonic " : "").append(p.temporality()).append(' ').append(p.value())
                .append(' ').append(p.attributes()).append('\n'));
        System.out.print(sb);
    }
}
