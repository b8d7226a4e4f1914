package io.samsa.clients.producer;

import io.samsa.accumulator.PartitionerClusters;
import io.samsa.accumulator.RecordAccumulator;
import io.samsa.common.KafkaException;
import io.samsa.common.Cluster;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The order in which {@link RecordRouter} chooses a partition: the record's own partition, then
 * {@code partitioner.class}, then murmur2 of the serialized key (checked against kafka-clients' own
 * {@code BuiltInPartitioner}), then the sticky choice (left to the accumulator), and what
 * {@code partitioner.ignore.keys=true} changes.
 */
class RecordRouterTest {
    private static final String TOPIC = "routed";
    private static final int PARTITIONS = 7;
    private static final Cluster CLUSTER = PartitionerClusters.allLed(TOPIC, PARTITIONS);

    /** Returns a fixed partition and remembers what it was given. */
    private static final class Recording implements Partitioner {
        final int answer;
        final List<Object[]> calls = new ArrayList<>();
        boolean closed;

        Recording(int answer) {
            this.answer = answer;
        }

        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                             Cluster cluster) {
            calls.add(new Object[] {topic, key, keyBytes, value, valueBytes, cluster});
            return answer;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int apache(byte[] keyBytes) {
        return org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(keyBytes, PARTITIONS);
    }

    /** A key whose murmur2 partition is not {@code avoid}, so a test can tell the two choices apart. */
    private static String keyNotOn(int avoid) {
        for (int i = 0; ; i++) {
            if (apache(bytes("k" + i)) != avoid) {
                return "k" + i;
            }
        }
    }

    private static int route(RecordRouter router, Integer explicit, String key) {
        return router.partition(TOPIC, explicit, key, key == null ? null : bytes(key), "v", bytes("v"), CLUSTER,
                PARTITIONS);
    }

    @Test
    void explicitPartitionWinsOverEverythingElse() {
        Recording custom = new Recording(1);
        String key = keyNotOn(4);
        assertThat(route(new RecordRouter(custom, false), 4, key)).isEqualTo(4);
        assertThat(custom.calls).as("the custom partitioner is not asked when the record names a partition")
                .isEmpty();
        assertThat(route(new RecordRouter(null, false), 4, key)).as("over murmur2").isEqualTo(4);
        assertThat(route(new RecordRouter(null, false), 4, null)).as("over sticky").isEqualTo(4);
        assertThat(route(new RecordRouter(null, true), 4, key)).as("with ignore.keys").isEqualTo(4);
    }

    @Test
    void customPartitionerComesNextAndSeesTheRecordAndTheCluster() {
        String key = keyNotOn(5);
        Recording custom = new Recording(5);
        RecordRouter router = new RecordRouter(custom, false);
        byte[] keyBytes = bytes(key);
        byte[] valueBytes = bytes("v");
        assertThat(router.partition(TOPIC, null, key, keyBytes, "v", valueBytes, CLUSTER, PARTITIONS))
                .as("over murmur2 of the key").isEqualTo(5);
        assertThat(custom.calls).hasSize(1);
        Object[] call = custom.calls.get(0);
        assertThat(call[0]).isEqualTo(TOPIC);
        assertThat(call[1]).isEqualTo(key);
        assertThat(call[2]).isSameAs(keyBytes);
        assertThat(call[3]).isEqualTo("v");
        assertThat(call[4]).isSameAs(valueBytes);
        assertThat(call[5]).isSameAs(CLUSTER);

        assertThat(route(router, null, null)).as("null keys too: not sticky").isEqualTo(5);
        assertThat(route(new RecordRouter(custom, true), null, key))
                .as("partitioner.ignore.keys concerns only the built-in partitioner (as Apache)").isEqualTo(5);
        router.close();
        assertThat(custom.closed).isTrue();
    }

    @Test
    void customPartitionerAnsweringAPartitionThatDoesNotExistIsANamedError() {
        for (int bad : new int[] {-1, PARTITIONS}) {
            RecordRouter router = new RecordRouter(new Recording(bad), false);
            assertThatThrownBy(() -> route(router, null, "k")).isInstanceOf(KafkaException.class)
                    .hasMessageContaining("Invalid partition " + bad)
                    .hasMessageContaining(Recording.class.getName())
                    .hasMessageContaining("topic " + TOPIC)
                    .hasMessageContaining("0.." + (PARTITIONS - 1));
        }
        assertThatThrownBy(() -> route(new RecordRouter(null, false), PARTITIONS, "k"))
                .isInstanceOf(KafkaException.class).hasMessageContaining("the record's partition");
    }

    @Test
    void withoutCustomPartitionerKeyedRecordsGoWhereApacheKafkaPutsThem() {
        RecordRouter router = new RecordRouter(null, false);
        for (int i = 0; i < 1_000; i++) {
            String key = "key-" + i;
            assertThat(route(router, null, key)).as(key).isEqualTo(apache(bytes(key)));
        }
        assertThat(router.partition(TOPIC, null, "", new byte[0], null, null, CLUSTER, PARTITIONS))
                .as("an empty key is a key").isEqualTo(apache(new byte[0]));
        assertThat(router.partition(TOPIC, null, null, bytes("k1"), null, null, CLUSTER, PARTITIONS))
                .as("the serialized key is what counts").isEqualTo(apache(bytes("k1")));
    }

    @Test
    void nullKeysAreLeftToTheStickyPartitioner() {
        assertThat(route(new RecordRouter(null, false), null, null)).isEqualTo(RecordAccumulator.UNKNOWN_PARTITION);
        assertThat(new RecordRouter(null, false).partition(TOPIC, null, "obj", null, null, null, CLUSTER,
                PARTITIONS)).as("a key object that serialized to null is no key")
                .isEqualTo(RecordAccumulator.UNKNOWN_PARTITION);
    }

    @Test
    void ignoreKeysSendsKeyedRecordsTheStickyWay() {
        RecordRouter router = new RecordRouter(null, true);
        for (int i = 0; i < 100; i++) {
            assertThat(route(router, null, "key-" + i)).isEqualTo(RecordAccumulator.UNKNOWN_PARTITION);
        }
    }
}
