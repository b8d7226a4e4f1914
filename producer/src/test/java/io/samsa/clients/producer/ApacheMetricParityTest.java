package io.samsa.clients.producer;

import io.samsa.clients.producer.internals.ProducerMetrics.Definition;
import io.samsa.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metric parity with Apache Kafka 4.1's producer (kafka-clients on the test class path), as {@link ImportRuleTest}
 * checks classes: every metric Apache's producer registers, by group, name and tag keys, exists in Samsa's, apart
 * from {@link #EXCEPTIONS}, each with its reason.
 *
 * <p>Both producers are pointed at a socket that accepts connections and never answers, so that each connects to
 * its bootstrap server and registers its connection's metrics without a broker. The metrics Apache's producer
 * registers only once records flow (per topic; a broker's Produce latency) are listed in
 * {@link #APACHE_WITH_TRAFFIC}, from Apache Kafka 4.1's {@code SenderMetricsRegistry} and {@code Sender}.
 */
class ApacheMetricParityTest {

    /** Apache's metrics Samsa does not have, as {@code group/name[tag keys]}, and why. */
    static final Map<String, String> EXCEPTIONS = new TreeMap<>(Map.ofEntries(
            Map.entry("producer-metrics/txn-prepare-time-ns-total[client-id]",
                    "two-phase commit (KIP-939, prepareTransaction) is not supported")));

    /** Apache's metrics that appear only once records are produced (seen with a broker, not here). */
    static final Set<String> APACHE_WITH_TRAFFIC = Set.of(
            "producer-node-metrics/request-latency-avg[client-id, node-id]",
            "producer-node-metrics/request-latency-max[client-id, node-id]",
            "producer-topic-metrics/record-send-rate[client-id, topic]",
            "producer-topic-metrics/record-send-total[client-id, topic]",
            "producer-topic-metrics/byte-rate[client-id, topic]",
            "producer-topic-metrics/byte-total[client-id, topic]",
            "producer-topic-metrics/compression-rate[client-id, topic]",
            "producer-topic-metrics/record-retry-rate[client-id, topic]",
            "producer-topic-metrics/record-retry-total[client-id, topic]",
            "producer-topic-metrics/record-error-rate[client-id, topic]",
            "producer-topic-metrics/record-error-total[client-id, topic]");

    private static String key(String group, String name, Set<String> tagKeys) {
        return group + "/" + name + new TreeSet<>(tagKeys);
    }

    @Test
    void everyApacheProducerMetricExistsInSamsaOrIsAnException() throws Exception {
        Set<String> apache;
        Set<String> samsa;
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String bootstrap = "127.0.0.1:" + silent.getLocalPort();
            apache = apacheMetrics(bootstrap);
            samsa = samsaMetrics(bootstrap);
        }
        apache.addAll(APACHE_WITH_TRAFFIC);

        Set<String> missing = new TreeSet<>(apache);
        missing.removeAll(samsa);
        assertThat(missing).as("Apache Kafka producer metrics missing in Samsa (add them, or list them in "
                + "EXCEPTIONS with the reason)").isSubsetOf(EXCEPTIONS.keySet());
        // The list stays honest: every exception is a metric Apache has and Samsa lacks.
        assertThat(EXCEPTIONS.keySet()).as("exceptions that are not (or no longer) missing").isSubsetOf(missing);
    }

    /** Apache's producer's metric keys, once it has connected to its bootstrap server. */
    private static Set<String> apacheMetrics(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("client.id", "parity-apache");
        // Closing waits for the ApiVersions request in flight, which the socket never answers, to time out.
        p.put("request.timeout.ms", "500");
        p.put("delivery.timeout.ms", "1000");
        p.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> producer =
                new org.apache.kafka.clients.producer.KafkaProducer<>(p);
        try {
            Supplier<Set<String>> keys = () -> producer.metrics().keySet().stream()
                    .map(n -> key(n.group(), n.name(), n.tags().keySet())).collect(Collectors.toCollection(TreeSet::new));
            awaitKey(keys, "producer-node-metrics/request-total[client-id, node-id]");
            return keys.get();
        } finally {
            producer.close(Duration.ZERO);
        }
    }

    /** Samsa's metric keys once it has connected, plus its per-topic and per-broker definitions. */
    private static Set<String> samsaMetrics(String bootstrap) throws Exception {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "client.id", "parity-samsa");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            Supplier<Set<String>> keys = () -> producer.metrics().keySet().stream()
                    .map(n -> key(n.group(), n.name(), n.tags().keySet())).collect(Collectors.toCollection(TreeSet::new));
            awaitKey(keys, "producer-node-metrics/request-total[client-id, node-id]");
            Set<String> out = keys.get();
            for (Definition d : Definition.values()) {
                if (d.perTopic()) {
                    out.add(key(d.group(), d.metricName(), Set.copyOf(d.tagKeys())));
                }
            }
            return out;
        }
    }

    private static void awaitKey(Supplier<Set<String>> keys, String key) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!keys.get().contains(key)) {
            assertThat(System.nanoTime()).as("%s never appeared in %s", key, keys.get()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
