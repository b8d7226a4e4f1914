package io.samsa.perf.adapter;

import io.samsa.kafka.SamsaKafkaProducer;
import io.samsa.perf.apache.ApacheRunner;
import io.samsa.perf.harness.Runner;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.AppInfoParser;

import java.util.Map;

/**
 * A {@code samsa perf} runner process for samsa-kafka-clients ({@code --compare adapter}): Apache-typed code
 * (Apache's {@code ProducerRecord}, {@code Callback}, serializers, {@code MetricName}s) sending through Samsa.
 * Exactly {@link ApacheRunner}'s code, with the producer made as
 * {@code new SamsaKafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())}: what differs from
 * the {@code apache} client is the producer alone, and what differs from the {@code samsa} client is the adapter's
 * own cost (the conversions at {@code send} and at completion).
 *
 * <p>The batch model is Samsa's own ({@code records-per-batch-avg} and the rest, which the adapter's metrics mirror
 * under Apache's names), not derived as for Apache's producer.
 */
public final class AdapterRunner extends ApacheRunner {
    /** Samsa's version as the adapter reports it (its app-info metric); read once the producer exists. */
    private String version = "(version not known yet)";

    public static void main(String[] args) {
        Runner.main(args, new AdapterRunner());
    }

    public AdapterRunner() {
        super(p -> new SamsaKafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    @Override
    public void open(Map<String, String> props) {
        super.open(props);
        Producer<byte[], byte[]> producer = producer();
        for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
            if (e.getKey().group().equals("app-info") && e.getKey().name().equals("version")) {
                version = String.valueOf(e.getValue().metricValue());
            }
        }
    }

    /** e.g. {@code samsa-kafka-clients 0.1.0-SNAPSHOT (kafka-clients 4.1.2 API)}. */
    @Override
    public String description() {
        return "samsa-kafka-clients " + version + " (kafka-clients " + AppInfoParser.getVersion() + " API)";
    }
}
