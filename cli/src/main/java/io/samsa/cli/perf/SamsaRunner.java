package io.samsa.cli.perf;

import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.perf.harness.ClientUnderTest;
import io.samsa.perf.harness.Runner;
import io.samsa.clients.producer.Callback;
import io.samsa.clients.producer.KafkaProducer;
import io.samsa.clients.producer.ProducerRecord;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.samsa.prometheus.SamsaPrometheus;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@code samsa perf} runner process for Samsa's producer; the same harness as Apache's runner. */
public final class SamsaRunner implements ClientUnderTest {
    /** The callback of untimed records, made once per run's {@code Done} (see {@link #send}). */
    private Callback untimed;
    private Done untimedFor;
    /** System property with the port to serve the producer's metrics on ({@code samsa perf --metrics-port}). */
    public static final String METRICS_PORT_PROPERTY = "samsa.perf.metricsPort";
    /** System property: "true" to send with {@code produce(record, callback)} ({@code samsa perf --samsa-send}). */
    public static final String PRODUCE_PROPERTY = "samsa.perf.produce";
    private final boolean produce = Boolean.getBoolean(PRODUCE_PROPERTY);

    private KafkaProducer<byte[], byte[]> producer;
    /** The /metrics endpoint while the run lasts, or null. */
    private HTTPServer metricsServer;
    private Metric bufferUsed;

    public static void main(String[] args) {
        Runner.main(args, new SamsaRunner());
    }

    @Override
    public String description() {
        String v = KafkaProducer.class.getPackage().getImplementationVersion();
        return "samsa " + (v != null ? v : "0.1.0-SNAPSHOT");
    }

    @Override
    public void open(Map<String, String> props) {
        producer = new KafkaProducer<>(new LinkedHashMap<String, Object>(props), new ByteArraySerializer(),
                new ByteArraySerializer());
        String port = System.getProperty(METRICS_PORT_PROPERTY);
        if (port != null) {
            metricsServer = SamsaPrometheus.serve(producer, Integer.parseInt(port));
        }
        for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
            if (e.getKey().group().equals("producer-metrics") && e.getKey().name().equals("buffer-used-bytes")) {
                bufferUsed = e.getValue();
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
        if (produce) {
            producer.produce(new ProducerRecord<>(topic, value), callback);
        } else {
            producer.send(new ProducerRecord<>(topic, value), callback);
        }
    }

    @Override
    public void flush() {
        producer.flush();
    }

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
            if (e.getKey().group().equals("producer-metrics")) {
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
        return bufferUsed == null ? Double.NaN : ((Number) bufferUsed.metricValue()).doubleValue();
    }

    @Override
    public Map<String, Object> batchModel(Map<String, Double> metrics, int batchSize, double averageValueBytes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recordsPerBatch", metrics.getOrDefault("records-per-batch-avg", Double.NaN));
        m.put("batchFill", metrics.getOrDefault("batch-fill-ratio-avg", Double.NaN));
        m.put("batchesPerRequest", metrics.getOrDefault("batches-per-request-avg", Double.NaN));
        m.put("batchSizeAvgBytes", metrics.getOrDefault("batch-size-avg", Double.NaN));
        m.put("derived", false);
        return m;
    }

    @Override
    public void close() {
        producer.close();
        if (metricsServer != null) {
            metricsServer.close();
        }
    }
}
