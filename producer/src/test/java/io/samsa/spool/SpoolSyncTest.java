package io.samsa.spool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static io.samsa.spool.SpoolFixtures.payload;
import static io.samsa.spool.SpoolFixtures.readAll;
import static io.samsa.spool.SpoolFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sync policies: group commit, the interval syncer, OS, and what a failed fsync does. */
class SpoolSyncTest {
    @TempDir
    Path dir;

    @Test
    void alwaysSharesFsyncsAmongConcurrentAppenders() throws Exception {
        int threads = 8;
        int perThread = 200;
        SpoolOptions options = SpoolOptions.builder().syncPolicy(SyncPolicy.ALWAYS).build();
        try (SpoolLog spool = SpoolLog.open(dir, options)) {
            long syncsAtOpen = spool.syncCount();
            CyclicBarrier start = new CyclicBarrier(threads);
            List<CompletableFuture<Void>> appenders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                appenders.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await(30, TimeUnit.SECONDS);
                        for (int i = 0; i < perThread; i++) {
                            long position = spool.append((byte) thread, utf8(payload(i, 100)));
                            if (!spool.awaitDurable(position, 30, TimeUnit.SECONDS)) {
                                throw new AssertionError("entry at " + position + " not durable within 30 s");
                            }
                            if (spool.durablePosition() <= position) {
                                throw new AssertionError("durable position " + spool.durablePosition()
                                        + " not past " + position);
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, java.util.concurrent.Executors.newCachedThreadPool()));
            }
            CompletableFuture.allOf(appenders.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            long appends = (long) threads * perThread;
            long syncs = spool.syncCount() - syncsAtOpen;
            System.out.printf("group commit: %d appends, %d fsyncs%n", appends, syncs);
            assertThat(syncs).isPositive().isLessThan(appends);
            assertThat(spool.durablePosition()).isEqualTo(spool.endPosition());
        }
    }

    @Test
    void intervalAdvancesTheDurablePositionWithoutBeingAsked() throws Exception {
        SpoolOptions options = SpoolOptions.builder().syncInterval(10).build();
        try (SpoolLog spool = SpoolLog.open(dir, options)) {
            for (int round = 0; round < 3; round++) {
                long position = spool.append((byte) 0, utf8("entry " + round));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (spool.durablePosition() <= position && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertThat(spool.durablePosition()).isEqualTo(spool.endPosition());
            }
            assertThat(spool.syncCount()).isGreaterThanOrEqualTo(3);
            long position = spool.append((byte) 0, utf8("awaited"));
            assertThat(spool.awaitDurable(position, 10, TimeUnit.SECONDS)).isTrue();
            assertThat(spool.durablePosition()).isGreaterThan(position);
        }
    }

    @Test
    void osNeverFsyncsBeforeClose() throws Exception {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        SpoolOptions options = SpoolOptions.builder().syncPolicy(SyncPolicy.OS).segmentBytes(100).maxBytes(10_000)
                .channelOpener(faults.opener()).build();
        SpoolLog spool = SpoolLog.open(dir, options);
        long last = 0;
        for (int i = 0; i < 10; i++) {
            last = spool.append((byte) 0, utf8(payload(i, 40)));
            assertThat(spool.awaitDurable(last, 0, TimeUnit.MILLISECONDS)).isTrue();
        }
        assertThat(spool.segmentCount()).isGreaterThan(1);
        assertThat(faults.forces.get()).isZero();
        assertThat(spool.syncCount()).isZero();
        spool.close();
        assertThat(faults.forces.get()).isEqualTo(1);
        assertThat(spool.durablePosition()).isGreaterThan(last);
    }

    @Test
    void awaitDurableTimesOutWhenNoSyncComes() throws Exception {
        // A long interval: the first sync is a minute away.
        try (SpoolLog spool = SpoolLog.open(dir, SpoolOptions.builder().syncInterval(60_000).build())) {
            long position = spool.append((byte) 0, utf8("x"));
            assertThat(spool.awaitDurable(position, 20, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(spool.durablePosition()).isLessThanOrEqualTo(position);
            assertThatThrownBy(() -> spool.awaitDurable(spool.endPosition(), 1, TimeUnit.MILLISECONDS))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void closeMakesEverythingDurableAndAnswersWaiters() throws Exception {
        SpoolLog spool = SpoolLog.open(dir, SpoolOptions.builder().syncInterval(60_000).build());
        long position = spool.append((byte) 0, utf8("x"));
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                answer.complete(spool.awaitDurable(position, 60, TimeUnit.SECONDS));
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        }, "durable-waiter");
        waiter.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (waiter.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(waiter.getState()).as("waiting for the sync a minute away").isEqualTo(Thread.State.TIMED_WAITING);
        assertThat(answer).isNotDone();
        spool.close();
        assertThat(answer.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(spool.durablePosition()).isEqualTo(spool.endPosition());
        try (SpoolLog reopened = SpoolLog.open(dir, SpoolOptions.defaults())) {
            assertThat(readAll(reopened)).hasSize(1);
        }
    }

    @Test
    void aFailedFsyncIsNeverReportedDurableAndRefusesLaterAppends() throws Exception {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        SpoolOptions options = SpoolOptions.builder().syncPolicy(SyncPolicy.ALWAYS)
                .channelOpener(faults.opener()).build();
        SpoolLog spool = SpoolLog.open(dir, options);
        long first = spool.append((byte) 0, utf8("durable"));
        assertThat(spool.awaitDurable(first, 10, TimeUnit.SECONDS)).isTrue();

        faults.failForce.set(true);
        long second = spool.append((byte) 0, utf8("unknown"));
        assertThatThrownBy(() -> spool.awaitDurable(second, 10, TimeUnit.SECONDS))
                .isInstanceOf(SpoolException.class)
                .hasMessageContaining("Input/output error");
        assertThat(spool.durablePosition()).isEqualTo(second);
        faults.failForce.set(false);
        assertThatThrownBy(() -> spool.append((byte) 0, utf8("refused")))
                .isInstanceOf(SpoolException.class)
                .hasMessageContaining("failed earlier")
                .hasMessageContaining(dir.toString());
        assertThatThrownBy(() -> spool.awaitDurable(second, 10, TimeUnit.SECONDS))
                .isInstanceOf(SpoolException.class);
        // close neither claims a sync nor hides the failure; it still lets go of the directory.
        spool.close();
        try (SpoolLog reopened = SpoolLog.open(dir, SpoolOptions.builder().syncPolicy(SyncPolicy.OS).build())) {
            assertThat(readAll(reopened)).hasSize(2);
        }
    }
}
