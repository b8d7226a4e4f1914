package io.samsa.common;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MetricName behaves as Apache Kafka's: identity by name, group and tags; Apache's toString. */
class MetricNameTest {

    @Test
    void equalityIgnoresTheDescriptionAndTagOrder() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("client-id", "c");
        ab.put("topic", "t");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("topic", "t");
        ba.put("client-id", "c");
        MetricName one = new MetricName("byte-rate", "producer-topic-metrics", "one", ab);
        MetricName two = new MetricName("byte-rate", "producer-topic-metrics", "two", ba);
        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
        assertThat(one).isNotEqualTo(new MetricName("byte-total", "producer-topic-metrics", "one", ab));
        assertThat(one).isNotEqualTo(new MetricName("byte-rate", "producer-metrics", "one", ab));
        assertThat(one).isNotEqualTo(new MetricName("byte-rate", "producer-topic-metrics", "one",
                Map.of("client-id", "c")));
    }

    @Test
    void equalityMatchesApacheKafkas() {
        Map<String, String> tags = Map.of("client-id", "c");
        org.apache.kafka.common.MetricName a1 = new org.apache.kafka.common.MetricName("n", "g", "d1", tags);
        org.apache.kafka.common.MetricName a2 = new org.apache.kafka.common.MetricName("n", "g", "d2", tags);
        assertThat(a1.equals(a2)).isEqualTo(new MetricName("n", "g", "d1", tags).equals(new MetricName("n", "g", "d2", tags)));
    }

    @Test
    void tagsKeepTheirOrderAndAreACopy() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("client-id", "c");
        tags.put("topic", "t");
        MetricName name = new MetricName("n", "g", "d", tags);
        tags.put("extra", "x");
        assertThat(name.tags().keySet()).containsExactly("client-id", "topic");
        assertThatThrownBy(() -> name.tags().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringIsApacheKafkas() {
        Map<String, String> tags = new HashMap<>(Map.of("client-id", "c"));
        assertThat(new MetricName("record-send-rate", "producer-metrics", "Records per second.", tags))
                .hasToString(new org.apache.kafka.common.MetricName("record-send-rate", "producer-metrics",
                        "Records per second.", tags).toString());
    }

    @Test
    void nullsAreRejectedNamingTheField() {
        assertThatThrownBy(() -> new MetricName(null, "g", "d", Map.of())).hasMessageContaining("name");
        assertThatThrownBy(() -> new MetricName("n", null, "d", Map.of())).hasMessageContaining("group");
        assertThatThrownBy(() -> new MetricName("n", "g", null, Map.of())).hasMessageContaining("description");
        assertThatThrownBy(() -> new MetricName("n", "g", "d", null)).hasMessageContaining("tags");
    }
}
