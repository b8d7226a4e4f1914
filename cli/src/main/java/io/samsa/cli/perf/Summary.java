package io.samsa.cli.perf;

import io.samsa.perf.harness.Workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a perf session: every run's result, grouped by client, and the medians side by side with the
 * ratio Samsa / other client. Immutable after construction.
 */
public final class Summary {
    final List<String> clients;
    final Map<String, List<Map<String, Object>>> results;
    final Workload workload;
    final int runs;
    /** Records each client sent in the unmeasured warm-up round before the measured ones; 0 if none. */
    final long warmupRecords;
    final String broker;
    final String date;
    final String jvmOptions;
    final String command;

    Summary(List<String> clients, Map<String, List<Map<String, Object>>> results, Workload workload, int runs,
            long warmupRecords, String broker, String date, String jvmOptions, String command) {
        this.clients = List.copyOf(clients);
        this.results = results;
        this.workload = workload;
        this.runs = runs;
        this.warmupRecords = warmupRecords;
        this.broker = broker;
        this.date = date;
        this.jvmOptions = jvmOptions;
        this.command = command;
    }

    double median(String client, Figures.Figure f) {
        return Figures.median(results.get(client), f);
    }

    long failedRecords() {
        long n = 0;
        for (List<Map<String, Object>> runs : results.values()) {
            for (Map<String, Object> r : runs) {
                double f = Figures.value(r, "reliability.failed");
                if (!Double.isNaN(f)) {
                    n += (long) f;
                }
            }
        }
        return n;
    }

    /** The figures this session reports (the transaction ones only for a transactional workload). */
    List<Figures.Figure> figures() {
        return Figures.shown(workload.transactional());
    }

    String description(String client) {
        List<Map<String, Object>> rs = results.get(client);
        return rs.isEmpty() ? client : String.valueOf(rs.get(0).get("description"));
    }

    /** The side-by-side table: one row per figure, a column per client, and Samsa / other after each other. */
    String table() {
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("", "samsa"));
        for (String c : clients.subList(1, clients.size())) {
            header.add(c);
            header.add("samsa/" + c);
        }
        rows.add(header.toArray(new String[0]));
        String model = "";
        for (Figures.Figure f : figures()) {
            if (!f.model().equals(model)) {
                model = f.model();
                rows.add(new String[] {"-- " + model});
            }
            List<String> row = new ArrayList<>();
            row.add(f.label());
            double samsa = median("samsa", f);
            row.add(Figures.format(f, samsa));
            for (String c : clients.subList(1, clients.size())) {
                double v = median(c, f);
                row.add(Figures.format(f, v));
                row.add(ratio(samsa, v));
            }
            rows.add(row.toArray(new String[0]));
        }
        int cols = header.size();
        int[] width = new int[cols];
        for (String[] r : rows) {
            if (r.length == 1) {
                continue;
            }
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Results (median of %d run(s) per client; ratio = Samsa / other: above 1 is better "
                + "for throughput, below 1 for latency, CPU and memory)%n", runs));
        for (String c : clients) {
            sb.append(String.format("  %-7s %s, %d run(s) completed%n", c, description(c), results.get(c).size()));
        }
        for (String[] r : rows) {
            if (r.length == 1) {
                sb.append(r[0]).append('\n');
                continue;
            }
            for (int i = 0; i < r.length; i++) {
                sb.append(i == 0 ? String.format("%-" + width[0] + "s", r[i]) : String.format("  %" + width[i] + "s", r[i]));
            }
            sb.append('\n');
        }
        if (clients.contains("apache")) {
            sb.append("apache: records per batch and batches per request are derived from batch-size-avg and "
                    + "records-per-request-avg (no direct metric).\n");
        }
        if (clients.contains("adapter")) {
            sb.append("adapter: samsa-kafka-clients' SamsaKafkaProducer, run by Apache's runner code (Apache's "
                    + "ProducerRecord, Callback, MetricName); its batching figures are Samsa's own metrics.\n");
        }
        if (workload.transactional()) {
            sb.append(String.format("transactions: each committed at the first send %,d ms after it began, the commits "
                    + "inside the measured time; commit = each commitTransaction() call (the transaction's records "
                    + "sent and acknowledged, then EndTxn), timed by the runner; client metric = "
                    + "txn-commit-time-ns-total / transactions.%n", workload.transactionDurationMs));
        }
        if (clients.contains("kcat")) {
            sb.append("kcat: throughput from the process's wall-clock time; CPU and RSS of the kcat process; no "
                    + "per-record latency, buffer or batch figures.\n");
        }
        if (clients.contains("rdkafka")) {
            sb.append("rdkafka: librdkafka's producer in samsa perf's C program (rdkafka-perf.c): timed, CPU and latency "
                    + "as the Java clients (produce call to delivery report, reports served by a thread of their own); "
                    + "peak RSS from VmHWM; no buffer or batch figures.\n");
        }
        return sb.toString();
    }

    static String ratio(double samsa, double other) {
        if (Double.isNaN(samsa) || Double.isNaN(other) || other == 0) {
            return "n/a";
        }
        return String.format("%.2fx", samsa / other);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", date);
        m.put("command", command);
        m.put("broker", broker);
        m.put("jvmOptions", jvmOptions);
        m.put("runsPerClient", runs);
        m.put("warmupRecordsPerClient", warmupRecords);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("topic", workload.topic);
        w.put("numRecords", workload.numRecords);
        w.put("recordSize", workload.recordSize);
        w.put("payloadFile", workload.payloadFile);
        w.put("throughput", workload.throughput);
        w.put("threads", workload.threads);
        w.put("transactionDurationMs", workload.transactionDurationMs);
        w.put("producerProps", workload.producerProps);
        m.put("workload", w);
        Map<String, Object> medians = new LinkedHashMap<>();
        for (String c : clients) {
            Map<String, Object> cm = new LinkedHashMap<>();
            for (Figures.Figure f : figures()) {
                cm.put(f.label(), median(c, f));
            }
            medians.put(c, cm);
        }
        m.put("medians", medians);
        m.put("runs", results);
        return m;
    }
}
