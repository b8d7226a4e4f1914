package io.samsa.clients.producer.internals;

import io.samsa.common.config.LogCapture;
import io.samsa.clients.producer.internals.ProducerMetrics.Definition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed metrics reference is what the definitions generate, and lists every metric once. */
class MetricsDocsTest {

    @Test
    void committedReferenceIsUpToDate() throws Exception {
        Path file = MetricsDocs.defaultPath(Path.of(System.getProperty("basedir", ".")));
        String actual = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(missing)";
        assertThat(actual)
                .as("%s is out of date with ProducerMetrics.Definition. Regenerate it from the repository root "
                        + "with:%n  %s%nand commit the result.", file, MetricsDocs.REGENERATE_COMMAND)
                .isEqualTo(MetricsDocs.reference());
    }

    @Test
    void everyMetricIsListedOnceWithGroupAndModel() {
        String doc = MetricsDocs.reference();
        for (Definition d : Definition.values()) {
            assertThat(LogCapture.count(doc, "| `" + d.metricName() + "` | " + d.group() + " |"))
                    .as(d.toString()).isEqualTo(1);
        }
        for (ProducerMetrics.Model model : ProducerMetrics.Model.values()) {
            assertThat(doc).contains("## " + model.title());
        }
        assertThat(doc).contains("io.samsa.producer:type=producer-metrics,client-id=<client.id>");
    }
}
