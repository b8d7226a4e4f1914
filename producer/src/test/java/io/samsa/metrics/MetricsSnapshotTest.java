package io.samsa.metrics;

import io.samsa.common.MetricName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Metrics#metrics()} returns one snapshot until a metric is added or removed: callers written for Apache
 * Kafka's producer read it per record, and tell a change by the map's identity. A snapshot never changes.
 */
class MetricsSnapshotTest {
    private static MetricName name(String n) {
        return new MetricName(n, "producer-metrics", "", Map.of("client-id", "snapshot"));
    }

    @Test
    void theSameMapUntilAMetricIsAddedOrRemoved() {
        try (Metrics metrics = new Metrics(new MetricConfig(), new ManualTime())) {
            metrics.addMetric(name("a"), now -> 1.0);
            Map<MetricName, LiveMetric> first = metrics.metrics();
            assertThat(metrics.metrics()).isSameAs(first);

            metrics.addMetric(name("b"), now -> 2.0);
            Map<MetricName, LiveMetric> second = metrics.metrics();
            assertThat(second).isNotSameAs(first).containsOnlyKeys(name("a"), name("b"));
            assertThat(first).containsOnlyKeys(name("a"));
            assertThat(second.get(name("a"))).isSameAs(first.get(name("a")));
            assertThat(metrics.metrics()).isSameAs(second);

            assertThat(metrics.removeMetric(name("missing"))).isNull();
            assertThat(metrics.metrics()).isSameAs(second);
            metrics.removeMetric(name("a"));
            assertThat(metrics.metrics()).containsOnlyKeys(name("b"));
            assertThat(second).containsOnlyKeys(name("a"), name("b"));
            assertThatThrownBy(() -> second.remove(name("a"))).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void keysKeepRegistrationOrder() {
        try (Metrics metrics = new Metrics(new MetricConfig(), new ManualTime())) {
            for (String n : new String[]{"z", "m", "a", "q"}) {
                metrics.addMetric(name(n), now -> 0.0);
            }
            assertThat(metrics.metrics().keySet()).extracting(MetricName::name).containsExactly("z", "m", "a", "q");
        }
    }
}
