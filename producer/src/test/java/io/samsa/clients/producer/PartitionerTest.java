package io.samsa.clients.producer;

import io.samsa.accumulator.PartitionerClusters;
import io.samsa.common.config.ConfigException;
import io.samsa.common.Cluster;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A partitioner named in the configuration is loaded, configured and used. */
class PartitionerTest {

    /** Puts every record on the partition given by the custom key {@code fixed.partition}. */
    public static class FixedPartitioner implements Partitioner {
        volatile Map<String, ?> configs;
        volatile boolean closed;

        @Override
        public void configure(Map<String, ?> configs) {
            this.configs = configs;
        }

        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                             Cluster cluster) {
            return Integer.parseInt(configs.get("fixed.partition").toString()) % cluster.partitionCountForTopic(topic);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Not a partitioner. */
    public static class NotAPartitioner {
    }

    private static Map<String, Object> base() {
        Map<String, Object> m = new HashMap<>();
        m.put("bootstrap.servers", "localhost:9092");
        m.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        m.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        return m;
    }

    @Test
    void customPartitionerGivenByNameIsLoadedConfiguredAndUsed() {
        Map<String, Object> m = base();
        m.put("partitioner.class", FixedPartitioner.class.getName());
        m.put("fixed.partition", "5");
        m.put("client.id", "app-1");
        ProducerConfig config = new ProducerConfig(m);
        assertThat(config.unknownKeys()).containsExactly("fixed.partition");

        Partitioner p = config.newPartitioner();
        assertThat(p).isInstanceOf(FixedPartitioner.class);
        Map<String, Object> seen = new HashMap<>(((FixedPartitioner) p).configs);
        assertThat(seen).containsEntry("fixed.partition", "5")
                .containsEntry("client.id", "app-1");
        Cluster cluster = PartitionerClusters.allLed("t", 8);
        assertThat(p.partition("t", "k", new byte[]{1}, "v", new byte[]{2}, cluster)).isEqualTo(5);
        p.close();
        assertThat(((FixedPartitioner) p).closed).isTrue();
    }

    @Test
    void customPartitionerGivenAsClassOrThroughTheBuilder() {
        Map<String, Object> m = base();
        m.put("partitioner.class", FixedPartitioner.class);
        m.put("fixed.partition", 2);
        assertThat(new ProducerConfig(m).newPartitioner()).isInstanceOf(FixedPartitioner.class);

        ProducerConfig built = ProducerConfig.builder().setAll(base()).partitioner(FixedPartitioner.class)
                .set("fixed.partition", "1").build();
        assertThat(built.newPartitioner().partition("t", null, null, null, null, PartitionerClusters.allLed("t", 3)))
                .isEqualTo(1);
    }

    @Test
    void unsetMeansTheBuiltInPartitioner() {
        assertThat(new ProducerConfig(base()).newPartitioner()).isNull();
        Map<String, Object> blank = base();
        blank.put("partitioner.class", " ");
        assertThat(new ProducerConfig(blank).newPartitioner()).isNull();
    }

    @Test
    void apacheRoundRobinPartitionerNameMeansOurs() {
        Map<String, Object> m = base();
        m.put("partitioner.class", "org.apache.kafka.clients.producer.RoundRobinPartitioner");
        ProducerConfig config = new ProducerConfig(m);
        assertThat(config.getClass("partitioner.class")).isEqualTo(RoundRobinPartitioner.class);
        assertThat(config.newPartitioner()).isInstanceOf(RoundRobinPartitioner.class);
    }

    @Test
    void classesThatCannotServeAreRejectedNamingKeyAndClass() {
        Map<String, Object> missing = base();
        missing.put("partitioner.class", "com.example.NoSuchPartitioner");
        assertThatThrownBy(() -> new ProducerConfig(missing)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'partitioner.class'").hasMessageContaining("com.example.NoSuchPartitioner")
                .hasMessageContaining("could not be loaded");

        Map<String, Object> wrong = base();
        wrong.put("partitioner.class", NotAPartitioner.class.getName());
        assertThatThrownBy(() -> new ProducerConfig(wrong)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'partitioner.class'").hasMessageContaining(NotAPartitioner.class.getName())
                .hasMessageContaining("does not implement io.samsa.clients.producer.Partitioner");

        Map<String, Object> apache = base();
        apache.put("partitioner.class", org.apache.kafka.clients.producer.RoundRobinPartitioner.class);
        assertThat(new ProducerConfig(apache).newPartitioner()).as("an Apache class object is mapped too")
                .isInstanceOf(RoundRobinPartitioner.class);

        Map<String, Object> removed = base();
        removed.put("partitioner.class", "org.apache.kafka.clients.producer.UniformStickyPartitioner");
        assertThatThrownBy(() -> new ProducerConfig(removed)).hasMessageContaining("partitioner.ignore.keys=true")
                .hasMessageContaining("removed");
    }
}
