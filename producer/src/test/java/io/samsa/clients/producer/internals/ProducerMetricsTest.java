package io.samsa.clients.producer.internals;

import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.common.config.LogCapture;
import io.samsa.metrics.ManualTime;
import io.samsa.network.NetworkListener;
import io.samsa.metrics.MetricConfig;
import io.samsa.clients.producer.ProducerConfig;
import io.samsa.clients.producer.internals.ProducerMetrics.Definition;
import io.samsa.clients.producer.internals.ProducerMetrics.Model;
import io.samsa.sender.SenderListener;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The producer's metrics: what each recording method moves, gauges, per-topic metrics, JMX, names. */
class ProducerMetricsTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static final long W = 30_000L;

    private final ManualTime time = new ManualTime(1_000_000);
    private final List<ProducerMetrics> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(ProducerMetrics::close);
    }

    private ProducerMetrics metrics(String clientId) {
        ProducerMetrics m = new ProducerMetrics(clientId, new MetricConfig(2, W), time);
        opened.add(m);
        return m;
    }

    @Test
    void throughputCountsRecordsBytesAndRequests() {
        ProducerMetrics m = metrics("throughput");
        time.set(10 * W); // the start of a window: rates span exactly one window (30 s)
        m.recordSent(300, 30_000);
        m.recordSent(600, 60_000);
        // Requests are counted where they are written, every kind alike (as Apache Kafka's Selector does).
        m.networkListener().onRequestSent(1, 91_000, time.milliseconds());
        assertThat(m.value(Definition.RECORD_SEND_TOTAL)).isEqualTo(900.0);
        assertThat(m.value(Definition.RECORD_SEND_RATE)).isEqualTo(30.0);
        assertThat(m.value(Definition.BYTE_TOTAL)).isEqualTo(90_000.0);
        assertThat(m.value(Definition.BYTE_RATE)).isEqualTo(3_000.0);
        assertThat(m.value(Definition.REQUEST_TOTAL)).isEqualTo(1.0);
        assertThat(m.value(Definition.REQUEST_RATE)).isEqualTo(1 / 30.0);
        assertThat(m.value(Definition.OUTGOING_BYTE_TOTAL)).isEqualTo(91_000.0);
        assertThat(m.value(Definition.OUTGOING_BYTE_RATE)).isEqualTo(91_000 / 30.0);
        // Idle for two windows: rates fall to 0, totals stay.
        time.advance(2 * W);
        assertThat(m.value(Definition.RECORD_SEND_RATE)).isZero();
        assertThat(m.value(Definition.BYTE_RATE)).isZero();
        assertThat(m.value(Definition.RECORD_SEND_TOTAL)).isEqualTo(900.0);
    }

    @Test
    void latencyAveragesAndMaximaOverTheWindow() {
        ProducerMetrics m = metrics("latency");
        m.recordQueueTime(4);
        m.recordQueueTime(10);
        m.recordRequestLatency(20);
        m.recordRequestLatency(40);
        m.recordSendLatency(25);
        m.recordThrottle(0);
        m.recordThrottle(100);
        m.recordMetadataWait(1_500_000);
        m.recordFlushTime(2_000_000);
        assertThat(m.value(Definition.RECORD_QUEUE_TIME_AVG)).isEqualTo(7.0);
        assertThat(m.value(Definition.RECORD_QUEUE_TIME_MAX)).isEqualTo(10.0);
        assertThat(m.value(Definition.REQUEST_LATENCY_AVG)).isEqualTo(30.0);
        assertThat(m.value(Definition.REQUEST_LATENCY_MAX)).isEqualTo(40.0);
        assertThat(m.value(Definition.RECORD_SEND_LATENCY_AVG)).isEqualTo(25.0);
        assertThat(m.value(Definition.RECORD_SEND_LATENCY_MAX)).isEqualTo(25.0);
        assertThat(m.value(Definition.PRODUCE_THROTTLE_TIME_AVG)).isEqualTo(50.0);
        assertThat(m.value(Definition.PRODUCE_THROTTLE_TIME_MAX)).isEqualTo(100.0);
        assertThat(m.value(Definition.METADATA_WAIT_TIME_NS_TOTAL)).isEqualTo(1_500_000.0);
        assertThat(m.value(Definition.FLUSH_TIME_NS_TOTAL)).isEqualTo(2_000_000.0);
        time.advance(2 * W);
        assertThat(m.value(Definition.RECORD_QUEUE_TIME_AVG)).isNaN();
        assertThat(m.value(Definition.REQUEST_LATENCY_MAX)).isNaN();
    }

    @Test
    void reliabilityCountsErrorsRetriesAcksAndExhaustion() {
        ProducerMetrics m = metrics("reliability");
        time.set(20 * W);
        m.recordErrors(3);
        m.recordErrors("orders", 2);
        m.recordRetries(6);
        m.recordAcked(1000);
        m.recordAcked(24);
        m.recordBufferExhausted();
        assertThat(m.value(Definition.RECORD_ERROR_TOTAL)).isEqualTo(5.0);
        assertThat(m.value(Definition.RECORD_ERROR_RATE)).isEqualTo(5 / 30.0);
        assertThat(m.value(Definition.TOPIC_RECORD_ERROR_TOTAL, "orders")).isEqualTo(2.0);
        assertThat(m.value(Definition.RECORD_RETRY_TOTAL)).isEqualTo(6.0);
        assertThat(m.value(Definition.RECORD_RETRY_RATE)).isEqualTo(6 / 30.0);
        assertThat(m.value(Definition.RECORDS_ACKED_TOTAL)).isEqualTo(1024.0);
        assertThat(m.value(Definition.BUFFER_EXHAUSTED_TOTAL)).isEqualTo(1.0);
    }

    @Test
    void bufferGaugesReadTheAccumulatorLive() {
        ProducerMetrics m = metrics("buffer");
        AtomicLong available = new AtomicLong(1000);
        AtomicInteger waiting = new AtomicInteger();
        AtomicLong waitNanos = new AtomicLong();
        assertThatThrownBy(() -> m.value(Definition.BUFFER_UTILIZATION))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buffer-utilization");
        m.registerBufferGauges(() -> 1000, available::get, waiting::get, waitNanos::get);
        assertThat(m.value(Definition.BUFFER_TOTAL_BYTES)).isEqualTo(1000.0);
        assertThat(m.value(Definition.BUFFER_USED_BYTES)).isZero();
        assertThat(m.value(Definition.BUFFER_UTILIZATION)).isZero();
        available.set(250);
        waiting.set(2);
        waitNanos.set(12345);
        assertThat(m.value(Definition.BUFFER_AVAILABLE_BYTES)).isEqualTo(250.0);
        assertThat(m.value(Definition.BUFFER_USED_BYTES)).isEqualTo(750.0);
        assertThat(m.value(Definition.BUFFER_UTILIZATION)).isEqualTo(0.75);
        assertThat(m.value(Definition.WAITING_THREADS)).isEqualTo(2.0);
        assertThat(m.value(Definition.BUFFERPOOL_WAIT_TIME_NS_TOTAL)).isEqualTo(12345.0);
        assertThatThrownBy(() -> m.registerBufferGauges(() -> 1, () -> 1, () -> 0, () -> 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists");

        AtomicInteger inFlight = new AtomicInteger(3);
        m.registerRequestsInFlight(inFlight::get);
        assertThat(m.value(Definition.REQUESTS_IN_FLIGHT)).isEqualTo(3.0);
    }

    @Test
    void batchEfficiencyFromBatchesRequestsAndRecords() {
        ProducerMetrics m = metrics("batching");
        m.recordBatch(10, 16_384, 16_384);
        m.recordBatch(30, 8_192, 16_384);
        m.recordBatch(1, 100, 0); // batching off: no fill ratio
        m.recordRequest(2, 40);
        m.recordRequest(4, 60);
        m.networkListener().onRequestSent(1, 24_700, time.milliseconds());
        m.networkListener().onRequestSent(1, 40_000, time.milliseconds());
        m.recordRecordSizes(100, 150);
        m.recordRecordSizes(300, 300);
        m.recordBatchSplit();
        assertThat(m.value(Definition.BATCH_SIZE_AVG)).isEqualTo((16_384 + 8_192 + 100) / 3.0);
        assertThat(m.value(Definition.BATCH_SIZE_MAX)).isEqualTo(16_384.0);
        assertThat(m.value(Definition.RECORDS_PER_BATCH_AVG)).isEqualTo(41 / 3.0);
        assertThat(m.value(Definition.BATCH_FILL_RATIO_AVG)).isEqualTo(0.75);
        assertThat(m.value(Definition.RECORDS_PER_REQUEST_AVG)).isEqualTo(50.0);
        assertThat(m.value(Definition.BATCHES_PER_REQUEST_AVG)).isEqualTo(3.0);
        assertThat(m.value(Definition.REQUEST_SIZE_AVG)).isEqualTo(32_350.0);
        assertThat(m.value(Definition.REQUEST_SIZE_MAX)).isEqualTo(40_000.0);
        assertThat(m.value(Definition.RECORD_SIZE_AVG)).isEqualTo(200.0);
        assertThat(m.value(Definition.RECORD_SIZE_MAX)).isEqualTo(300.0);
        assertThat(m.value(Definition.BATCH_SPLIT_TOTAL)).isEqualTo(1.0);
    }

    @Test
    void perTopicMetricsAppearOnATopicsFirstRecord() {
        ProducerMetrics m = metrics("topics");
        assertThat(m.topics()).isEmpty();
        m.recordSent("orders", 10, 1000);
        m.recordSent("orders", 5, 500);
        m.recordSent("audit", 1, 50);
        m.recordRetries("orders", 2);
        assertThat(m.topics()).containsExactlyInAnyOrder("orders", "audit");
        assertThat(m.value(Definition.TOPIC_RECORD_SEND_TOTAL, "orders")).isEqualTo(15.0);
        assertThat(m.value(Definition.TOPIC_BYTE_TOTAL, "orders")).isEqualTo(1500.0);
        assertThat(m.value(Definition.TOPIC_RECORD_RETRY_TOTAL, "orders")).isEqualTo(2.0);
        assertThat(m.value(Definition.TOPIC_RECORD_SEND_TOTAL, "audit")).isEqualTo(1.0);
        // Producer-wide metrics count every topic.
        assertThat(m.value(Definition.RECORD_SEND_TOTAL)).isEqualTo(16.0);
        assertThat(m.value(Definition.RECORD_RETRY_TOTAL)).isEqualTo(2.0);
        assertThatThrownBy(() -> m.value(Definition.TOPIC_BYTE_TOTAL, "never")).hasMessageContaining("topic=never");
        assertThatThrownBy(() -> m.value(Definition.BYTE_TOTAL, "orders")).hasMessageContaining("producer-wide");
        assertThatThrownBy(() -> m.value(Definition.TOPIC_BYTE_TOTAL)).hasMessageContaining("per-topic");

        MetricName name = m.metrics().keySet().stream()
                .filter(n -> n.group().equals(ProducerMetrics.TOPIC_GROUP) && n.name().equals("byte-rate")
                        && n.tags().get("topic").equals("audit"))
                .findFirst().orElseThrow();
        assertThat(name.tags()).containsExactly(Map.entry("client-id", "topics"), Map.entry("topic", "audit"));
    }

    @Test
    void theSenderListenerFeedsTheSameMetrics() {
        ProducerMetrics m = metrics("listener");
        SenderListener l = m.senderListener();
        assertThat(m.senderListener()).isSameAs(l);
        l.onBatchSent("orders", 12, 1200, 120, 1, 5);
        l.onBatchSent("audit", 8, 800, 100, 1, 5);
        l.onBatchSent("orders", 3, 300, 100, 2, 40); // a retry: sent again, but not a new batch
        l.onRequestSent(1, 3, 23, 2300);
        l.onResponse(1, 12);
        l.onAcknowledged(20, 35);
        l.onRetry("orders", 3);
        l.onThrottle(1, 7);
        assertThat(m.value(Definition.RECORD_SEND_TOTAL)).isEqualTo(23.0);
        assertThat(m.value(Definition.BYTE_TOTAL)).isEqualTo(2300.0);
        assertThat(m.value(Definition.TOPIC_RECORD_SEND_TOTAL, "orders")).isEqualTo(15.0);
        assertThat(m.value(Definition.TOPIC_BYTE_TOTAL, "audit")).isEqualTo(800.0);
        // The request itself counts where the network client writes it, with every other kind of request.
        assertThat(m.value(Definition.REQUEST_TOTAL)).isZero();
        assertThat(m.value(Definition.OUTGOING_BYTE_TOTAL)).isZero();
        assertThat(m.value(Definition.RECORDS_PER_REQUEST_AVG)).isEqualTo(23.0);
        assertThat(m.value(Definition.BATCHES_PER_REQUEST_AVG)).isEqualTo(3.0);
        assertThat(m.value(Definition.RECORDS_PER_BATCH_AVG)).isEqualTo(10.0); // first attempts only
        assertThat(m.value(Definition.REQUEST_LATENCY_AVG)).isEqualTo(12.0);
        assertThat(m.value(Definition.RECORD_SEND_LATENCY_AVG)).isEqualTo(35.0);
        assertThat(m.value(Definition.RECORD_SEND_LATENCY_MAX)).isEqualTo(35.0);
        assertThat(m.value(Definition.RECORDS_ACKED_TOTAL)).isEqualTo(20.0);
        assertThat(m.value(Definition.RECORD_RETRY_TOTAL)).isEqualTo(3.0);
        assertThat(m.value(Definition.TOPIC_RECORD_RETRY_TOTAL, "orders")).isEqualTo(3.0);
        assertThat(m.value(Definition.PRODUCE_THROTTLE_TIME_MAX)).isEqualTo(7.0);
    }

    @Test
    void compressionRateIsCompressedOverUncompressedSizeAveragedOverBatches() {
        ProducerMetrics m = metrics("compression");
        SenderListener l = m.senderListener();
        l.onBatchCompression("orders", 1000, 250);
        l.onBatchCompression("orders", 1000, 750);
        l.onBatchCompression("audit", 400, 400); // compression.type=none: as sent = uncompressed
        l.onBatchCompression("audit", 0, 0); // nothing to measure: ignored, not a division by zero
        assertThat(m.value(Definition.COMPRESSION_RATE_AVG)).isCloseTo((0.25 + 0.75 + 1.0) / 3, within(1e-9));
        assertThat(m.value(Definition.TOPIC_COMPRESSION_RATE, "orders")).isCloseTo(0.5, within(1e-9));
        assertThat(m.value(Definition.TOPIC_COMPRESSION_RATE, "audit")).isEqualTo(1.0);
    }

    @Test
    void networkEventsFeedTheProducerWideAndPerBrokerMetrics() {
        ProducerMetrics m = metrics("net");
        NetworkListener l = m.networkListener();
        l.onConnectionCreated(1, time.milliseconds());
        l.onAuthenticated(1, time.milliseconds());
        l.onRequestSent(1, 100, time.milliseconds());
        l.onRequestSent(1, 300, time.milliseconds());
        l.onRequestSent(2, 50, time.milliseconds());
        l.onResponseReceived(1, 40, 7, time.milliseconds());
        l.onResponseReceived(1, 60, 3, time.milliseconds());
        l.onAuthenticationFailed(2, time.milliseconds());
        l.onConnectionClosed(2, time.milliseconds());
        l.onPoll(3_000_000_000L, 1_000_000_000L, time.milliseconds());
        l.onPoll(1_000_000_000L, 0, time.milliseconds());

        assertThat(m.value(Definition.NODE_REQUEST_TOTAL, 1)).isEqualTo(2.0);
        assertThat(m.value(Definition.NODE_OUTGOING_BYTE_TOTAL, 1)).isEqualTo(400.0);
        assertThat(m.value(Definition.NODE_REQUEST_SIZE_AVG, 1)).isEqualTo(200.0);
        assertThat(m.value(Definition.NODE_REQUEST_SIZE_MAX, 1)).isEqualTo(300.0);
        assertThat(m.value(Definition.NODE_RESPONSE_TOTAL, 1)).isEqualTo(2.0);
        assertThat(m.value(Definition.NODE_INCOMING_BYTE_TOTAL, 1)).isEqualTo(100.0);
        assertThat(m.value(Definition.NODE_REQUEST_LATENCY_AVG, 1)).isEqualTo(5.0);
        assertThat(m.value(Definition.NODE_REQUEST_LATENCY_MAX, 1)).isEqualTo(7.0);
        assertThat(m.value(Definition.NODE_REQUEST_TOTAL, 2)).isEqualTo(1.0);
        assertThat(m.value(Definition.NODE_RESPONSE_TOTAL, 2)).isZero();

        // Producer-wide, every request to every broker (ApiVersions, Metadata... as well as Produce).
        assertThat(m.value(Definition.REQUEST_TOTAL)).isEqualTo(3.0);
        assertThat(m.value(Definition.OUTGOING_BYTE_TOTAL)).isEqualTo(450.0);
        assertThat(m.value(Definition.REQUEST_SIZE_AVG)).isEqualTo(150.0);
        assertThat(m.value(Definition.REQUEST_SIZE_MAX)).isEqualTo(300.0);
        assertThat(m.value(Definition.RESPONSE_TOTAL)).isEqualTo(2.0);
        assertThat(m.value(Definition.INCOMING_BYTE_TOTAL)).isEqualTo(100.0);
        assertThat(m.value(Definition.NETWORK_IO_TOTAL)).isEqualTo(5.0);
        assertThat(m.value(Definition.CONNECTION_CREATION_TOTAL)).isEqualTo(1.0);
        assertThat(m.value(Definition.CONNECTION_CLOSE_TOTAL)).isEqualTo(1.0);
        assertThat(m.value(Definition.SUCCESSFUL_AUTHENTICATION_TOTAL)).isEqualTo(1.0);
        assertThat(m.value(Definition.FAILED_AUTHENTICATION_TOTAL)).isEqualTo(1.0);
        assertThat(m.value(Definition.SUCCESSFUL_AUTHENTICATION_NO_REAUTH_TOTAL)).isEqualTo(1.0);
        assertThat(m.value(Definition.SUCCESSFUL_REAUTHENTICATION_TOTAL)).isZero();
        assertThat(m.value(Definition.SELECT_TOTAL)).isEqualTo(2.0);
        assertThat(m.value(Definition.IO_WAIT_TIME_NS_TOTAL)).isEqualTo(4e9);
        assertThat(m.value(Definition.IO_WAIT_TIME_NS_AVG)).isEqualTo(2e9);
        assertThat(m.value(Definition.IO_TIME_NS_TOTAL)).isEqualTo(1e9);
        assertThat(m.value(Definition.IO_TIME_NS_AVG)).isEqualTo(5e8);
        // The ratios are the rates of nanoseconds per second scaled to a fraction: four times the waiting.
        assertThat(m.value(Definition.IO_WAIT_RATIO)).isCloseTo(4 * m.value(Definition.IO_RATIO), within(1e-12));
        assertThat(m.value(Definition.IO_WAIT_RATIO) * 1e9).isCloseTo(
                4e9 / (m.value(Definition.SELECT_TOTAL) / m.value(Definition.SELECT_RATE)), within(1e-3));
    }

    @Test
    void reauthenticationsAreCountedApartFromFirstAuthentications() {
        ProducerMetrics m = metrics("reauth");
        NetworkListener l = m.networkListener();
        time.set(10 * W); // the start of a window: rates span exactly one window (30 s)
        l.onAuthenticated(1, time.milliseconds());
        l.onReauthenticated(1, 40, time.milliseconds());
        l.onReauthenticated(1, 10, time.milliseconds());
        l.onReauthenticated(2, 70, time.milliseconds());
        l.onReauthenticationFailed(2, time.milliseconds());

        assertThat(m.value(Definition.SUCCESSFUL_REAUTHENTICATION_TOTAL)).isEqualTo(3.0);
        assertThat(m.value(Definition.SUCCESSFUL_REAUTHENTICATION_RATE)).isEqualTo(3 / 30.0);
        assertThat(m.value(Definition.REAUTHENTICATION_LATENCY_AVG)).isEqualTo(40.0);
        assertThat(m.value(Definition.REAUTHENTICATION_LATENCY_MAX)).isEqualTo(70.0);
        assertThat(m.value(Definition.FAILED_REAUTHENTICATION_TOTAL)).isEqualTo(1.0);
        assertThat(m.value(Definition.FAILED_REAUTHENTICATION_RATE)).isEqualTo(1 / 30.0);
        // A re-authentication is not a new connection's authentication, successful or failed.
        assertThat(m.value(Definition.SUCCESSFUL_AUTHENTICATION_TOTAL)).isEqualTo(1.0);
        assertThat(m.value(Definition.SUCCESSFUL_AUTHENTICATION_NO_REAUTH_TOTAL)).isEqualTo(1.0);
        assertThat(m.value(Definition.FAILED_AUTHENTICATION_TOTAL)).isZero();
    }

    @Test
    void bufferPoolWaitRatioIsTheFractionOfTheWindowSpentWaiting() {
        ProducerMetrics m = metrics("wait-ratio");
        time.set(10 * W); // the start of a window: the rate spans exactly one window (30 s)
        assertThat(m.value(Definition.BUFFERPOOL_WAIT_RATIO)).isZero();
        m.recordBufferPoolWait(3_000_000_000L); // 3 s
        m.recordBufferPoolWait(1_500_000_000L); // 1.5 s, another thread
        assertThat(m.value(Definition.BUFFERPOOL_WAIT_RATIO)).isCloseTo(4.5 / 30, within(1e-12));
        time.advance(2 * W);
        assertThat(m.value(Definition.BUFFERPOOL_WAIT_RATIO)).isZero();
    }

    @Test
    void kafkaMetricsCountIsTheNumberOfMetricsRegistered() {
        ProducerMetrics m = metrics("count");
        int before = m.metrics().size();
        assertThat(m.value(Definition.KAFKA_METRICS_COUNT)).isEqualTo(before);
        m.recordSent("orders", 1, 100); // a topic's first record registers its metrics
        assertThat(m.metrics().size()).isGreaterThan(before);
        assertThat(m.value(Definition.KAFKA_METRICS_COUNT)).isEqualTo(m.metrics().size());
    }

    @Test
    void metadataAgeCountsFromTheLastRefreshOrFromTheStart() {
        ProducerMetrics m = metrics("age");
        AtomicLong last = new AtomicLong(-1);
        m.registerMetadataAge(last::get);
        time.advance(2_500);
        assertThat(m.value(Definition.METADATA_AGE)).isEqualTo(2.5);
        last.set(time.milliseconds());
        time.advance(1_000);
        assertThat(m.value(Definition.METADATA_AGE)).isEqualTo(1.0);
    }

    @Test
    void everyDefinitionIsRegisteredWithItsDescriptionAndClientIdTag() {
        ProducerMetrics m = metrics("complete");
        m.registerBufferGauges(() -> 1, () -> 1, () -> 0, () -> 0);
        m.registerRequestsInFlight(() -> 0);
        m.registerConnectionCount(() -> 1);
        m.registerMetadataAge(() -> -1);
        m.recordSent("t", 1, 1);
        m.recordErrors("t", 1);
        m.recordRetries("t", 1);
        m.networkListener().onConnectionCreated(1, 0);
        Map<MetricName, ? extends Metric> all = m.metrics();
        assertThat(all).hasSize(Definition.values().length);
        for (Definition d : Definition.values()) {
            MetricName name = all.keySet().stream()
                    .filter(n -> n.name().equals(d.metricName()) && n.group().equals(d.group()))
                    .findFirst().orElseThrow(() -> new AssertionError(d + " is not registered"));
            assertThat(name.description()).isEqualTo(d.description()).isNotBlank();
            assertThat(name.tags()).containsEntry("client-id", "complete");
            assertThat(name.tags().keySet()).containsExactlyElementsOf(d.tagKeys());
            // As in Apache Kafka: every metric is a Double but app-info's version, commit (Strings), start (Long).
            assertThat(all.get(name).metricValue()).isInstanceOf(d.group().equals("app-info")
                    ? d == Definition.START_TIME_MS ? Long.class : String.class : Double.class);
        }
        assertThat(EnumSet.allOf(Model.class)).allSatisfy(model ->
                assertThat(Arrays.stream(Definition.values()).filter(d -> d.model() == model)).isNotEmpty());
    }

    @Test
    void namesMarkedAsApacheKafkasAreApacheKafkasAndTheOthersAreNot() {
        Set<String> apache = apacheProducerMetricNames();
        for (Definition d : Definition.values()) {
            assertThat(apache.contains(d.group() + "/" + d.metricName()))
                    .as("%s (%s/%s) marked inApacheKafka=%s", d, d.group(), d.metricName(), d.inApacheKafka())
                    .isEqualTo(d.inApacheKafka());
        }
    }

    /** group/name of every metric Apache Kafka 4.1's producer registers, per-topic ones included. */
    private static Set<String> apacheProducerMetricNames() {
        Set<String> names = new HashSet<>();
        Properties props = new Properties();
        props.put("bootstrap.servers", "localhost:1"); // never contacted: nothing is sent
        props.put("client.id", "samsa-metric-names");
        props.put("enable.idempotence", "false"); // no InitProducerId: the producer has no reason to connect
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.metrics().keySet().forEach(n -> names.add(n.group() + "/" + n.name()));
            producer.close(Duration.ZERO);
        }
        org.apache.kafka.clients.producer.internals.SenderMetricsRegistry registry =
                new org.apache.kafka.clients.producer.internals.SenderMetricsRegistry(
                        new org.apache.kafka.common.metrics.Metrics());
        registry.allTemplates().forEach(t -> names.add(t.group() + "/" + t.name()));
        // Per broker, registered once a connection exists (ApacheMetricParityTest sees them live): the network
        // layer's (Apache's Selector) and the Produce latency (Apache's Sender).
        for (String name : List.of("request-rate", "request-total", "request-size-avg", "request-size-max",
                "response-rate", "response-total", "incoming-byte-rate", "incoming-byte-total", "outgoing-byte-rate",
                "outgoing-byte-total", "request-latency-avg", "request-latency-max")) {
            names.add("producer-node-metrics/" + name);
        }
        return names;
    }

    // ---- JMX ----

    @Test
    void jmxShowsEveryProducerMetricAsAnAttribute() throws Exception {
        ProducerMetrics m = metrics("jmx-app").registerMBeans();
        m.registerBufferGauges(() -> 100, () -> 40, () -> 1, () -> 0);
        m.recordSent("orders", 7, 700);
        ObjectName producer = new ObjectName("io.samsa.producer:type=producer-metrics,client-id=jmx-app");
        ObjectName topic = new ObjectName(
                "io.samsa.producer:type=producer-topic-metrics,client-id=jmx-app,topic=orders");
        assertThat(SERVER.getAttribute(producer, "record-send-total")).isEqualTo(7.0);
        assertThat(SERVER.getAttribute(producer, "buffer-utilization")).isEqualTo(0.6);
        assertThat(SERVER.getAttribute(topic, "byte-total")).isEqualTo(700.0);
        Set<String> attributes = Arrays.stream(SERVER.getMBeanInfo(producer).getAttributes())
                .map(MBeanAttributeInfo::getName).collect(Collectors.toSet());
        assertThat(attributes).contains("record-send-rate", "record-queue-time-avg", "record-error-rate",
                "buffer-available-bytes", "batch-fill-ratio-avg", "records-acked-total");
        assertThat(m.registerMBeans()).isSameAs(m);

        m.close();
        assertThat(SERVER.isRegistered(producer)).isFalse();
        assertThat(SERVER.isRegistered(topic)).isFalse();
        m.close();
        // Recording after close is harmless.
        m.recordSent("orders", 1, 1);
        assertThatThrownBy(m::registerMBeans).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDuplicateClientIdLogsAWarningAndDoesNotFail() throws Exception {
        ProducerMetrics first = metrics("same-id").registerMBeans();
        ProducerMetrics second = metrics("same-id");
        String log = LogCapture.during(second::registerMBeans);
        assertThat(log).contains("WARN")
                .contains("io.samsa.producer:type=producer-metrics,client-id=same-id")
                .contains("already taken");
        first.recordSent(5, 50);
        second.recordSent(9, 90);
        ObjectName name = new ObjectName("io.samsa.producer:type=producer-metrics,client-id=same-id");
        assertThat(SERVER.getAttribute(name, "record-send-total")).isEqualTo(5.0);
        assertThat(second.value(Definition.RECORD_SEND_TOTAL)).isEqualTo(9.0);
        second.close();
        assertThat(SERVER.isRegistered(name)).isTrue();
        first.close();
        assertThat(SERVER.isRegistered(name)).isFalse();
    }

    @Test
    void clientIdAndWindowsComeFromTheConfiguration() throws Exception {
        ProducerConfig config = ProducerConfig.builder()
                .bootstrapServers("localhost:9092")
                .keySerializer(io.samsa.common.serialization.StringSerializer.class)
                .valueSerializer(io.samsa.common.serialization.StringSerializer.class)
                .clientId("from-config")
                .set(ProducerConfig.METRICS_NUM_SAMPLES_CONFIG, 3)
                .set(ProducerConfig.METRICS_SAMPLE_WINDOW_MS_CONFIG, 1000L)
                .build();
        ProducerMetrics m = new ProducerMetrics(config.clientId(), config.metricConfig(), time).registerMBeans();
        opened.add(m);
        assertThat(SERVER.isRegistered(new ObjectName(
                "io.samsa.producer:type=producer-metrics,client-id=from-config"))).isTrue();
        time.set(100_000); // start of a window; 3 samples of 1 s: a span of 2 s
        m.recordSent(10, 10);
        assertThat(m.value(Definition.RECORD_SEND_RATE)).isEqualTo(5.0);
        time.advance(3_000);
        assertThat(m.value(Definition.RECORD_SEND_RATE)).isZero();
    }
}
