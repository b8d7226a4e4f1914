package io.samsa.bench;

import io.samsa.accumulator.AccumulatorConfig;
import io.samsa.accumulator.BuiltInPartitioner;
import io.samsa.accumulator.ProducerBatch;
import io.samsa.accumulator.RecordAccumulator;
import io.samsa.accumulator.RecordCompletion;
import io.samsa.common.utils.ExponentialBackoff;
import io.samsa.common.Node;
import io.samsa.common.PartitionInfo;
import io.samsa.common.utils.Time;
import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.common.serialization.StringSerializer;
import io.samsa.common.errors.Errors;
import io.samsa.common.Cluster;
import io.samsa.common.TopicMetadata;
import io.samsa.protocol.record.compression.CompressionType;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The per-record hot path of {@code send()} without the network: serialise, choose the partition (as the
 * producer's router does without a custom partitioner: sticky for null keys, murmur2 for keys), append into the partition's open batch in the
 * {@link RecordAccumulator}. Every 4,096 records the batches are drained and completed, as the sender would, so
 * memory stays bounded and batch turnover (allocation of new batch buffers) is part of the cost.
 *
 * <p>Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per record. The headline
 * workload's shape: 100-byte values, batch.size 65536, 6 partitions. The record completion hook is shared (in
 * KafkaProducer it is the per-record future, which the application asked for).
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar AppendBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AppendBenchmark {
    private static final String TOPIC = "bench";
    private static final int PARTITIONS = 6;
    private static final int DRAIN_EVERY = 4096;
    private static final RecordCompletion NO_OP = (tp, offset, ts, k, v, e) -> { };

    @Param({"100"})
    int valueSize;

    @Param({"65536"})
    int batchSize;

    /**
     * The first buffer size of a batch: 0 for the producer's default (start small, grow by doubling up to
     * batch.size, copying), or batch.size to allocate each batch once at full size (as Apache does), which
     * separates the cost of growing from the cost of the batch buffer itself (batch.size / records per batch).
     */
    @Param({"0", "65536"})
    int initialBatchBytes;

    private RecordAccumulator accumulator;
    private Cluster cluster;
    private Set<Node> nodes;
    private final ByteArraySerializer bytes = new ByteArraySerializer();
    private final StringSerializer strings = new StringSerializer();
    private byte[] value;
    private String stringValue;
    private byte[][] keys;
    private int n;

    /** A clock with no system call per record: the accumulator reads it for batch creation times. */
    private static final class BenchTime implements Time {
        @Override
        public long milliseconds() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoseconds() {
            return System.nanoTime();
        }

        @Override
        public long wallClockMillis() {
            return System.currentTimeMillis();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        // The workload's settings; the rest as the producer's defaults (retry settings never come into play here).
        AccumulatorConfig config = new AccumulatorConfig(batchSize, 256L << 20, 10, 1 << 20, 120_000,
                new ExponentialBackoff(100, 2, 1_000, 0.2), true, CompressionType.NONE, 0,
                initialBatchBytes > 0 ? initialBatchBytes : AccumulatorConfig.DEFAULT_INITIAL_BATCH_BYTES);
        accumulator = new RecordAccumulator(config, new BenchTime());
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> parts = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            parts.add(new PartitionInfo(TOPIC, p, node, 0, new Node[] {node}, new Node[] {node}, new Node[0]));
        }
        cluster = new Cluster("bench", 0, List.of(node), Map.of(TOPIC,
                new TopicMetadata(TOPIC, new UUID(1, 2), Errors.NONE.code(), false, parts)), 0);
        nodes = Set.of(node);
        value = new byte[valueSize];
        for (int i = 0; i < valueSize; i++) {
            value[i] = (byte) ('A' + i % 26);
        }
        stringValue = new String(value, java.nio.charset.StandardCharsets.US_ASCII);
        keys = new byte[1024][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ("key-" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        drain();
        accumulator.close();
    }

    /** Null key, byte[] value (the headline workload): sticky partition chosen inside the append. */
    @Benchmark
    public int nullKeyBytesValue() throws InterruptedException {
        byte[] v = bytes.serialize(TOPIC, null, value);
        int partition = partition(null);
        int appended = accumulator.append(TOPIC, partition, 1_700_000_000_000L, null, v, null, NO_OP, cluster, 0);
        maybeDrain();
        return appended;
    }

    /** A byte[] key: murmur2 over the partitions. */
    @Benchmark
    public int keyedBytesValue() throws InterruptedException {
        byte[] key = keys[n & (keys.length - 1)];
        byte[] k = bytes.serialize(TOPIC, null, key);
        byte[] v = bytes.serialize(TOPIC, null, value);
        int partition = partition(k);
        int appended = accumulator.append(TOPIC, partition, 1_700_000_000_000L, k, v, null, NO_OP, cluster, 0);
        maybeDrain();
        return appended;
    }

    /** A String value through StringSerializer: the serialised byte[] is garbage the serializer must make. */
    @Benchmark
    public int nullKeyStringValue() throws InterruptedException {
        byte[] v = strings.serialize(TOPIC, null, stringValue);
        int partition = partition(null);
        int appended = accumulator.append(TOPIC, partition, 1_700_000_000_000L, null, v, null, NO_OP, cluster, 0);
        maybeDrain();
        return appended;
    }

    /** The router's rule without a custom partitioner: murmur2 of the key, else the sticky choice. */
    private static int partition(byte[] keyBytes) {
        return keyBytes != null ? BuiltInPartitioner.partitionForKey(keyBytes, PARTITIONS)
                : RecordAccumulator.UNKNOWN_PARTITION;
    }

    private void maybeDrain() {
        if (++n % DRAIN_EVERY == 0) {
            drain();
        }
    }

    private void drain() {
        accumulator.beginFlush();
        while (accumulator.hasUndrained()) {
            Map<Integer, List<ProducerBatch>> drained = accumulator.drainer().drain(cluster, nodes, 64 << 20,
                    System.currentTimeMillis());
            for (List<ProducerBatch> list : drained.values()) {
                for (ProducerBatch b : list) {
                    b.complete(0, -1);
                }
            }
        }
        try {
            accumulator.awaitFlushCompletion(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
