package io.samsa.clients.producer;

import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.common.Uuid;
import io.samsa.common.serialization.StringSerializer;
import io.samsa.kafka.embedded.ClientTelemetryLog;
import io.samsa.kafka.embedded.ClientTelemetryPush;
import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.KafkaVersions;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.telemetry.ClientTelemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * KIP-714 client telemetry against real brokers with a telemetry plugin (kafka-embedded's recorder, which decodes
 * every push with the OpenTelemetry classes Kafka ships): the producer gets a client instance id, pushes what the
 * subscription asks for under Apache Kafka's names and types, follows a changed subscription, pushes a last time
 * as it closes, and pushes every metric Apache's own producer pushes in the same cluster (but for the ones
 * {@link ApacheMetricParityTest} lists as missing, with the reason).
 */
class ClientTelemetryIT {
    private static final String PRODUCER = "org.apache.kafka.producer.";
    private static final String SEND_TOTAL = PRODUCER + "record.send.total";

    static List<String> versions() {
        return List.of(KafkaVersions.DEFAULT, KafkaVersions.LEGACY);
    }

    @ParameterizedTest(name = "Kafka {0}")
    @MethodSource("versions")
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void pushesTheSubscribedMetricsAndALastPushOnClose(String version) throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().version(version).clientTelemetry().build()
                .start()) {
            kafka.setClientMetricsSubscription("producer", List.of(PRODUCER, "org.apache.kafka.app."), 500);
            kafka.createTopic("telemetry", 2, 1);
            ClientTelemetryLog log = kafka.clientTelemetry();
            String id;
            AtomicLong appEvents = new AtomicLong();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config(kafka, "samsa-telemetry"))) {
                producer.registerMetricForSubscription(metric(new MetricName("events-total", "app-metrics",
                        "events the application saw", Map.of("source", "it")), appEvents::get));
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("telemetry", "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
                }
                appEvents.set(7);
                Uuid uuid = producer.clientInstanceId(Duration.ofSeconds(30));
                assertThat(uuid).isNotNull();
                assertThat(producer.clientInstanceId(Duration.ZERO)).isEqualTo(uuid);
                id = uuid.toString();

                // Sums are deltas (the broker asks for delta temporality): their sum over the pushes is the total.
                await(Duration.ofSeconds(60), "pushes accounting for the 10 records sent",
                        () -> sum(log.pushes(id), SEND_TOTAL) == 10.0);
                ClientTelemetryPush push = log.awaitPush(p -> p.clientInstanceId().equals(id)
                        && p.point(SEND_TOTAL).isPresent() && !p.points(PRODUCER + "node.request.latency.avg")
                        .isEmpty(), Duration.ofSeconds(10));
                assertThat(push.clientId()).isEqualTo("samsa-telemetry");
                assertThat(push.decodeError()).isEmpty();
                assertThat(push.terminating()).isFalse();
                assertThat(push.scopes()).contains("io.samsa");
                assertThat(push.metricNames()).allMatch(n -> n.startsWith(PRODUCER)
                        || n.startsWith("org.apache.kafka.app."));
                ClientTelemetryPush.Point sendTotal = push.point(SEND_TOTAL).orElseThrow();
                assertThat(sendTotal.kind()).isEqualTo(ClientTelemetryPush.Kind.SUM);
                assertThat(sendTotal.monotonic()).isTrue();
                assertThat(sendTotal.temporality()).isEqualTo(ClientTelemetryPush.Temporality.DELTA);
                assertThat(sendTotal.startTimeNanos()).isPositive().isLessThanOrEqualTo(sendTotal.timeNanos());
                assertThat(push.point(PRODUCER + "record.send.rate").orElseThrow().kind())
                        .isEqualTo(ClientTelemetryPush.Kind.GAUGE);
                assertThat(push.points(PRODUCER + "node.request.latency.avg"))
                        .allMatch(p -> p.attributes().containsKey("node_id"));
                assertThat(push.points(PRODUCER + "topic.record.send.total"))
                        .anyMatch(p -> "telemetry".equals(p.attributes().get("topic")));
                assertThat(push.points().stream().flatMap(p -> p.attributes().keySet().stream()))
                        .doesNotContain("client_id", "client-id");
                await(Duration.ofSeconds(30), "the application's metric in a push",
                        () -> sum(log.pushes(id), "org.apache.kafka.app.events.total") == 7.0);
            }
            // close() waits for the terminating push's answer, which the broker gives after its plugin has it.
            ClientTelemetryPush last = log.awaitPush(p -> p.clientInstanceId().equals(id) && p.terminating(),
                    Duration.ofSeconds(10));
            assertThat(last.point(SEND_TOTAL)).isPresent();
            assertThat(log.pushes(id).stream().filter(ClientTelemetryPush::terminating)).hasSize(1);
        }
    }

    /**
     * A changed subscription gets a new id, so the next push is answered UNKNOWN_SUBSCRIPTION_ID: the producer asks
     * for the subscription again at once and from then on pushes what the new one selects.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void followsAChangedSubscription(@KafkaCluster(clientTelemetry = true, shared = false) KafkaTestCluster kafka)
            throws Exception {
        kafka.setClientMetricsSubscription("changing", List.of(PRODUCER), 500);
        ClientTelemetryLog log = kafka.clientTelemetry();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config(kafka, "samsa-changing"))) {
            producer.send(new ProducerRecord<>("changing", "k", "v")).get(30, TimeUnit.SECONDS);
            String id = producer.clientInstanceId(Duration.ofSeconds(30)).toString();
            log.awaitPush(p -> p.clientInstanceId().equals(id) && p.metricNames().contains(PRODUCER
                    + "record.send.rate"), Duration.ofSeconds(30));

            kafka.setClientMetricsSubscription("changing", List.of(PRODUCER + "buffer."), 500);
            ClientTelemetryPush after = log.awaitPush(p -> p.clientInstanceId().equals(id)
                    && !p.metricNames().isEmpty()
                    && p.metricNames().stream().allMatch(n -> n.startsWith(PRODUCER + "buffer.")),
                    Duration.ofSeconds(60));
            assertThat(after.metricNames()).contains(PRODUCER + "buffer.available.bytes");
            assertThat(producer.clientInstanceId(Duration.ZERO).toString()).isEqualTo(id);
        } finally {
            kafka.deleteClientMetricsSubscription("changing");
        }
    }

    /**
     * Apache's producer and Samsa's in one cluster under one subscription: every metric name Apache's pushes,
     * Samsa's pushes too, apart from the metrics Samsa does not have ({@link ApacheMetricParityTest#EXCEPTIONS}).
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void pushesTheMetricsApacheKafkasProducerPushes(
            @KafkaCluster(clientTelemetry = true, shared = false) KafkaTestCluster kafka) throws Exception {
        kafka.setClientMetricsSubscription("all-producers", List.of("*"), 500);
        kafka.createTopic("parity", 1, 1);
        ClientTelemetryLog log = kafka.clientTelemetry();
        Map<String, Object> apacheConfig = new HashMap<>(kafka.clientConfigs());
        apacheConfig.put("client.id", "apache-telemetry");
        apacheConfig.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class);
        apacheConfig.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class);
        Set<String> apacheNames;
        Set<String> samsaNames;
        try (org.apache.kafka.clients.producer.KafkaProducer<String, String> apache =
                     new org.apache.kafka.clients.producer.KafkaProducer<>(apacheConfig);
             KafkaProducer<String, String> samsa = new KafkaProducer<>(config(kafka, "samsa-parity"))) {
            for (int i = 0; i < 20; i++) {
                apache.send(new org.apache.kafka.clients.producer.ProducerRecord<>("parity", "k" + i, "v"))
                        .get(30, TimeUnit.SECONDS);
                samsa.send(new ProducerRecord<>("parity", "k" + i, "v")).get(30, TimeUnit.SECONDS);
            }
            String apacheId = apache.clientInstanceId(Duration.ofSeconds(30)).toString();
            String samsaId = samsa.clientInstanceId(Duration.ofSeconds(30)).toString();
            // Both have pushed after their records were acknowledged (per-topic and per-node metrics exist).
            await(Duration.ofSeconds(60), "a push from each producer with per-topic metrics", () ->
                    names(log, apacheId).contains(PRODUCER + "topic.record.send.total")
                            && names(log, samsaId).contains(PRODUCER + "topic.record.send.total"));
            apacheNames = names(log, apacheId);
            samsaNames = names(log, samsaId);
        }
        Set<String> allowedMissing = ApacheMetricParityTest.EXCEPTIONS.keySet().stream()
                .map(k -> ClientTelemetry.telemetryName(k.substring(0, k.indexOf('/')),
                        k.substring(k.indexOf('/') + 1, k.indexOf('['))))
                .collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>(apacheNames);
        missing.removeAll(samsaNames);
        missing.removeAll(allowedMissing);
        assertThat(missing).as("pushed by Apache's producer, not by Samsa's").isEmpty();
        assertThat(apacheNames).hasSizeGreaterThan(50);
    }

    /** Without a telemetry plugin brokers offer no telemetry: no id, at once rather than after the timeout. */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void withoutATelemetryPluginThereIsNoClientInstanceId(@KafkaCluster KafkaTestCluster kafka) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config(kafka, "samsa-no-plugin"))) {
            producer.send(new ProducerRecord<>("no-plugin", "k", "v")).get(30, TimeUnit.SECONDS);
            long start = System.nanoTime();
            assertThat(producer.clientInstanceId(Duration.ofSeconds(90))).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
            producer.send(new ProducerRecord<>("no-plugin", "k", "v")).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> off = config(kafka, "samsa-push-off");
        off.put(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG, false);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(off)) {
            assertThatThrownBy(() -> producer.clientInstanceId(Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("enable.metrics.push");
        }
    }

    private static Map<String, Object> config(KafkaTestCluster kafka, String clientId) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return config;
    }

    private static Set<String> names(ClientTelemetryLog log, String id) {
        return log.pushes(id).stream().flatMap(p -> p.metricNames().stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static double sum(List<ClientTelemetryPush> pushes, String name) {
        return pushes.stream().flatMap(p -> p.points(name).stream()).mapToDouble(ClientTelemetryPush.Point::value)
                .sum();
    }

    private static Metric metric(MetricName name, java.util.function.LongSupplier value) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                return name;
            }

            @Override
            public Object metricValue() {
                return (double) value.getAsLong();
            }
        };
    }

    private static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + timeout + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
