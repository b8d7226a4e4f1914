package io.samsa.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code metrics()} under Apache Kafka's names, checked against Apache's own producer with the same
 * {@code client.id}: the metrics both have carry the same name, group and tags, and the {@code app-info} group has
 * the same keys with values of the same types. The map stays the same object while the metrics do.
 */
class MetricsTest {
    /** Producer-wide metrics both producers have (docs/metrics.md marks them as Apache's). */
    private static final List<String> SHARED = List.of("record-send-rate", "record-send-total", "record-error-rate",
            "record-error-total", "record-retry-total", "request-latency-avg", "request-rate", "batch-size-avg",
            "buffer-available-bytes", "buffer-total-bytes", "records-per-request-avg", "record-queue-time-max",
            "requests-in-flight", "flush-time-ns-total");

    private static Map<String, Object> config(String clientId) {
        Map<String, Object> config = NoBroker.config();
        config.put("client.id", clientId);
        return config;
    }

    private static MetricName find(Map<MetricName, ? extends Metric> metrics, String group, String name) {
        return metrics.keySet().stream().filter(n -> n.group().equals(group) && n.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + group + "/" + name + " in " + metrics.keySet()));
    }

    @Test
    void namesGroupsTagsAndAppInfoAreApaches() {
        try (SamsaKafkaProducer<String, String> samsa = new SamsaKafkaProducer<>(config("metrics-check"),
                new StringSerializer(), new StringSerializer());
             KafkaProducer<String, String> apache = new KafkaProducer<>(config("metrics-check"),
                     new StringSerializer(), new StringSerializer())) {
            Map<MetricName, ? extends Metric> ours = samsa.metrics();
            Map<MetricName, ? extends Metric> theirs = apache.metrics();
            for (String name : SHARED) {
                MetricName n = find(ours, "producer-metrics", name);
                assertThat(theirs).as(name).containsKey(n);
                assertThat(n.tags()).containsExactly(Map.entry("client-id", "metrics-check"));
                assertThat(ours.get(n).metricValue()).as(name).isInstanceOf(Double.class);
            }
            for (String name : List.of("version", "commit-id", "start-time-ms")) {
                MetricName n = find(ours, "app-info", name);
                assertThat(theirs).as(name).containsKey(n);
                assertThat(ours.get(n).metricValue()).as(name)
                        .isExactlyInstanceOf(theirs.get(n).metricValue().getClass());
            }
            assertThat(ours.get(find(ours, "app-info", "version")).metricValue()).isEqualTo(MetricsView.VERSION);
            assertThat(MetricsView.VERSION).isNotEqualTo("unknown").doesNotContain("${");
        }
    }

    @Test
    void theMapIsStableUntilTheMetricsChangeAndValuesAreLive() throws Exception {
        Map<String, Object> config = config("metrics-stable");
        config.put("max.request.size", 1024);
        try (SamsaKafkaProducer<String, String> producer =
                     new SamsaKafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            Map<MetricName, ? extends Metric> first = producer.metrics();
            assertThat(producer.metrics()).isSameAs(first);
            MetricName errors = find(first, "producer-metrics", "record-error-total");
            Metric errorTotal = first.get(errors);
            assertThat(errorTotal.metricValue()).isEqualTo(0.0);

            // A failed record: the error count rises, read from the metric object held all along, and the new
            // topic's metrics make a new map in which the unchanged metrics are the same objects.
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("too-large", "x".repeat(4096)))
                    .get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            // The Samsa producer counts a failure before it completes the future.
            assertThat(errorTotal.metricValue()).isEqualTo(1.0);
            Map<MetricName, ? extends Metric> second = producer.metrics();
            assertThat(second).isNotSameAs(first).containsKeys(first.keySet().toArray(new MetricName[0]));
            assertThat(second.get(errors)).isSameAs(errorTotal);
            assertThat(second.keySet()).anyMatch(n -> "too-large".equals(n.tags().get("topic")));
            assertThat(producer.metrics()).isSameAs(second);
        }
    }
}
