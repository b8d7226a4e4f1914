package io.samsa.perf.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link TransactionPacer} on a clock the test moves: when a transactional run begins and commits (Apache's
 * {@code ProducerPerformance} rule), and the commit times it reports; and the workload key that turns it on.
 */
class TransactionPacerTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    /** A client whose begin and commit take the given time on the test's clock, and which logs when they ran. */
    private static final class FakeClient implements TransactionPacer.Transactions {
        final long[] clock;
        final List<String> calls = new ArrayList<>();
        long beginTakesNs;
        long commitTakesNs;

        FakeClient(long[] clock) {
            this.clock = clock;
        }

        @Override
        public void begin() {
            calls.add("begin@" + clock[0] / MS);
            clock[0] += beginTakesNs;
        }

        @Override
        public void commit() {
            calls.add("commit@" + clock[0] / MS);
            clock[0] += commitTakesNs;
        }
    }

    /** One send at the clock's time, as the runner's loop makes it. */
    private static void send(TransactionPacer pacer, long[] clock) throws Exception {
        pacer.beforeSend();
        pacer.sent(clock[0]);
    }

    @Test
    void commitsAtTheFirstSendOnceTheDurationHasPassedThenBeginsTheNext() throws Exception {
        long[] clock = {0};
        FakeClient client = new FakeClient(clock);
        TransactionPacer pacer = new TransactionPacer(client, 100, () -> clock[0]);

        send(pacer, clock);                 // begins at 0
        clock[0] = 60 * MS;
        send(pacer, clock);
        clock[0] = 100 * MS - 1;
        send(pacer, clock);                 // 1 ns short of the duration: still open
        assertThat(client.calls).containsExactly("begin@0");
        assertThat(pacer.open()).isTrue();

        clock[0] = 130 * MS;
        send(pacer, clock);                 // the first send at or after 100 ms commits, right after the send
        assertThat(client.calls).containsExactly("begin@0", "commit@130");
        assertThat(pacer.open()).isFalse();

        clock[0] = 140 * MS;
        send(pacer, clock);                 // the next send begins the next transaction, timed from then
        clock[0] = 239 * MS;
        send(pacer, clock);
        assertThat(client.calls).containsExactly("begin@0", "commit@130", "begin@140");
        clock[0] = 240 * MS;
        send(pacer, clock);
        assertThat(client.calls).containsExactly("begin@0", "commit@130", "begin@140", "commit@240");
        assertThat(pacer.commits()).isEqualTo(2);
    }

    @Test
    void theTransactionStartsWhenBeginReturns() throws Exception {
        long[] clock = {0};
        FakeClient client = new FakeClient(clock);
        client.beginTakesNs = 30 * MS;      // as Apache's tool: the time is taken after beginTransaction()
        TransactionPacer pacer = new TransactionPacer(client, 100, () -> clock[0]);
        send(pacer, clock);                 // begins at 0, open from 30 ms
        clock[0] = 120 * MS;
        send(pacer, clock);
        assertThat(client.calls).containsExactly("begin@0");
        clock[0] = 130 * MS;
        send(pacer, clock);
        assertThat(client.calls).containsExactly("begin@0", "commit@130");
    }

    @Test
    void finishCommitsTheOpenTransactionOnly() throws Exception {
        long[] clock = {0};
        FakeClient client = new FakeClient(clock);
        TransactionPacer pacer = new TransactionPacer(client, 100, () -> clock[0]);
        pacer.finish();                     // nothing sent: nothing to commit
        assertThat(client.calls).isEmpty();

        send(pacer, clock);
        clock[0] = 10 * MS;
        pacer.finish();
        assertThat(client.calls).containsExactly("begin@0", "commit@10");
        pacer.finish();                     // committed already
        assertThat(client.calls).hasSize(2);
        assertThat(pacer.commits()).isEqualTo(1);
    }

    @Test
    void reportsTheCommitTimesItMeasuredAndTheClientsMetric() throws Exception {
        long[] clock = {0};
        FakeClient client = new FakeClient(clock);
        TransactionPacer pacer = new TransactionPacer(client, 100, () -> clock[0]);
        client.commitTakesNs = 8 * MS;
        send(pacer, clock);
        clock[0] += 100 * MS;
        send(pacer, clock);                 // commit 1: 8 ms
        client.commitTakesNs = 2 * MS;
        send(pacer, clock);
        pacer.finish();                     // commit 2: 2 ms

        Map<String, Object> f = pacer.figures(1000, 42 * MS, 0.5, Map.of("txn-commit-time-ns-total", 12e6));
        assertThat(f).containsEntry("durationMs", 100L).containsEntry("count", 2L)
                .containsEntry("recordsPerTransaction", 500.0).containsEntry("initMs", 42.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> commit = (Map<String, Object>) f.get("commitMs");
        assertThat((Double) commit.get("avg")).isCloseTo(5.0, within(1e-9));
        assertThat((Double) commit.get("max")).isCloseTo(8.0, within(0.01));
        assertThat((Double) commit.get("p50")).isCloseTo(2.0, within(0.01));
        assertThat((Double) f.get("commitSecTotal")).isCloseTo(0.010, within(1e-12));
        assertThat((Double) f.get("commitShareOfElapsed")).isCloseTo(0.02, within(1e-12));
        assertThat((Double) f.get("metricCommitMsAvg")).isCloseTo(6.0, within(1e-12)); // the client's 12 ms / 2

        Map<String, Object> noMetric = pacer.figures(1000, 0, 0.5, Map.of());
        assertThat((Double) noMetric.get("metricCommitTimeNsTotal")).isNaN();
        assertThat((Double) noMetric.get("metricCommitMsAvg")).isNaN();
    }

    @Test
    void aFailedCommitPropagatesAndIsNotCounted() throws Exception {
        long[] clock = {0};
        TransactionPacer pacer = new TransactionPacer(new TransactionPacer.Transactions() {
            @Override
            public void begin() {
            }

            @Override
            public void commit() {
                throw new IllegalStateException("cannot commit");
            }
        }, 1, () -> clock[0]);
        pacer.beforeSend();
        assertThatThrownBy(() -> pacer.sent(MS)).hasMessage("cannot commit");
        assertThat(pacer.commits()).isZero();
    }

    @Test
    void theDurationMustBePositive() {
        assertThatThrownBy(() -> new TransactionPacer(null, 0, System::nanoTime))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("> 0 ms, was 0");
    }

    @Test
    void aWorkloadCarriesTheDurationAndTheRunsTransactionalId() throws IOException {
        Workload w = new Workload("apache", 1, "t", 1000, 100, null, "\n", -1, 42, 5000, "/tmp/r.json", 250,
                Map.of("acks", "all")).withProducerProperty("transactional.id", "perf-apache-3");
        Path f = dir.resolve("w.properties");
        w.write(f);
        Workload r = Workload.read(f);
        assertThat(r.transactional()).isTrue();
        assertThat(r.transactionDurationMs).isEqualTo(250);
        assertThat(r.producerProps).containsEntry("transactional.id", "perf-apache-3").containsEntry("acks", "all");
        assertThat(r.withRun("samsa", 2, "t-2", "/tmp/s.json").transactionDurationMs).isEqualTo(250);

        // without the key, a workload is not transactional
        Files.writeString(f, Files.readString(f).replaceAll("(?m)^transaction\\.duration\\.ms=.*$", ""));
        assertThat(Workload.read(f).transactional()).isFalse();
    }
}
