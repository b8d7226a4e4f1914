package io.samsa.prometheus;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.samsa.clients.producer.KafkaProducer;
import io.samsa.clients.producer.Producer;
import io.samsa.clients.producer.ProducerRecord;
import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamsaCollectorTest {

    private static Optional<MetricSnapshot> find(MetricSnapshots snapshots, String name) {
        return snapshots.stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst();
    }

    private static MetricSnapshot get(MetricSnapshots snapshots, String name) {
        return find(snapshots, name).orElseThrow(() -> new AssertionError("no " + name + " in the scrape"));
    }

    private static String text(PrometheusRegistry registry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void producerMetricsAreGaugesAndTotalsCountersLabelledByClientId() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = NoBroker.producer("collector-test")) {
            PrometheusRegistry registry = new PrometheusRegistry();
            registry.register(new SamsaCollector(producer));
            MetricSnapshots scrape = registry.scrape();

            MetricSnapshot rate = get(scrape, "samsa_producer_record_send_rate");
            assertThat(rate).isInstanceOf(GaugeSnapshot.class);
            assertThat(rate.getMetadata().getHelp()).contains("Records sent to brokers per second");
            assertThat(rate.getDataPoints()).singleElement().extracting(DataPointSnapshot::getLabels)
                    .isEqualTo(Labels.of("client_id", "collector-test"));

            MetricSnapshot total = get(scrape, "samsa_producer_record_send");
            assertThat(total).isInstanceOf(CounterSnapshot.class);
            assertThat(((CounterSnapshot) total).getDataPoints()).singleElement()
                    .satisfies(p -> assertThat(p.getValue()).isZero());

            // Every numeric metric of the producer is exported once, under the scheme's name and type; app-info's
            // version and commit id are Strings, which Prometheus cannot carry as values.
            for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
                MetricName name = e.getKey();
                boolean numeric = e.getValue().metricValue() instanceof Number;
                assertThat(find(scrape, SamsaCollector.prometheusName(name)).isPresent()).as(name.toString())
                        .isEqualTo(numeric);
                if (!numeric) {
                    continue;
                }
                MetricSnapshot s = get(scrape, SamsaCollector.prometheusName(name));
                assertThat(s).isInstanceOf(name.name().endsWith("-total") ? CounterSnapshot.class
                        : GaugeSnapshot.class);
            }
            assertThat(scrape.stream().allMatch(s -> s.getMetadata().getName().startsWith("samsa_producer_")
                    || s.getMetadata().getName().startsWith("samsa_app_info_")
                    || s.getMetadata().getName().startsWith("samsa_kafka_metrics_count_"))).isTrue();
            // The number of metrics registered, as Apache Kafka's registry has it: a gauge, this one included.
            assertThat(get(scrape, "samsa_kafka_metrics_count_count")).isInstanceOf(GaugeSnapshot.class);

            String text = text(registry);
            assertThat(text).contains("# TYPE samsa_producer_record_send_total counter")
                    .contains("samsa_producer_record_send_total{client_id=\"collector-test\"} 0.0")
                    .contains("# TYPE samsa_producer_record_send_rate gauge");
            assertThat(text.lines().filter(l -> !l.startsWith("#")).map(l -> l.split("[{ ]")[0]))
                    .isNotEmpty().allMatch(n -> n.matches("samsa_(producer|app_info|kafka_metrics_count)_[a-z0-9_]+"));
        }
    }

    @Test
    void topicMetricsThatAppearLaterAreInTheNextScrape() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = NoBroker.producer("late-topic")) {
            PrometheusRegistry registry = new PrometheusRegistry();
            registry.register(new SamsaCollector(producer));
            assertThat(find(registry.scrape(), "samsa_producer_topic_record_error")).isEmpty();

            // Nothing listens: the record expires after delivery.timeout.ms and is counted for its topic.
            var future = producer.send(new ProducerRecord<>("idle-topic", new byte[10]));
            producer.flush();
            assertThat(future).isCompletedExceptionally();

            CounterSnapshot errors = (CounterSnapshot) get(registry.scrape(), "samsa_producer_topic_record_error");
            assertThat(errors.getDataPoints()).singleElement().satisfies(p -> {
                assertThat(p.getLabels().toString()).isEqualTo(Labels.of("client_id", "late-topic", "topic", "idle-topic").toString());
                assertThat(p.getValue()).isEqualTo(1.0);
            });
            assertThat(text(registry)).contains(
                    "samsa_producer_topic_record_error_total{client_id=\"late-topic\",topic=\"idle-topic\"} 1.0");
        }
    }

    @Test
    void nonNumericValuesAndImpossibleCounterValuesAreSkipped() {
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        put(metrics, "version", "producer-metrics", "a-string", "p1");
        put(metrics, "broken-total", "producer-metrics", Double.NaN, "p1");
        put(metrics, "negative-total", "producer-metrics", -1.0, "p1");
        put(metrics, "record-queue-time-avg", "producer-metrics", Double.NaN, "p1");
        put(metrics, "flush-time-ns-total", "producer-metrics", 42.0, "p1");
        MetricSnapshots scrape = new SamsaCollector(fake(metrics)).collect();

        assertThat(find(scrape, "samsa_producer_version")).isEmpty();
        assertThat(find(scrape, "samsa_producer_broken")).isEmpty();
        assertThat(find(scrape, "samsa_producer_negative")).isEmpty();
        // A gauge's NaN says "nothing in the window" and is exported as such.
        assertThat(((GaugeSnapshot) get(scrape, "samsa_producer_record_queue_time_avg")).getDataPoints())
                .singleElement().satisfies(p -> assertThat(p.getValue()).isNaN());
        assertThat(((CounterSnapshot) get(scrape, "samsa_producer_flush_time_ns")).getDataPoints())
                .singleElement().satisfies(p -> assertThat(p.getValue()).isEqualTo(42.0));
    }

    @Test
    void severalProducersShareOneFamilyAndADuplicateClientIdIsSkipped() {
        Map<MetricName, Metric> a = new LinkedHashMap<>();
        put(a, "record-send-rate", "producer-metrics", 1.0, "a");
        Map<MetricName, Metric> b = new LinkedHashMap<>();
        put(b, "record-send-rate", "producer-metrics", 2.0, "b");
        Map<MetricName, Metric> alsoA = new LinkedHashMap<>();
        put(alsoA, "record-send-rate", "producer-metrics", 3.0, "a");
        SamsaCollector collector = new SamsaCollector(fake(a), fake(b)).add(fake(alsoA));

        GaugeSnapshot rate = (GaugeSnapshot) get(collector.collect(), "samsa_producer_record_send_rate");
        assertThat(rate.getDataPoints()).extracting(p -> p.getLabels().get("client_id") + "=" + p.getValue())
                .containsExactlyInAnyOrder("a=1.0", "b=2.0");
    }

    @Test
    void removedProducersAreNoLongerExported() {
        Map<MetricName, Metric> a = new LinkedHashMap<>();
        put(a, "record-send-rate", "producer-metrics", 1.0, "a");
        Producer<?, ?> producer = fake(a);
        SamsaCollector collector = new SamsaCollector(producer);
        assertThat(collector.collect().size()).isEqualTo(1);
        assertThat(collector.remove(producer)).isTrue();
        assertThat(collector.collect().size()).isZero();
    }

    @Test
    void namesFollowTheScheme() {
        assertThat(SamsaCollector.prometheusName(name("record-send-rate", "producer-metrics")))
                .isEqualTo("samsa_producer_record_send_rate");
        assertThat(SamsaCollector.prometheusName(name("record-send-total", "producer-topic-metrics")))
                .isEqualTo("samsa_producer_topic_record_send");
        assertThat(SamsaCollector.prometheusName(name("metadata-wait-time-ns-total", "producer-metrics")))
                .isEqualTo("samsa_producer_metadata_wait_time_ns");
        assertThat(SamsaCollector.prometheusName(name("odd.name/x", "other group")))
                .isEqualTo("samsa_other_group_odd_name_x");
        assertThat(SamsaCollector.isCounter(name("-total", "producer-metrics"))).isFalse();
        assertThat(SamsaCollector.sanitize("9lives")).isEqualTo("_9lives");
    }

    @Test
    void nullProducerIsRefused() {
        assertThatThrownBy(() -> new SamsaCollector().add(null)).isInstanceOf(NullPointerException.class);
    }

    private static MetricName name(String name, String group) {
        return new MetricName(name, group, "", Map.of());
    }

    private static void put(Map<MetricName, Metric> metrics, String name, String group, Object value,
                            String clientId) {
        MetricName mn = new MetricName(name, group, "help of " + name, Map.of("client-id", clientId));
        metrics.put(mn, new Metric() {
            @Override
            public MetricName metricName() {
                return mn;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }

    /** A producer that has nothing but the given metrics. */
    static Producer<?, ?> fake(Map<MetricName, Metric> metrics) {
        return (Producer<?, ?>) Proxy.newProxyInstance(SamsaCollectorTest.class.getClassLoader(),
                new Class<?>[]{Producer.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "metrics":
                            return metrics;
                        case "equals":
                            return proxy == args[0];
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "toString":
                            return "fake producer";
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
