package io.samsa.clients.producer.internals;

import io.samsa.accumulator.RecordAccumulator;
import io.samsa.accumulator.RecordCompletion;
import io.samsa.common.utils.Time;
import io.samsa.common.TopicPartition;
import io.samsa.common.errors.ClosedException;
import io.samsa.metadata.BootstrapServers;
import io.samsa.metadata.MetadataManager;
import io.samsa.network.NetworkClient;
import io.samsa.clients.producer.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The close race of parked records: a {@code send} that reserved memory just before close and parks its record
 * just after the I/O thread swept the parked records must not leave a future nobody completes. No broker: the
 * records here are never routed (their topic's metadata never comes), only parked and failed.
 */
@Timeout(60)
class PendingRecordsTest {
    private static final int RECORD_BYTES = 100;

    private final NetworkClient network = new NetworkClient(TestConfigs.network(Map.of()), Time.SYSTEM);
    private final RecordAccumulator accumulator = new RecordAccumulator(TestConfigs.accumulator()
            .batchSize(1024).bufferMemory(1 << 20).build(), Time.SYSTEM);
    private final PendingRecords pending = new PendingRecords(accumulator,
            new MetadataManager(network, Time.SYSTEM, BootstrapServers.parse("127.0.0.1:9"),
                    TestConfigs.metadata(Map.of())),
            // These records are never routed (their topic never appears); the sticky choice stands in.
            (topic, explicit, key, keyBytes, value, valueBytes, cluster, count) -> RecordAccumulator.UNKNOWN_PARTITION,
            120_000);

    @AfterEach
    void closeNetwork() {
        network.close();
    }

    /** Counts its completions and keeps the last error. */
    private static final class Outcome implements RecordCompletion {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<RuntimeException> error = new AtomicReference<>();

        @Override
        public void onCompletion(TopicPartition partition, long offset, long timestamp, int serializedKeySize,
                                 int serializedValueSize, RuntimeException exception) {
            error.set(exception);
            calls.incrementAndGet();
        }
    }

    /** As {@code send} does: reserve the record's memory, then park it. */
    private boolean reserveAndPark(Outcome outcome) {
        assertThat(accumulator.memory().tryReserve(RECORD_BYTES)).isTrue();
        return pending.park(new PendingRecords.Pending("unknown-topic", null, null, null, "v",
                new byte[] {1, 2, 3}, new io.samsa.common.header.Header[0], 0L, outcome, RECORD_BYTES, 0L));
    }

    @Test
    void aRecordParkedAfterCloseFailsAtOnceWithTheClosedErrorAndReleasesItsMemory() throws Exception {
        Outcome before = new Outcome();
        assertThat(reserveAndPark(before)).isTrue();
        pending.close(); // the I/O thread's sweep

        Outcome after = new Outcome(); // its memory was reserved before close, its park comes after the sweep
        assertThat(reserveAndPark(after)).as("refused").isFalse();

        for (Outcome o : List.of(before, after)) {
            assertThat(o.calls).hasValue(1);
            assertThat(o.error.get()).isInstanceOf(ClosedException.class)
                    .hasMessageContaining("closed before the metadata of topic unknown-topic was known");
        }
        assertThat(accumulator.memory().usedBytes()).isZero();
        assertThat(pending.size()).isZero();
        assertThat(pending.hasPending("unknown-topic")).isFalse();
        assertThat(pending.awaitEmpty(0)).as("a flush or close waiting for parked records is not held up").isTrue();
    }

    @Test
    void parksRacingWithCloseAllCompleteExactlyOnce() throws Exception {
        int threads = 4;
        int perThread = 2_000;
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            outcomes.add(new Outcome());
        }
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        CountDownLatch finished = new CountDownLatch(threads);
        List<Thread> parkers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = t * perThread;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        reserveAndPark(outcomes.get(from + i));
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                } finally {
                    finished.countDown();
                }
            }, "parker-" + t);
            th.start();
            parkers.add(th);
        }
        start.await();
        pending.close(); // while the parkers run: some records are swept, some refused, depending on timing
        assertThat(finished.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        for (Thread th : parkers) {
            th.join(10_000);
        }

        for (Outcome o : outcomes) {
            assertThat(o.calls).as("every record completes exactly once").hasValue(1);
            assertThat(o.error.get()).isInstanceOf(ClosedException.class);
        }
        assertThat(accumulator.memory().usedBytes()).as("every reservation released").isZero();
        assertThat(pending.size()).isZero();
    }
}
