package io.samsa.accumulator;

import io.samsa.common.Node;
import io.samsa.common.PartitionInfo;
import io.samsa.common.utils.Time;
import io.samsa.common.TopicPartition;
import io.samsa.common.errors.Errors;
import io.samsa.common.Cluster;
import io.samsa.common.TopicMetadata;

import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.utils.Utils;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Clocks, clusters, recording hooks and checks shared by the accumulator tests. */
final class AccumulatorFixtures {
    private AccumulatorFixtures() {
    }

    static final String TOPIC = "orders";

    /** A clock that moves only when told to. */
    static final class ManualTime implements Time {
        private final AtomicLong ms = new AtomicLong();

        @Override
        public long milliseconds() {
            return ms.get();
        }

        @Override
        public long nanoseconds() {
            return ms.get() * 1_000_000L;
        }

        @Override
        public long wallClockMillis() {
            return 1_700_000_000_000L + ms.get();
        }

        void advance(long deltaMs) {
            ms.addAndGet(deltaMs);
        }

        void set(long nowMs) {
            ms.set(nowMs);
        }
    }

    static Node node(int id) {
        return new Node(id, "broker" + id, 9092);
    }

    /** Topics with the given partition count each; partition p is led by broker {@code p % brokers}. */
    static Cluster cluster(int brokers, Map<String, Integer> partitionsPerTopic) {
        Map<String, Integer[]> leaders = new HashMap<>();
        partitionsPerTopic.forEach((topic, count) -> {
            Integer[] l = new Integer[count];
            for (int p = 0; p < count; p++) {
                l[p] = p % brokers;
            }
            leaders.put(topic, l);
        });
        return clusterWithLeaders(brokers, leaders);
    }

    static Cluster cluster(int brokers, int partitions) {
        return cluster(brokers, Map.of(TOPIC, partitions));
    }

    /** Explicit leaders: {@code leaders.get(topic)[p]} is partition p's leader id, or null for none. */
    static Cluster clusterWithLeaders(int brokers, Map<String, Integer[]> leaders) {
        List<Node> nodes = new ArrayList<>();
        for (int id = 0; id < brokers; id++) {
            nodes.add(node(id));
        }
        Map<String, TopicMetadata> topics = new HashMap<>();
        leaders.forEach((topic, ids) -> {
            List<PartitionInfo> parts = new ArrayList<>();
            for (int p = 0; p < ids.length; p++) {
                Node leader = ids[p] == null ? null : nodes.get(ids[p]);
                Node[] replicas = leader == null ? new Node[0] : new Node[] {leader};
                parts.add(new PartitionInfo(topic, p, leader, 0, replicas, replicas, new Node[0]));
            }
            topics.put(topic, new TopicMetadata(topic, new UUID(0, topic.hashCode()), Errors.NONE.code(), false, parts));
        });
        return new Cluster("test", 0, nodes, topics, 0);
    }

    /** Records every call; a record's hook must be called exactly once. */
    static final class Hook implements RecordCompletion {
        final AtomicInteger calls = new AtomicInteger();
        volatile TopicPartition partition;
        volatile long offset = Long.MIN_VALUE;
        volatile long timestamp = Long.MIN_VALUE;
        volatile int keySize = Integer.MIN_VALUE;
        volatile int valueSize = Integer.MIN_VALUE;
        volatile RuntimeException exception;

        @Override
        public void onCompletion(TopicPartition partition, long offset, long timestamp, int serializedKeySize,
                                 int serializedValueSize, RuntimeException exception) {
            this.partition = partition;
            this.offset = offset;
            this.timestamp = timestamp;
            this.keySize = serializedKeySize;
            this.valueSize = serializedValueSize;
            this.exception = exception;
            calls.incrementAndGet();
        }

        boolean done() {
            return calls.get() > 0;
        }
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i * 7);
        }
        return b;
    }

    /** Apache's reader over a drained batch: CRC valid, one batch, the given values in order. */
    static MutableRecordBatch assertApacheReads(ProducerBatch batch, List<byte[]> values) {
        List<MutableRecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(batch.records()).batches().forEach(batches::add);
        assertThat(batches).hasSize(1);
        MutableRecordBatch b = batches.get(0);
        b.ensureValid();
        assertThat(b.countOrNull()).isEqualTo(values.size());
        int i = 0;
        for (org.apache.kafka.common.record.Record r : b) {
            assertThat(Utils.toNullableArray(r.value())).as("value %d", i).isEqualTo(values.get(i));
            i++;
        }
        return b;
    }

    /** Polls {@code condition} until it holds or {@code timeoutMs} passes (real concurrency only). */
    static void awaitCondition(String what, long timeoutMs, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for: " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        return c;
    }
}
