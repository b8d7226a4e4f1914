package io.samsa.accumulator;

import io.samsa.common.Node;
import io.samsa.common.Cluster;
import io.samsa.clients.producer.TestConfigs;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.compression.CompressionType;

import org.apache.kafka.common.record.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.samsa.accumulator.AccumulatorFixtures.Hook;
import static io.samsa.accumulator.AccumulatorFixtures.ManualTime;
import static io.samsa.accumulator.AccumulatorFixtures.TOPIC;
import static io.samsa.accumulator.AccumulatorFixtures.assertApacheReads;
import static io.samsa.accumulator.AccumulatorFixtures.cluster;
import static io.samsa.accumulator.AccumulatorFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compression in the accumulator: batches are compressed once when drained and closed, their compressed copy is
 * charged to buffer.memory until done, batch.size applies to the estimated compressed size, and a compressed
 * batch splits on its uncompressed records.
 */
@Timeout(60)
class CompressedBatchTest {

    private static final long PID = 9L;
    private static final short EPOCH = 2;

    private final ManualTime time = new ManualTime();
    private final Cluster cluster = cluster(1, 1);
    private final Set<Node> broker = Set.of(node(0));

    private RecordAccumulator accumulator(CompressionType type, int batchSize, int maxRequestSize) {
        DrainHook hook = batch -> batch.stamp(PID, EPOCH, 0);
        return new RecordAccumulator(TestConfigs.accumulator().batchSize(batchSize).initialBatchBytes(256)
                .bufferMemory(8 << 20).lingerMs(0).retryBackoffJitter(0).maxRequestSize(maxRequestSize)
                .compression(type, type.defaultLevel()).build(), time, hook, null, null);
    }

    /** JSON-ish values of about 200 bytes: compressible as real events are. */
    private static byte[] value(int i) {
        return ("{\"seq\":" + i + ",\"type\":\"page_view\",\"path\":\"/products/" + (i % 17) + "\",\"agent\":"
                + "\"Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0\",\"pad\":\""
                + "abcdefgh".repeat(8) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private List<ProducerBatch> drainAll(RecordAccumulator acc) {
        List<ProducerBatch> out = new ArrayList<>();
        while (acc.hasUndrained()) {
            out.addAll(acc.drainer().drain(cluster, broker, 1 << 20, time.milliseconds()).get(0));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"GZIP", "SNAPPY", "LZ4", "ZSTD"})
    void drainedBatchesAreCompressedChargedAndReleased(CompressionType type) throws Exception {
        RecordAccumulator acc = accumulator(type, 16_384, 1 << 20);
        List<byte[]> values = new ArrayList<>();
        List<Hook> hooks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Hook h = new Hook();
            values.add(value(i));
            hooks.add(h);
            acc.append(TOPIC, 0, 1_700_000_000_000L + i, null, values.get(i), null, h, null, 0);
        }
        long usedBeforeDrain = acc.memory().usedBytes();
        List<ProducerBatch> drained = drainAll(acc);
        assertThat(drained).hasSize(1);
        ProducerBatch b = drained.get(0);
        assertThat(b.sizeInBytes()).as("compressed").isLessThan(b.uncompressedSizeInBytes() / 2);
        assertThat(acc.memory().usedBytes()).as("the compressed copy is charged too")
                .isEqualTo(usedBeforeDrain + b.sizeInBytes());
        assertThat(b.chargedBytes()).isEqualTo(acc.memory().usedBytes());

        MutableRecordBatch read = assertApacheReads(b, values);
        assertThat((int) read.compressionType().id).isEqualTo(type.id());
        assertThat(read.producerId()).isEqualTo(PID);
        // The estimate (1.0 at first) moved a tenth of the way towards the observed ratio.
        double observed = (b.sizeInBytes() - 61.0) / (b.uncompressedSizeInBytes() - 61.0);
        assertThat(acc.drainer().estimatedCompressionRatio(TOPIC)).isCloseTo(1.0 + (observed - 1.0) * 0.1,
                org.assertj.core.data.Offset.offset(1e-9));

        // A retry after an epoch bump renumbers the compressed bytes in place; Apache still reads them.
        acc.drainer().reenqueue(b, time.milliseconds(), 0);
        b.rewriteProducerState(PID + 1, (short) 0, 40);
        assertThat(drainAll(acc)).containsExactly(b);
        assertThat(assertApacheReads(b, values).baseSequence()).isEqualTo(40);
        assertThat(b.chargedBytes()).as("still charged once").isEqualTo(acc.memory().usedBytes());

        b.complete(100, -1);
        for (int i = 0; i < 50; i++) {
            assertThat(hooks.get(i).offset).isEqualTo(100 + i);
            assertThat(hooks.get(i).valueSize).isEqualTo(values.get(i).length);
        }
        assertThat(acc.memory().usedBytes()).isZero();
    }

    /**
     * batch.size is about wire bytes: once the topic's ratio is known (here well under 1/2), new batches hold
     * more uncompressed bytes than batch.size, their compressed size near batch.size, and never more than
     * max.request.size uncompressed.
     */
    @Test
    void batchSizeAppliesToTheEstimatedCompressedSize() throws Exception {
        int batchSize = 4_096;
        RecordAccumulator acc = accumulator(CompressionType.LZ4, batchSize, 64 * 1024);
        int i = 0;
        // First batch: no estimate yet (1.0), so it fills at batch.size uncompressed.
        while (acc.queuedBatches(new io.samsa.common.TopicPartition(TOPIC, 0)) < 2) {
            acc.append(TOPIC, 0, 1_700_000_000_000L + i, null, value(i++), null, null, null, 0);
        }
        ProducerBatch first = acc.drainer().drain(cluster, broker, 1 << 20, 0).get(0).get(0);
        assertThat(first.uncompressedSizeInBytes()).isLessThanOrEqualTo(batchSize);
        double firstRatio = acc.drainer().estimatedCompressionRatio(TOPIC);
        assertThat(firstRatio).isLessThan(1.0);
        first.complete(0, -1);

        // The estimate converges over the next batches, which grow to about batch.size / (ratio * 1.05) of
        // uncompressed records.
        List<ProducerBatch> later = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            while (acc.queuedBatches(new io.samsa.common.TopicPartition(TOPIC, 0)) < 2) {
                acc.append(TOPIC, 0, 1_700_000_000_000L + i, null, value(i++), null, null, null, 0);
            }
            ProducerBatch b = acc.drainer().drain(cluster, broker, 1 << 20, 0).get(0).get(0);
            later.add(b);
        }
        assertThat(acc.drainer().estimatedCompressionRatio(TOPIC)).isLessThan(firstRatio / 2);
        ProducerBatch last = later.get(later.size() - 1);
        assertThat(last.uncompressedSizeInBytes()).as("more records than batch.size holds uncompressed")
                .isGreaterThan(2 * batchSize);
        assertThat(last.uncompressedSizeInBytes()).isLessThanOrEqualTo(64 * 1024);
        assertThat(last.sizeInBytes()).as("compressed size near batch.size")
                .isBetween(batchSize / 2, batchSize + batchSize / 4);
        later.forEach(b -> b.complete(0, -1));
        drainAll(acc).forEach(b -> b.complete(0, -1));
        assertThat(acc.memory().usedBytes()).isZero();
    }

    /** A compressed batch splits on its uncompressed records into compressed halves (the target is wire bytes). */
    @Test
    void aCompressedBatchSplitsIntoCompressedHalves() throws Exception {
        RecordAccumulator acc = accumulator(CompressionType.ZSTD, 64 * 1024, 1 << 20);
        List<byte[]> values = new ArrayList<>();
        List<Hook> hooks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Hook h = new Hook();
            values.add(value(i));
            hooks.add(h);
            acc.append(TOPIC, 0, 1_700_000_000_000L + i, null, values.get(i), null, h, null, 0);
        }
        ProducerBatch big = acc.drainer().drain(cluster, broker, 1 << 20, 0).get(0).get(0);
        assertThat(big.recordCount()).isEqualTo(100);

        int parts = acc.drainer().splitAndReenqueue(big, big.sizeInBytes() / 2, 0);
        assertThat(parts).as("half the wire size: about two batches, not one per record").isBetween(2, 3);
        List<ProducerBatch> children = drainAll(acc);
        assertThat(children).hasSize(parts);
        int recordNo = 0;
        for (ProducerBatch c : children) {
            assertThat(c.sizeInBytes()).isLessThan(c.uncompressedSizeInBytes());
            MutableRecordBatch read = assertApacheReads(c, values.subList(recordNo, recordNo + c.recordCount()));
            assertThat((int) read.compressionType().id).isEqualTo(RecordBatch.COMPRESSION_ZSTD);
            assertThat(read.baseSequence()).isEqualTo(recordNo);
            c.complete(1_000 + recordNo, -1);
            recordNo += c.recordCount();
        }
        assertThat(recordNo).isEqualTo(100);
        for (int i = 0; i < 100; i++) {
            assertThat(hooks.get(i).offset).isEqualTo(1_000 + i);
        }
        assertThat(acc.memory().usedBytes()).isZero();
        acc.releaseCompressor();
    }
}
