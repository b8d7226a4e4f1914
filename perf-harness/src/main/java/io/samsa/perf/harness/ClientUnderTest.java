package io.samsa.perf.harness;

import java.util.Map;

/**
 * What {@link Runner} needs of a producer client. One implementation per client (Samsa's in samsa-cli, Apache's
 * in samsa-perf-apache), each in its own JVM. Thread use: {@link #send} on the runner's sending thread only;
 * {@link Done#completed} on whatever thread the client completes records on; {@link #bufferUsedBytes} on the
 * runner's sampler thread (implementations read a metric, which both clients make thread-safe).
 */
public interface ClientUnderTest {

    /** Called once per record by the client's completion thread. */
    interface Done {
        /**
         * The {@code sendNanos} of a record whose latency is not timed (the runner times a sample, see
         * {@code Runner.latencyEvery}). A runner may pass such records one callback it made once for the run's
         * {@code Done}, instead of a new one capturing the time.
         */
        long UNTIMED = Long.MIN_VALUE;

        void completed(long sendNanos, Exception error);
    }

    /** Client name and version, e.g. {@code samsa 0.1.0-SNAPSHOT}. */
    String description();

    /** Creates the producer from Apache-named properties (byte-array key and value serializers are set here). */
    void open(Map<String, String> props) throws Exception;

    /** Waits for the topic's metadata (so the timed run does not include the first metadata fetch). */
    int partitions(String topic) throws Exception;

    /**
     * Sends one record (null key); must call {@code done} exactly once, with {@code sendNanos} (which may be
     * {@link Done#UNTIMED}). The runner passes the same {@code done} for every record of a run.
     */
    void send(String topic, byte[] value, long sendNanos, Done done);

    void flush() throws Exception;

    /**
     * The producer's {@code initTransactions()}: once, after {@link #open} with a {@code transactional.id}, before
     * the first {@link #beginTransaction()}. The three transactional calls run on the runner's sending thread only.
     */
    void initTransactions() throws Exception;

    /** The producer's {@code beginTransaction()}. */
    void beginTransaction() throws Exception;

    /** The producer's {@code commitTransaction()} (which sends and waits for the transaction's records first). */
    void commitTransaction() throws Exception;

    /** The producer-wide metrics ({@code producer-metrics} group), by name. */
    Map<String, Double> metrics();

    /** Bytes of {@code buffer.memory} held by batches now. */
    double bufferUsedBytes();

    /**
     * The batch-efficiency model from the final metrics: {@code recordsPerBatch}, {@code batchFill} (average batch
     * bytes / batch.size), {@code batchesPerRequest}, and {@code derived} (true when computed from other metrics
     * because the client has no direct one).
     */
    Map<String, Object> batchModel(Map<String, Double> metrics, int batchSize, double averageValueBytes);

    void close() throws Exception;
}
