package io.samsa.cli.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --report} page: one self-contained HTML file (inline CSS and SVG, no script, nothing fetched), with
 * the settings, the medians side by side, throughput and p99 latency over time for every run, and each run's
 * latency percentiles. Stateless.
 */
final class HtmlReport {
    /** One color per client, in every chart and legend. */
    static final Map<String, String> COLORS = Map.of("samsa", "#1f77b4", "apache", "#d62728", "adapter", "#9467bd",
            "kcat", "#2ca02c", "rdkafka", "#ff7f0e");
    private static final int W = 760;
    private static final int H = 320;
    private static final int ML = 70;
    private static final int MR = 20;
    private static final int MT = 30;
    private static final int MB = 45;

    private HtmlReport() {
    }

    record Series(String name, String color, double opacity, List<double[]> points) {
    }

    static String render(Summary s) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>samsa perf report</title>\n")
                .append("<style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;"
                        + "margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
                        + "td:first-child,th:first-child{text-align:left}th{background:#f0f0f0}"
                        + "tr.model td{background:#fafafa;font-weight:bold;text-align:left}"
                        + "code{background:#f4f4f4;padding:1px 4px}svg{border:1px solid #ddd;margin:6px 0}"
                        + ".legend span{display:inline-block;width:14px;height:4px;margin:0 4px 3px 12px}</style>\n")
                .append("</head><body>\n<h1>samsa perf report</h1>\n");
        h.append("<p>").append(esc(s.date)).append("<br><code>").append(esc(s.command)).append("</code></p>\n");
        h.append("<h2>Settings</h2>\n<table>");
        row(h, "broker", s.broker);
        row(h, "records per run", String.format(Locale.ROOT, "%,d", s.workload.numRecords));
        row(h, "value size", s.workload.payloadFile != null ? "from " + s.workload.payloadFile
                : s.workload.recordSize + " bytes (generated, seed " + s.workload.seed + ")");
        row(h, "throughput", s.workload.throughput > 0 ? String.format(Locale.ROOT, "%,.0f records/s", s.workload.throughput)
                : "unthrottled");
        row(h, "producer properties", s.workload.producerProps.toString());
        row(h, "JVM options (Java clients)", s.jvmOptions);
        row(h, "runs", s.runs + " per client, alternating " + String.join(", ", s.clients)
                + " (the order rotating by one each round)"
                + (s.warmupRecords > 0 ? String.format(Locale.ROOT, ", after an unmeasured warm-up round of %,d records "
                + "per client", s.warmupRecords) : ", no warm-up round"));
        for (String c : s.clients) {
            row(h, c, s.description(c) + " (" + s.results.get(c).size() + " run(s) completed)");
            if (c.equals("kcat") && !s.results.get(c).isEmpty()) {
                row(h, "kcat -X settings", String.valueOf(s.results.get(c).get(0).get("kcatSettings")));
            }
            if (c.equals("rdkafka") && !s.results.get(c).isEmpty()) {
                row(h, "rdkafka -X settings", String.valueOf(s.results.get(c).get(0).get("rdkafkaSettings")));
            }
        }
        h.append("</table>\n");

        h.append("<h2>Results (medians)</h2>\n<p>Ratio = Samsa / other: above 1 is better for throughput, below 1 for "
                + "latency, CPU and memory.</p>\n<table><tr><th></th><th>samsa</th>");
        for (String c : s.clients.subList(1, s.clients.size())) {
            h.append("<th>").append(esc(c)).append("</th><th>samsa/").append(esc(c)).append("</th>");
        }
        h.append("</tr>\n");
        String model = "";
        for (Figures.Figure f : s.figures()) {
            if (!f.model().equals(model)) {
                model = f.model();
                h.append("<tr class=\"model\"><td colspan=\"").append(2 * s.clients.size()).append("\">")
                        .append(esc(model)).append("</td></tr>\n");
            }
            double samsa = s.median("samsa", f);
            h.append("<tr><td>").append(esc(f.label())).append("</td><td>").append(esc(Figures.format(f, samsa))).append("</td>");
            for (String c : s.clients.subList(1, s.clients.size())) {
                double v = s.median(c, f);
                h.append("<td>").append(esc(Figures.format(f, v))).append("</td><td>")
                        .append(esc(Summary.ratio(samsa, v))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Throughput over time</h2>\n").append(legend(s));
        h.append(chart("records/s per timeline interval, every run", "seconds since the first send", "records/s",
                timeline(s, "recordsPerSec"), false, null));
        h.append("<h2>Latency over time (p99 per interval)</h2>\n").append(legend(s));
        h.append(chart("p99 latency per timeline interval, every run", "seconds since the first send", "ms (log)",
                timeline(s, "p99Ms"), true, null));
        h.append("<h2>Latency percentiles</h2>\n").append(legend(s));
        List<String> pct = List.of("min", "p50", "p75", "p90", "p95", "p99", "p99.9", "p99.99", "max");
        h.append(chart("send() to callback, every run", "percentile", "ms (log)", percentiles(s), true, pct));
        if (s.clients.contains("kcat")) {
            h.append("<p>kcat gives no per-record latency or timeline: it appears in the tables only.</p>\n");
        }

        h.append("<h2>Every run</h2>\n<table><tr><th>client</th><th>run</th><th>records/s</th><th>MB/s</th>"
                + "<th>avg ms</th><th>p99 ms</th><th>max ms</th><th>failed</th><th>CPU s / 1M</th><th>peak RSS MB</th></tr>\n");
        for (String c : s.clients) {
            for (Map<String, Object> r : s.results.get(c)) {
                h.append("<tr><td>").append(esc(c)).append("</td><td>").append(fmt("%.0f", Figures.value(r, "run")))
                        .append("</td><td>").append(fmt("%,.0f", Figures.value(r, "recordsPerSec")))
                        .append("</td><td>").append(fmt("%.2f", Figures.value(r, "mbPerSec")))
                        .append("</td><td>").append(fmt("%.2f", Figures.value(r, "latencyMs.avg")))
                        .append("</td><td>").append(fmt("%.2f", Figures.value(r, "latencyMs.p99")))
                        .append("</td><td>").append(fmt("%.2f", Figures.value(r, "latencyMs.max")))
                        .append("</td><td>").append(fmt("%,.0f", Figures.value(r, "reliability.failed")))
                        .append("</td><td>").append(fmt("%.3f", Figures.value(r, "resources.cpuMsPerMillionRecords") / 1000))
                        .append("</td><td>").append(fmt("%,.0f", Figures.value(r, "resources.rssPeakBytes") / (1 << 20)))
                        .append("</td></tr>\n");
            }
        }
        h.append("</table>\n<p>Method: each client runs in its own process (Java clients with the same JVM options), "
                + "against the same broker, with the same payloads in the same order; runs alternate between clients"
                + (s.warmupRecords > 0 ? ", after an unmeasured warm-up round" : "")
                + "; figures are medians over runs. Throughput is records / (first send to the last acknowledgement); "
                + "latency is send() to the completion callback; the charts over time have a point every 500 ms (or "
                + "every --reporting-interval, if shorter). See BENCHMARKS.md in the Samsa repository.</p>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String fmt(String f, double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, f, v);
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><td>").append(esc(k)).append("</td><td style=\"text-align:left\">").append(esc(v)).append("</td></tr>\n");
    }

    private static String legend(Summary s) {
        StringBuilder b = new StringBuilder("<div class=\"legend\">");
        for (String c : s.clients) {
            b.append("<span style=\"background:").append(COLORS.getOrDefault(c, "#555")).append("\"></span>")
                    .append(esc(s.description(c)));
        }
        return b.append("</div>\n").toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Series> timeline(Summary s, String key) {
        List<Series> out = new ArrayList<>();
        for (String c : s.clients) {
            for (Map<String, Object> r : s.results.get(c)) {
                Object t = r.get("timeline");
                if (!(t instanceof List)) {
                    continue;
                }
                List<double[]> pts = new ArrayList<>();
                for (Object o : (List<Object>) t) {
                    Map<String, Object> p = (Map<String, Object>) o;
                    double x = Figures.value(p, "t");
                    double y = Figures.value(p, key);
                    if (!Double.isNaN(x) && !Double.isNaN(y)) {
                        pts.add(new double[] {x, y});
                    }
                }
                out.add(new Series(c + " #" + Figures.value(r, "run"), COLORS.getOrDefault(c, "#555"), 0.8, pts));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Series> percentiles(Summary s) {
        List<Series> out = new ArrayList<>();
        for (String c : s.clients) {
            for (Map<String, Object> r : s.results.get(c)) {
                Object t = r.get("percentiles");
                if (!(t instanceof List)) {
                    continue;
                }
                List<double[]> pts = new ArrayList<>();
                int i = 0;
                for (Object o : (List<Object>) t) {
                    double y = Figures.value((Map<String, Object>) o, "ms");
                    if (!Double.isNaN(y)) {
                        pts.add(new double[] {i, y});
                    }
                    i++;
                }
                out.add(new Series(c, COLORS.getOrDefault(c, "#555"), 0.8, pts));
            }
        }
        return out;
    }

    /** An SVG line chart; {@code categories} (if given) label x = 0, 1, 2, ... */
    static String chart(String title, String xLabel, String yLabel, List<Series> series, boolean logY,
                        List<String> categories) {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (Series se : series) {
            for (double[] p : se.points()) {
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                double y = logY ? Math.log10(Math.max(p[1], 0.001)) : p[1];
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-size=\"11\">", W, H, W, H));
        b.append("<text x=\"").append(W / 2).append("\" y=\"18\" text-anchor=\"middle\" font-size=\"13\">")
                .append(esc(title)).append("</text>");
        if (minX == Double.MAX_VALUE) {
            b.append("<text x=\"").append(W / 2).append("\" y=\"").append(H / 2)
                    .append("\" text-anchor=\"middle\">no data</text></svg>\n");
            return b.toString();
        }
        if (categories != null) {
            minX = 0;
            maxX = categories.size() - 1;
        } else {
            minX = 0;
        }
        if (logY) {
            minY = Math.floor(minY);
            maxY = Math.ceil(maxY);
        } else {
            minY = 0;
            maxY = niceCeil(maxY);
        }
        if (maxX <= minX) {
            maxX = minX + 1;
        }
        if (maxY <= minY) {
            maxY = minY + 1;
        }
        int pw = W - ML - MR;
        int ph = H - MT - MB;
        // axes and grid
        int ticks = logY ? (int) (maxY - minY) : 5;
        for (int i = 0; i <= ticks; i++) {
            double v = minY + (maxY - minY) * i / ticks;
            double y = MT + ph - ph * (v - minY) / (maxY - minY);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>",
                    ML, y, ML + pw, y));
            String label = logY ? trim(Math.pow(10, v)) : compact(v);
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", ML - 5, y + 4,
                    esc(label)));
        }
        int xt = categories != null ? categories.size() - 1 : 6;
        for (int i = 0; i <= xt; i++) {
            double v = minX + (maxX - minX) * i / xt;
            double x = ML + pw * (v - minX) / (maxX - minX);
            String label = categories != null ? categories.get(i) : trim(v);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>",
                    x, MT, x, MT + ph));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x,
                    MT + ph + 15, esc(label)));
        }
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
                ML, MT, pw, ph));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>", ML + pw / 2,
                H - 8, esc(xLabel)));
        b.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>",
                MT + ph / 2, MT + ph / 2, esc(yLabel)));
        for (Series se : series) {
            StringBuilder pts = new StringBuilder();
            for (double[] p : se.points()) {
                double yv = logY ? Math.log10(Math.max(p[1], 0.001)) : p[1];
                double x = ML + pw * (p[0] - minX) / (maxX - minX);
                double y = MT + ph - ph * (yv - minY) / (maxY - minY);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            b.append("<polyline fill=\"none\" stroke=\"").append(se.color()).append("\" stroke-width=\"1.8\" ")
                    .append(String.format(Locale.ROOT, "stroke-opacity=\"%.2f\"", se.opacity()))
                    .append(" points=\"").append(pts.toString().trim()).append("\"><title>").append(esc(se.name()))
                    .append("</title></polyline>");
            if (se.points().size() == 1) {
                double[] p = se.points().get(0);
                double yv = logY ? Math.log10(Math.max(p[1], 0.001)) : p[1];
                b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>",
                        ML + pw * (p[0] - minX) / (maxX - minX), MT + ph - ph * (yv - minY) / (maxY - minY), se.color()));
            }
        }
        return b.append("</svg>\n").toString();
    }

    private static double niceCeil(double v) {
        if (v <= 0) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= v) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    private static String compact(double v) {
        if (v >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (v >= 1e3) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, v < 0.1 ? "%.3f" : "%.1f", v);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
