package io.samsa.perf.apache;

import io.samsa.perf.harness.ClientUnderTest;
import io.samsa.perf.harness.Runner;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.AppInfoParser;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A {@code samsa perf} runner process for Apache Kafka's own producer ({@code kafka-clients}, the version this
 * module was built with). Started by samsa-cli with this module's own classpath; Samsa is not on it.
 *
 * <p>Everything but the construction is written against Apache's {@link Producer} interface, so another
 * implementation of it runs through exactly this code: samsa-perf-adapter's runner passes a factory making
 * {@code io.samsa.kafka.SamsaKafkaProducer}. Which client it is then shows only in {@link #description()} and in
 * which metrics the producer has (see {@link #batchModel}).
 */
public class ApacheRunner implements ClientUnderTest {
    /** The callback of untimed records, made once per run's {@code Done} (see {@link #send}). */
    private Callback untimed;
    private Done untimedFor;
    /** Makes the producer under test from the workload's properties. */
    @FunctionalInterface
    public interface ProducerFactory {
        Producer<byte[], byte[]> create(Properties props);
    }

    private final ProducerFactory factory;
    private Producer<byte[], byte[]> producer;
    private Metric bufferTotal;
    private Metric bufferAvailable;

    public static void main(String[] args) {
        Runner.main(args, new ApacheRunner());
    }

    /** Apache Kafka's {@code KafkaProducer}. */
    public ApacheRunner() {
        this(p -> new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** Another implementation of Apache's {@code Producer} interface, run by the same code. */
    protected ApacheRunner(ProducerFactory factory) {
        this.factory = factory;
    }

    /** The producer, once {@link #open} made it; null before. */
    protected final Producer<byte[], byte[]> producer() {
        return producer;
    }

    @Override
    public String description() {
        return "apache kafka-clients " + AppInfoParser.getVersion();
    }

    @Override
    public void open(Map<String, String> props) {
        Properties p = new Properties();
        p.putAll(props);
        producer = factory.create(p);
        for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
            if (e.getKey().group().equals("producer-metrics")) {
                if (e.getKey().name().equals("buffer-total-bytes")) {
                    bufferTotal = e.getValue();
                } else if (e.getKey().name().equals("buffer-available-bytes")) {
                    bufferAvailable = e.getValue();
                }
            }
        }
    }

    @Override
    public int partitions(String topic) {
        return producer.partitionsFor(topic).size();
    }

    @Override
    public void send(String topic, byte[] value, long sendNanos, Done done) {
        Callback callback;
        if (sendNanos == Done.UNTIMED) {
            // One callback for every untimed record: the harness must not allocate per record for the client.
            // Sending threads may race on these fields: every callback made here wraps the run's one Done, so
            // any of them is right, and one read racily is whole (its captured field is final).
            Callback c = untimed;
            if (c == null || untimedFor != done) {
                c = (md, e) -> done.completed(Done.UNTIMED, e);
                untimedFor = done;
                untimed = c;
            }
            callback = c;
        } else {
            callback = (md, e) -> done.completed(sendNanos, e);
        }
        producer.send(new ProducerRecord<>(topic, value), callback);
    }

    @Override
    public void flush() {
        producer.flush();
    }

    // Apache's Producer interface methods, so the adapter's runner (this code) runs the same transactions.
    @Override
    public void initTransactions() {
        producer.initTransactions();
    }

    @Override
    public void beginTransaction() {
        producer.beginTransaction();
    }

    @Override
    public void commitTransaction() {
        producer.commitTransaction();
    }

    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> out = new HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
            if (e.getKey().group().equals("producer-metrics") && e.getKey().tags().size() <= 1) {
                Object v = e.getValue().metricValue();
                if (v instanceof Number) {
                    out.put(e.getKey().name(), ((Number) v).doubleValue());
                }
            }
        }
        return out;
    }

    @Override
    public double bufferUsedBytes() {
        if (bufferTotal == null || bufferAvailable == null) {
            return Double.NaN;
        }
        return ((Number) bufferTotal.metricValue()).doubleValue() - ((Number) bufferAvailable.metricValue()).doubleValue();
    }

    /**
     * The batch model, read directly when the producer has the metrics ({@code records-per-batch-avg},
     * {@code batch-fill-ratio-avg}, {@code batches-per-request-avg}: Samsa's, which samsa-kafka-clients exposes
     * under the same names), else derived.
     *
     * <p>Apache's producer has no records-per-batch or batches-per-request metric. Derived: records per batch =
     * (batch-size-avg - 61-byte batch header) / the encoded size of one record (the value plus a record's varint
     * framing with a null key and no headers, 10 bytes for a 100-byte value); batches per request =
     * records-per-request-avg / records per batch.
     */
    @Override
    public Map<String, Object> batchModel(Map<String, Double> metrics, int batchSize, double averageValueBytes) {
        double batchBytes = metrics.getOrDefault("batch-size-avg", Double.NaN);
        Map<String, Object> m = new LinkedHashMap<>();
        if (metrics.containsKey("records-per-batch-avg") && metrics.containsKey("batch-fill-ratio-avg")
                && metrics.containsKey("batches-per-request-avg")) {
            m.put("recordsPerBatch", metrics.get("records-per-batch-avg"));
            m.put("batchFill", metrics.get("batch-fill-ratio-avg"));
            m.put("batchesPerRequest", metrics.get("batches-per-request-avg"));
            m.put("batchSizeAvgBytes", batchBytes);
            m.put("derived", false);
            return m;
        }
        double recordBytes = averageValueBytes + recordOverhead((int) Math.round(averageValueBytes));
        double recordsPerBatch = (batchBytes - 61) / recordBytes;
        m.put("recordsPerBatch", recordsPerBatch);
        m.put("batchFill", batchBytes / batchSize);
        m.put("batchesPerRequest", metrics.getOrDefault("records-per-request-avg", Double.NaN) / recordsPerBatch);
        m.put("batchSizeAvgBytes", batchBytes);
        m.put("derived", true);
        return m;
    }

    /** Record framing in a v2 batch: length, attributes, timestamp delta, offset delta, key length (-1), value length, header count. */
    static int recordOverhead(int valueBytes) {
        int body = 1 + 1 + 2 + 1 + varint(valueBytes) + valueBytes + 1; // ts delta ~2, offset delta 1-2
        return varint(body) + body - valueBytes;
    }

    private static int varint(int v) {
        int zz = (v << 1) ^ (v >> 31);
        int n = 1;
        while ((zz & ~0x7F) != 0) {
            n++;
            zz >>>= 7;
        }
        return n;
    }

    @Override
    public void close() {
        producer.close();
    }
}
