package io.samsa.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The identity of one metric: a name ({@code record-send-rate}), a group ({@code producer-metrics}) and tags
 * ({@code client-id=orders}, and {@code topic=...} for per-topic metrics), plus a human description.
 *
 * <p>Mirrors Apache Kafka's {@code org.apache.kafka.common.MetricName}, so code that looks metrics up in
 * {@code producer.metrics()} moves over with an import change. As there, two names are equal when name, group
 * and tags are equal; the description is documentation only and takes no part in equality (a reworded
 * description must not make a dashboard lose its series).
 *
 * <p>The tags keep the order in which they were given, because the JMX object name is built from them in that
 * order ({@code client-id} before {@code topic}, as Apache Kafka's names read).
 *
 * <p>Immutable; any thread may use it, and it is a good map key (the hash is computed once).
 */
public final class MetricName {
    private final String name;
    private final String group;
    private final String description;
    private final Map<String, String> tags;
    private final int hash;

    /**
     * @param name        the metric's name, e.g. {@code record-send-rate}
     * @param group       its group, e.g. {@code producer-metrics}; also the JMX {@code type}
     * @param description what it measures, in a sentence
     * @param tags        extra dimensions, e.g. {@code client-id}; copied, order kept
     * @throws NullPointerException if any argument is null
     */
    public MetricName(String name, String group, String description, Map<String, String> tags) {
        this.name = Objects.requireNonNull(name, "metric name must not be null");
        this.group = Objects.requireNonNull(group, "metric group must not be null");
        this.description = Objects.requireNonNull(description, "metric description must not be null");
        Objects.requireNonNull(tags, "metric tags must not be null (use an empty map)");
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        this.hash = Objects.hash(name, group, this.tags);
    }

    /** {@return the metric's name, e.g. {@code record-send-rate}} */
    public String name() {
        return name;
    }

    /** {@return the metric's group, e.g. {@code producer-metrics}} */
    public String group() {
        return group;
    }

    /** {@return the tags, in the order given; unmodifiable} */
    public Map<String, String> tags() {
        return tags;
    }

    /** {@return what the metric measures, in a sentence} */
    public String description() {
        return description;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MetricName)) {
            return false;
        }
        MetricName that = (MetricName) o;
        return hash == that.hash && name.equals(that.name) && group.equals(that.group) && tags.equals(that.tags);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** As Apache Kafka prints it: {@code MetricName [name=..., group=..., description=..., tags={...}]}. */
    @Override
    public String toString() {
        return "MetricName [name=" + name + ", group=" + group + ", description=" + description + ", tags=" + tags
                + "]";
    }
}
