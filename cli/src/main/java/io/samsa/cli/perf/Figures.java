package io.samsa.cli.perf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The figures {@code samsa perf} reports, where each lives in a run's result JSON, and how runs are combined
 * (the median, ignoring runs that lack the figure). Stateless.
 */
public final class Figures {
    private Figures() {
    }

    /** One reported figure: label, path in the result JSON, scale factor, format, and which way is better. */
    public record Figure(String model, String label, String path, double scale, String format, boolean higherIsBetter) {
    }

    /** The model of the figures a transactional run adds (its result's {@code transactions} object). */
    public static final String TRANSACTIONS = "transactions";

    public static final List<Figure> ALL = List.of(
            new Figure("throughput", "records/s", "recordsPerSec", 1, "%,.0f", true),
            new Figure("throughput", "MB/s", "mbPerSec", 1, "%,.2f", true),
            new Figure("latency", "latency avg (ms)", "latencyMs.avg", 1, "%,.2f", false),
            new Figure("latency", "latency p50 (ms)", "latencyMs.p50", 1, "%,.2f", false),
            new Figure("latency", "latency p95 (ms)", "latencyMs.p95", 1, "%,.2f", false),
            new Figure("latency", "latency p99 (ms)", "latencyMs.p99", 1, "%,.2f", false),
            new Figure("latency", "latency p99.9 (ms)", "latencyMs.p99.9", 1, "%,.2f", false),
            new Figure("latency", "latency max (ms)", "latencyMs.max", 1, "%,.2f", false),
            new Figure("latency", "latency p50 (ms), second half", "latencyMsSecondHalf.p50", 1, "%,.2f", false),
            new Figure("latency", "latency p99 (ms), second half", "latencyMsSecondHalf.p99", 1, "%,.2f", false),
            new Figure("latency", "latency p99.9 (ms), second half", "latencyMsSecondHalf.p99.9", 1, "%,.2f", false),
            new Figure("reliability", "acked / sent (%)", "reliability.ackedPercent", 1, "%.3f", true),
            new Figure("reliability", "failed records", "reliability.failed", 1, "%,.0f", false),
            new Figure("reliability", "retried records", "reliability.retried", 1, "%,.0f", false),
            new Figure("buffer", "buffer used avg (%)", "buffer.averageUtilisation", 100, "%.1f", false),
            new Figure("buffer", "buffer used peak (%)", "buffer.peakUtilisation", 100, "%.1f", false),
            new Figure("batching", "records per batch", "batch.recordsPerBatch", 1, "%,.1f", true),
            new Figure("batching", "batch fill vs batch.size (%)", "batch.batchFill", 100, "%.1f", true),
            new Figure("batching", "batches per request", "batch.batchesPerRequest", 1, "%.2f", true),
            new Figure("resources", "CPU s per 1M records", "resources.cpuMsPerMillionRecords", 0.001, "%.3f", false),
            new Figure("resources", "CPU s per 1M records, second half",
                    "resources.cpuMsPerMillionRecordsSecondHalf", 0.001, "%.3f", false),
            new Figure("resources", "JIT compiler CPU s in the run", "resources.jitCpuSec", 1, "%.2f", false),
            new Figure("resources", "GC threads CPU s in the run", "resources.gcCpuSec", 1, "%.2f", false),
            new Figure("resources", "broker CPU s per 1M records", "broker.cpuMsPerMillionRecords", 0.001, "%.3f",
                    false),
            new Figure("resources", "client + broker CPU s per 1M", "broker.clientPlusBrokerCpuMsPerMillionRecords",
                    0.001, "%.3f", false),
            new Figure("resources", "CPU cores used (avg)", "resources.cpuCoresAverage", 1, "%.2f", false),
            new Figure("resources", "bytes allocated per record", "resources.allocatedBytesPerRecord", 1, "%,.1f",
                    false),
            new Figure("resources", "peak heap used (MB)", "resources.heapPeakBytes", 1.0 / (1 << 20), "%,.0f", false),
            new Figure("resources", "peak RSS (MB)", "resources.rssPeakBytes", 1.0 / (1 << 20), "%,.0f", false),
            new Figure("resources", "GC pauses", "resources.gcCount", 1, "%,.0f", false),
            new Figure(Figures.TRANSACTIONS, "transactions committed", "transactions.count", 1, "%,.0f", false),
            new Figure(Figures.TRANSACTIONS, "records per transaction", "transactions.recordsPerTransaction", 1,
                    "%,.0f", true),
            new Figure(Figures.TRANSACTIONS, "commit avg (ms)", "transactions.commitMs.avg", 1, "%,.2f", false),
            new Figure(Figures.TRANSACTIONS, "commit p50 (ms)", "transactions.commitMs.p50", 1, "%,.2f", false),
            new Figure(Figures.TRANSACTIONS, "commit p99 (ms)", "transactions.commitMs.p99", 1, "%,.2f", false),
            new Figure(Figures.TRANSACTIONS, "commit max (ms)", "transactions.commitMs.max", 1, "%,.2f", false),
            new Figure(Figures.TRANSACTIONS, "time in commits (%)", "transactions.commitShareOfElapsed", 100, "%.1f",
                    false),
            new Figure(Figures.TRANSACTIONS, "commit avg, client metric (ms)", "transactions.metricCommitMsAvg", 1,
                    "%,.2f", false));

    /**
     * The figures a session reports: the transaction figures only when its runs were transactional (in any other
     * session they would be rows of n/a).
     */
    public static List<Figure> shown(boolean transactional) {
        if (transactional) {
            return ALL;
        }
        List<Figure> out = new ArrayList<>();
        for (Figure f : ALL) {
            if (!f.model().equals(TRANSACTIONS)) {
                out.add(f);
            }
        }
        return List.copyOf(out);
    }

    /** The value at a dotted path ({@code latencyMs.p99.9} finds key {@code p99.9} under {@code latencyMs}), or NaN. */
    public static double value(Map<String, Object> result, String path) {
        Object node = result;
        String rest = path;
        while (node instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) node;
            if (m.containsKey(rest)) {
                node = m.get(rest);
                rest = null;
                break;
            }
            int dot = rest.indexOf('.');
            if (dot < 0) {
                return Double.NaN;
            }
            node = m.get(rest.substring(0, dot));
            rest = rest.substring(dot + 1);
        }
        if (rest != null || !(node instanceof Number)) {
            return Double.NaN;
        }
        double d = ((Number) node).doubleValue();
        return d < 0 && path.endsWith("Bytes") ? Double.NaN : d;
    }

    public static double median(List<Map<String, Object>> runs, Figure f) {
        List<Double> values = new ArrayList<>();
        for (Map<String, Object> r : runs) {
            double v = value(r, f.path());
            if (!Double.isNaN(v)) {
                values.add(v * f.scale());
            }
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(values);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    public static String format(Figure f, double v) {
        return Double.isNaN(v) ? "n/a" : String.format(f.format(), v);
    }
}
