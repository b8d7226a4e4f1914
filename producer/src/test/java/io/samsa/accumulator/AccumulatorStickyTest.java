package io.samsa.accumulator;

import io.samsa.common.Cluster;
import io.samsa.common.Node;
import io.samsa.common.TopicPartition;
import io.samsa.clients.producer.TestConfigs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.samsa.accumulator.AccumulatorFixtures.ManualTime;
import static io.samsa.accumulator.AccumulatorFixtures.TOPIC;
import static io.samsa.accumulator.AccumulatorFixtures.bytes;
import static io.samsa.accumulator.AccumulatorFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;

/** The accumulator's side of KIP-794: choosing the sticky partition under the queue lock, and reporting load. */
@Timeout(60)
class AccumulatorStickyTest {

    private final ManualTime time = new ManualTime();

    private RecordAccumulator accumulator(LeaderAvailability availability) {
        AccumulatorConfig config = TestConfigs.accumulator().batchSize(1024).initialBatchBytes(256)
                .bufferMemory(1 << 22).lingerMs(60_000).build();
        return new RecordAccumulator(config, time, DrainHook.NON_IDEMPOTENT, null, availability);
    }

    @Test
    void unkeyedRecordsStayOnOnePartitionForWholeBatchesThenMove() throws Exception {
        Cluster c = cluster(2, 4);
        RecordAccumulator acc = accumulator(null);
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            chosen.add(acc.append(TOPIC, RecordAccumulator.UNKNOWN_PARTITION, 1L, null, bytes(100, i), null, null,
                    c, 0));
        }
        // Runs: each stint is at least batch.size bytes (the partition may be drawn again, lengthening a run).
        List<Integer> runs = new ArrayList<>();
        int run = 1;
        for (int i = 1; i < chosen.size(); i++) {
            if (chosen.get(i).equals(chosen.get(i - 1))) {
                run++;
            } else {
                runs.add(run);
                run = 1;
            }
        }
        assertThat(runs).isNotEmpty();
        assertThat(runs).allMatch(r -> r * 108 >= 1024, "every finished run carries at least batch.size bytes");
        assertThat(chosen).as("several partitions used").hasSizeGreaterThan(1);
        assertThat(new java.util.HashSet<>(chosen)).hasSizeGreaterThan(1);

        // A switch only happens at a batch boundary: of all partitions, only the current one may have a batch that
        // is not full (8 records of 108 bytes fill 1024).
        int notFull = 0;
        for (int p = 0; p < 4; p++) {
            int partition = p;
            int queued = acc.queuedBatches(new TopicPartition(TOPIC, p));
            int recordsOnP = (int) chosen.stream().filter(x -> x == partition).count();
            if (queued > 0 && recordsOnP % 8 != 0) {
                notFull++;
            }
        }
        assertThat(notFull).isLessThanOrEqualTo(1);
    }

    @Test
    void queueLengthsAreReportedOnceEveryPartitionHasAQueue() throws Exception {
        Cluster c = cluster(2, 2);
        RecordAccumulator acc = accumulator(null);
        StickyPartitioner sticky = acc.stickyPartitioner(TOPIC);
        for (int i = 0; i < 30; i++) { // partition 0: 4 batches
            acc.append(TOPIC, 0, 1L, null, bytes(100, i), null, null, c, 0);
        }
        acc.append(TOPIC, RecordAccumulator.UNKNOWN_PARTITION, 1L, null, bytes(10, 1), null, null, c, 0);
        boolean hasQueueForP1 = acc.queuedBatches(new TopicPartition(TOPIC, 1)) > 0;
        acc.drainer().ready(c, 0);
        assertThat(sticky.isWeighted()).as("weighted only once both partitions have a queue")
                .isEqualTo(hasQueueForP1);

        acc.append(TOPIC, 1, 1L, null, bytes(10, 2), null, null, c, 0);
        acc.drainer().ready(c, 0);
        assertThat(sticky.isWeighted()).as("4 or 5 batches vs 1: weighted").isTrue();
        // Shorter queue, higher weight: partition 1 should win most draws.
        int ones = 0;
        for (int i = 0; i < 1_000; i++) {
            ones += sticky.nextPartition(c);
        }
        assertThat(ones).isGreaterThan(600);
    }

    @Test
    void partitionsOfAnUnavailableLeaderAreLeftOutOfTheLoad() throws Exception {
        Cluster c = cluster(2, 2); // partition 0 on broker 0, partition 1 on broker 1
        LeaderAvailability availability = new LeaderAvailability(100);
        availability.record(1, 0, true);
        availability.record(1, 500, false); // broker 1 has had data it could not take for 500 ms
        RecordAccumulator acc = accumulator(availability);
        acc.append(TOPIC, 0, 1L, null, bytes(10, 1), null, null, c, 0);
        acc.append(TOPIC, 1, 1L, null, bytes(10, 2), null, null, c, 0);
        acc.append(TOPIC, RecordAccumulator.UNKNOWN_PARTITION, 1L, null, bytes(10, 3), null, null, c, 0);
        acc.drainer().ready(c, 500);
        StickyPartitioner sticky = acc.stickyPartitioner(TOPIC);
        assertThat(sticky.isWeighted()).isTrue();
        for (int i = 0; i < 100; i++) {
            assertThat(sticky.nextPartition(c)).isZero();
        }
    }

    @Test
    void topicsWithoutUnkeyedRecordsCostTheReadyLoopNothingExtra() throws Exception {
        Cluster c = cluster(2, Map.of(TOPIC, 2, "keyed", 2));
        RecordAccumulator acc = accumulator(null);
        acc.append("keyed", 0, 1L, null, bytes(10, 1), null, null, c, 0);
        acc.append("keyed", 1, 1L, null, bytes(10, 1), null, null, c, 0);
        for (int i = 0; i < 30; i++) {
            acc.append("keyed", 0, 1L, null, bytes(100, 1), null, null, c, 0);
        }
        acc.drainer().ready(c, 0);
        assertThat(acc.stickyPartitioner("keyed").isWeighted()).isFalse();
    }

    @Test
    void aStintHeldBackByAPartlyFilledBatchEndsOnceTheSenderTookThatBatch() throws Exception {
        Cluster c = cluster(2, 4);
        RecordAccumulator acc = accumulator(null);
        StickyPartitioner sticky = acc.stickyPartitioner(TOPIC);
        int p = acc.append(TOPIC, RecordAccumulator.UNKNOWN_PARTITION, 1L, null, bytes(100, 0), null, null, c, 0);
        TopicPartition tp = new TopicPartition(TOPIC, p);
        StickyPartitioner.Stint stint = sticky.current(c);
        // Fill the first batch, then start a second one in the same partition: the stint has its batch.size of
        // bytes but keeps the partition, since switching now would strand the second batch half full.
        int i = 1;
        while (acc.queuedBatches(tp) < 2 || stint.producedBytes() < 1024) {
            assertThat(acc.append(TOPIC, RecordAccumulator.UNKNOWN_PARTITION, 1L, null, bytes(100, i++), null, null,
                    c, 0)).isEqualTo(p);
        }
        assertThat(stint.producedBytes()).isGreaterThanOrEqualTo(1024);
        assertThat(sticky.current(c)).as("held back by the partly filled batch").isSameAs(stint);

        // The sender takes both batches, the second partly filled, as a request for the broker takes it along.
        Set<Node> all = Set.copyOf(c.nodes());
        acc.drainer().drain(c, all, 1 << 20, 0);
        acc.drainer().drain(c, all, 1 << 20, 0);
        assertThat(acc.queuedBatches(tp)).isZero();

        acc.append(TOPIC, RecordAccumulator.UNKNOWN_PARTITION, 1L, null, bytes(100, i), null, null, c, 0);
        assertThat(sticky.current(c)).as("the next record starts a new stint, as in Apache's accumulator")
                .isNotSameAs(stint);
    }
}
