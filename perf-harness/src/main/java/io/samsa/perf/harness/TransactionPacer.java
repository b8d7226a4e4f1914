package io.samsa.perf.harness;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * When a transactional run begins and commits, as Apache's {@code ProducerPerformance --transaction-duration-ms}
 * does it: a transaction is begun before a send that finds none open, and committed right after the first send
 * made at least the duration after it began (the check is made at each send, so a transaction stays open for the
 * duration plus the time to the next send); the one still open at the end is committed by {@link #finish()},
 * before the runner's flush. Counts the commits and times each {@code commitTransaction()} call with the sending
 * thread's clock. Single-threaded: the runner's sending thread.
 */
public final class TransactionPacer {
    /** The client's transactional calls. */
    public interface Transactions {
        void begin() throws Exception;

        void commit() throws Exception;
    }

    private final Transactions client;
    private final LongSupplier nanoClock;
    private final long durationNs;
    private boolean open;
    private long beganNs;
    private long commits;
    private long commitNanosTotal;
    /** Each commitTransaction() call, in microseconds. */
    private final Histogram commitMicros = new Histogram(3);

    /**
     * @param durationMs how long a transaction stays open before the next send commits it, {@code > 0}
     * @param nanoClock  {@code System::nanoTime} in a runner; the clock sends are stamped with
     */
    public TransactionPacer(Transactions client, long durationMs, LongSupplier nanoClock) {
        if (durationMs <= 0) {
            throw new IllegalArgumentException("transaction duration must be > 0 ms, was " + durationMs);
        }
        this.client = client;
        this.durationNs = durationMs * 1_000_000L;
        this.nanoClock = nanoClock;
    }

    /** Before each send: begins a transaction if none is open. */
    public void beforeSend() throws Exception {
        if (!open) {
            client.begin();
            open = true;
            beganNs = nanoClock.getAsLong();
        }
    }

    /** After each send, with the time the send was stamped with: commits once the duration has passed. */
    public void sent(long sendNanos) throws Exception {
        if (open && sendNanos - beganNs >= durationNs) {
            commit();
        }
    }

    /** After the last send: commits the open transaction, if any. */
    public void finish() throws Exception {
        if (open) {
            commit();
        }
    }

    private void commit() throws Exception {
        long t0 = nanoClock.getAsLong();
        client.commit();
        long took = nanoClock.getAsLong() - t0;
        open = false;
        commits++;
        commitNanosTotal += took;
        commitMicros.recordValue(Math.max(0, took / 1000));
    }

    /** Transactions committed so far. */
    public long commits() {
        return commits;
    }

    public boolean open() {
        return open;
    }

    /**
     * The run's transaction figures for the result JSON: {@code durationMs}, {@code count} (transactions
     * committed), {@code recordsPerTransaction}, {@code initMs}, {@code commitMs} (avg, p50, p99, max of the
     * commitTransaction() calls), {@code commitSecTotal}, {@code commitShareOfElapsed} (the part of the measured
     * time the sending thread spent committing) and, when the client has the metric
     * ({@code txn-commit-time-ns-total}), {@code metricCommitTimeNsTotal} and {@code metricCommitMsAvg} (it over
     * the count).
     */
    public Map<String, Object> figures(long records, long initNanos, double elapsedSec, Map<String, Double> metrics) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("durationMs", durationNs / 1_000_000L);
        m.put("count", commits);
        m.put("recordsPerTransaction", commits == 0 ? Double.NaN : (double) records / commits);
        m.put("initMs", initNanos / 1e6);
        Map<String, Object> commit = new LinkedHashMap<>();
        boolean none = commits == 0;
        commit.put("avg", none ? Double.NaN : commitNanosTotal / 1e6 / commits);
        commit.put("p50", none ? Double.NaN : commitMicros.getValueAtPercentile(50) / 1000.0);
        commit.put("p99", none ? Double.NaN : commitMicros.getValueAtPercentile(99) / 1000.0);
        commit.put("max", none ? Double.NaN : commitMicros.getMaxValue() / 1000.0);
        m.put("commitMs", commit);
        m.put("commitSecTotal", commitNanosTotal / 1e9);
        m.put("commitShareOfElapsed", elapsedSec <= 0 ? Double.NaN : commitNanosTotal / 1e9 / elapsedSec);
        Double metric = metrics.get("txn-commit-time-ns-total");
        m.put("metricCommitTimeNsTotal", metric == null ? Double.NaN : metric);
        m.put("metricCommitMsAvg", metric == null || none ? Double.NaN : metric / 1e6 / commits);
        return m;
    }
}
