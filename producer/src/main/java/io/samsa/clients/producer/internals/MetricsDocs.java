package io.samsa.clients.producer.internals;

import io.samsa.common.config.ConfigDocs;
import io.samsa.clients.producer.internals.ProducerMetrics.Definition;
import io.samsa.clients.producer.internals.ProducerMetrics.Model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders {@link ProducerMetrics.Definition} as the metrics reference, and (as a program) writes it to
 * {@code docs/metrics.md}. Generated for the same reason as the configuration reference: a list kept by hand
 * drifts from what the code registers. {@code MetricsDocsTest} fails when the committed file is stale.
 */
public final class MetricsDocs {
    /** The command that rewrites {@code docs/metrics.md}, run from the repository root. */
    public static final String REGENERATE_COMMAND =
            "mvn -B -q -pl producer compile exec:java -Dexec.mainClass=io.samsa.clients.producer.internals.MetricsDocs";

    /** Where the reference lives, relative to the repository root. */
    public static final String RELATIVE_PATH = "docs/metrics.md";

    private MetricsDocs() {
    }

    /** @param args optional: the file to write; by default {@value #RELATIVE_PATH} under the repository root */
    public static void main(String[] args) throws IOException {
        Path out = args.length > 0 ? Path.of(args[0]) : defaultPath(Path.of("").toAbsolutePath());
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, reference(), StandardCharsets.UTF_8);
        System.out.println("Wrote " + out.toAbsolutePath().normalize());
    }

    /** {@value #RELATIVE_PATH} under the repository root found from {@code start} upwards. */
    public static Path defaultPath(Path start) {
        return ConfigDocs.defaultPath(start).resolveSibling(Path.of(RELATIVE_PATH).getFileName());
    }

    /** The page, exactly as committed in {@value #RELATIVE_PATH}. */
    public static String reference() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Producer metrics\n\n")
                .append("Every metric of the Samsa producer, by what it tells you. Read them from `producer.metrics()`\n")
                .append("(a map of `io.samsa.common.MetricName` to `io.samsa.common.Metric`, as Apache Kafka's) or over\n")
                .append("JMX, where each group and tag set is one MBean and each metric one attribute:\n\n")
                .append("- `").append(ProducerMetrics.JMX_DOMAIN).append(":type=").append(ProducerMetrics.GROUP)
                .append(",client-id=<client.id>`\n")
                .append("- `").append(ProducerMetrics.JMX_DOMAIN).append(":type=").append(ProducerMetrics.NODE_GROUP)
                .append(",client-id=<client.id>,node-id=node-<broker id>` (from the broker's first connection on;\n")
                .append("  bootstrap servers, whose ids are not known yet, count as `node--1`, `node--2`, ... as in Apache Kafka)\n")
                .append("- `").append(ProducerMetrics.JMX_DOMAIN).append(":type=").append(ProducerMetrics.TOPIC_GROUP)
                .append(",client-id=<client.id>,topic=<topic>` (from the topic's first batch on)\n")
                .append("- `").append(ProducerMetrics.JMX_DOMAIN).append(":type=").append(ProducerMetrics.APP_INFO_GROUP)
                .append(",client-id=<client.id>`\n")
                .append("- `").append(ProducerMetrics.JMX_DOMAIN).append(":type=")
                .append(ProducerMetrics.METRICS_COUNT_GROUP).append(",client-id=<client.id>`\n\n")
                .append("Names, groups and units are Apache Kafka's where its producer has the same metric (column\n")
                .append("*Kafka*: yes). With `samsa.jmx.domain=kafka.producer` the MBeans have exactly the object names\n")
                .append("of Apache Kafka's producer, so JMX exporter rules and dashboards need no change; by default the\n")
                .append("domain is `").append(ProducerMetrics.JMX_DOMAIN).append("`. The metrics Apache Kafka's producer has and Samsa's lacks are\n")
                .append("listed, with the reason, in `ApacheMetricParityTest`. `metric.reporters` takes classes\n")
                .append("implementing `io.samsa.metrics.MetricsReporter` to publish them elsewhere.\n\n")
                .append("Rates are per second and, like averages and maxima, cover a sliding window of\n")
                .append("`metrics.num.samples` x `metrics.sample.window.ms` (2 x 30 s by default): they fall to 0 (rates)\n")
                .append("or `NaN` (averages, maxima: nothing to average) when nothing happened for that long. Totals count\n")
                .append("from the producer's start. Every value is a `double`, except the app-info group's (as in\n")
                .append("Apache Kafka: `version` and `commit-id` are Strings, `start-time-ms` a Long).\n\n")
                .append("With `enable.metrics.push=true` (the default) the producer also pushes these metrics to the\n")
                .append("cluster when a broker-side telemetry plugin and a client-metrics subscription ask for them\n")
                .append("(KIP-714), under Apache Kafka's telemetry names: `org.apache.kafka.` + the group without\n")
                .append("`-metrics` + the name, with dots for dashes (`producer-node-metrics/request-latency-avg` is\n")
                .append("`org.apache.kafka.producer.node.request.latency.avg`), tags as attributes in snake_case\n")
                .append("(`node_id`, `topic`; `client_id` left out: the broker knows it), `-total` counters as monotonic\n")
                .append("sums (delta or cumulative, as the subscription says) and everything else as gauges, in an\n")
                .append("OpenTelemetry `MetricsData` message. `clientInstanceId(Duration)` gives the id the cluster\n")
                .append("files them under; `registerMetricForSubscription` adds the application's own.\n\n")
                .append("Generated from `io.samsa.clients.producer.internals.ProducerMetrics.Definition` by\n")
                .append("`io.samsa.clients.producer.internals.MetricsDocs`; do not edit. Regenerate with\n`")
                .append(REGENERATE_COMMAND).append("`.\n");
        for (Model model : Model.values()) {
            sb.append("\n## ").append(model.title()).append(": ").append(model.question()).append("\n\n")
                    .append("| Metric | Group | Kafka | Description |\n")
                    .append("|---|---|---|---|\n");
            for (Definition d : Definition.values()) {
                if (d.model() == model) {
                    sb.append("| `").append(d.metricName()).append("` | ").append(d.group()).append(" | ")
                            .append(d.inApacheKafka() ? "yes" : "Samsa").append(" | ")
                            .append(d.description().replace("|", "\\|")).append(" |\n");
                }
            }
        }
        return sb.toString();
    }
}
