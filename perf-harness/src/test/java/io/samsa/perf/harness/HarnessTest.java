package io.samsa.perf.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HarnessTest {
    @TempDir
    Path dir;

    /**
     * The CPU figures divide the CPU of the run by its records and its seconds; a run shorter than a second gets
     * none, since start-up (the JIT) would dominate them (a 1,000-record run once reported 2.88 cores on 2).
     */
    @Test
    void cpuFiguresCoverTheRunAndAreLeftOutForShortRuns() {
        Map<String, Object> long_ = Runner.cpuFigures(3_000_000_000L, 2.0, 3_000_000);
        assertThat(long_.get("cpuSec")).isEqualTo(3.0);
        assertThat(long_.get("cpuMsPerMillionRecords")).isEqualTo(1000.0);
        assertThat(long_.get("cpuCoresAverage")).isEqualTo(1.5);
        Map<String, Object> short_ = Runner.cpuFigures(150_000_000L, 0.05, 1_000);
        assertThat(short_.get("cpuSec")).isEqualTo(0.15);
        assertThat((Double) short_.get("cpuMsPerMillionRecords")).isNaN();
        assertThat((Double) short_.get("cpuCoresAverage")).isNaN();
    }

    /**
     * The second half's figure divides its CPU by the records sent in it alone, so that the JIT's warm-up, paid
     * mostly in the first half, is left out; like the whole run's, none for an interval under a second.
     */
    @Test
    void secondHalfCpuIsPerRecordOfTheSecondHalfAndLeftOutWhenShort() {
        Map<String, Object> m = Runner.secondHalfFigures(1_500_000_000L, 2.0, 2_500_000);
        assertThat(m.get("cpuMsPerMillionRecordsSecondHalf")).isEqualTo(600.0);
        assertThat(m.get("secondHalfRecords")).isEqualTo(2_500_000L);
        assertThat((Double) Runner.secondHalfFigures(1_500_000_000L, 0.9, 2_500_000)
                .get("cpuMsPerMillionRecordsSecondHalf")).isNaN();
        assertThat((Double) Runner.secondHalfFigures(-1, 2.0, 2_500_000)
                .get("cpuMsPerMillionRecordsSecondHalf")).isNaN();
        assertThat((Double) Runner.secondHalfFigures(1_000_000_000L, 2.0, 0)
                .get("cpuMsPerMillionRecordsSecondHalf")).isNaN();
    }

    /**
     * The JIT's and the collector's CPU in the run are the growth of their threads' CPU between the two readings:
     * a thread born in the run counts from zero, one that ended is gone, and other threads are neither.
     */
    @Test
    void jitAndCollectorCpuAreTheirThreadsGrowthOverTheRun() {
        Map<Long, Runner.ThreadCpu> start = Map.of(
                1L, new Runner.ThreadCpu("C2 CompilerThre", 2.0),
                2L, new Runner.ThreadCpu("C1 CompilerThre", 0.5),
                3L, new Runner.ThreadCpu("GC Thread#0", 0.25),
                4L, new Runner.ThreadCpu("samsa-io-produc", 1.0),
                5L, new Runner.ThreadCpu("C2 CompilerThre", 0.75));
        Map<Long, Runner.ThreadCpu> end = Map.of(
                1L, new Runner.ThreadCpu("C2 CompilerThre", 3.5),
                2L, new Runner.ThreadCpu("C1 CompilerThre", 0.75),
                3L, new Runner.ThreadCpu("GC Thread#0", 1.0),
                4L, new Runner.ThreadCpu("samsa-io-produc", 9.0),
                6L, new Runner.ThreadCpu("G1 Conc#0", 0.5),
                7L, new Runner.ThreadCpu("C2 CompilerThre", 0.25));
        Map<String, Object> m = Runner.jvmThreadFigures(start, end);
        assertThat(m.get("jitCpuSec")).isEqualTo(2.0); // 1.5 + 0.25 + 0.25 (new); thread 5 ended
        assertThat(m.get("gcCpuSec")).isEqualTo(1.25); // 0.75 + 0.5 (new)
        assertThat((Double) Runner.jvmThreadFigures(Map.of(), Map.of()).get("jitCpuSec")).isNaN();
    }

    /** The per-thread reading names this process's threads and their CPU, as {@code /proc} (Linux) keeps it. */
    @Test
    void threadCpuIsReadPerThreadWithItsName() throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.concurrent.CountDownLatch burnt = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch read = new java.util.concurrent.CountDownLatch(1);
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + 10_000_000_000L;
            long x = 0;
            while (mx.getCurrentThreadCpuTime() < 100_000_000L && System.nanoTime() < deadline) {
                x += x * 31 + 7; // burn CPU
            }
            if (x == 42) {
                System.out.print("");
            }
            burnt.countDown();
            try {
                read.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cpu-probe-thread-long-name");
        t.start();
        try {
            assertThat(burnt.await(15, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            Map<Long, Runner.ThreadCpu> threads = Runner.threadCpuByTid();
            assertThat(threads.values()).filteredOn(c -> c.name().equals("cpu-probe-threa"))
                    .singleElement().satisfies(c -> assertThat(c.sec()).isGreaterThanOrEqualTo(0.05));
            assertThat(Runner.byName(threads)).containsKey("cpu-probe-threa");
        } finally {
            read.countDown();
            t.join(10_000);
        }
    }

    /**
     * N application threads share one producer and send num.records between them: exactly num.records sends in
     * all, from N distinct threads, every completion recorded.
     */
    @Test
    void severalThreadsSendExactlyTheRecordsOfTheWorkloadBetweenThem() throws Exception {
        for (int threads : new int[] {1, 3, 8}) {
            long n = 10_007; // not a multiple of any thread count used
            CountingClient client = new CountingClient();
            Path result = dir.resolve("result-" + threads + ".json");
            Workload w = new Workload("fake", 1, "t", n, 8, null, "\n", -1, 42, 5000, result.toString(), 0,
                    Map.of(), threads);
            new Runner(w, client).run();

            assertThat(client.sends.get()).isEqualTo(n);
            assertThat(client.senders).hasSize(threads);
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) Json.parse(Files.readString(result));
            @SuppressWarnings("unchecked")
            Map<String, Object> reliability = (Map<String, Object>) r.get("reliability");
            assertThat(reliability.get("sent")).isEqualTo((double) n);
            assertThat(reliability.get("acked")).isEqualTo((double) n);
            assertThat(r.get("threads")).isEqualTo((double) threads);
            @SuppressWarnings("unchecked")
            Map<String, Object> resources = (Map<String, Object>) r.get("resources");
            // The mark is record n / 2: what was sent from then on is about half, exactly half with one thread.
            double secondHalf = (Double) resources.get("secondHalfRecords");
            if (threads == 1) {
                assertThat(secondHalf).isEqualTo((double) (n - n / 2));
            } else {
                assertThat(secondHalf).isBetween(1.0, (double) n);
            }
        }
    }

    /**
     * A throughput target holds for the threads' sum: each thread follows the one schedule by record number, so
     * 3 threads at 20,000 records/s in all take as long over 2,000 records as one thread would (record 1,999 is
     * due 99.95 ms after the start, and goes at most a millisecond early).
     */
    @Test
    void throttledThreadsHoldTheTargetBetweenThem() throws Exception {
        Path result = dir.resolve("throttled.json");
        Workload w = new Workload("fake", 1, "t", 2_000, 8, null, "\n", 20_000, 42, 5000, result.toString(), 0,
                Map.of(), 3);
        CountingClient client = new CountingClient();
        new Runner(w, client).run();
        assertThat(client.sends.get()).isEqualTo(2_000);
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) Json.parse(Files.readString(result));
        assertThat((Double) r.get("elapsedSec")).isGreaterThanOrEqualTo(0.098);
    }

    /** A client that completes each record at once on the sending thread and counts who sent what. */
    private static final class CountingClient extends FakeClient {
        final java.util.concurrent.atomic.AtomicLong sends = new java.util.concurrent.atomic.AtomicLong();
        final java.util.Set<String> senders = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public String description() {
            return "counting";
        }

        @Override
        public void send(String topic, byte[] value, long sendNanos, Done done) {
            sends.incrementAndGet();
            senders.add(Thread.currentThread().getName());
            done.completed(sendNanos, null);
        }
    }

    /** What the threads allocate is counted: 16 MB of arrays made here show in the sum over all threads. */
    @Test
    void allocatedBytesCountsWhatThreadsAllocate() {
        long before = Runner.allocatedBytes();
        org.junit.jupiter.api.Assumptions.assumeTrue(before >= 0, "this JVM does not count allocated bytes");
        byte[][] keep = new byte[16][];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = new byte[1 << 20];
        }
        long after = Runner.allocatedBytes();
        assertThat(keep[15]).hasSize(1 << 20);
        assertThat(after - before).isGreaterThanOrEqualTo(16L << 20);
    }

    @Test
    void jsonRoundTrips() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("s", "a\"b\\c\nd\u0001");
        m.put("n", 1.5);
        m.put("i", 42);
        m.put("nan", Double.NaN);
        m.put("list", List.of(1, "x", true));
        m.put("empty", Map.of());
        Object back = Json.parse(Json.write(m));
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = (Map<String, Object>) back;
        assertThat(parsed.get("s")).isEqualTo("a\"b\\c\nd\u0001");
        assertThat(parsed.get("n")).isEqualTo(1.5);
        assertThat(parsed.get("i")).isEqualTo(42.0);
        assertThat(parsed.get("nan")).isNull();
        assertThat(parsed.get("list")).isEqualTo(List.of(1.0, "x", true));
        assertThat(parsed.get("empty")).isEqualTo(Map.of());
        assertThatThrownBy(() -> Json.parse("{\"a\": }")).hasMessageContaining("offset 6");
        assertThatThrownBy(() -> Json.parse("[1] x")).hasMessageContaining("trailing");
    }

    @Test
    void generatedPayloadsAreDeterministicLetters() {
        Payloads a = Payloads.generated(100, 42);
        Payloads b = Payloads.generated(100, 42);
        Payloads c = Payloads.generated(100, 43);
        assertThat(a.get(7)).isEqualTo(b.get(7)).isNotEqualTo(c.get(7)).hasSize(100);
        assertThat(a.get(7)).isEqualTo(a.get(7 + Payloads.POOL_SIZE));
        assertThat(a.get(1)).isNotEqualTo(a.get(2));
        for (byte x : a.get(3)) {
            assertThat((char) x).isBetween('A', 'Z');
        }
    }

    @Test
    void payloadFilesSplitAtTheDelimiterAndNameTheFileWhenBad() throws IOException {
        Path f = Files.writeString(dir.resolve("p.txt"), "one\ntwo\n\nthree");
        Payloads p = Payloads.fromFile(f, "\n");
        assertThat(p.size()).isEqualTo(3);
        assertThat(new String(p.get(2))).isEqualTo("three");
        assertThat(new String(p.get(3))).isEqualTo("one");
        assertThatThrownBy(() -> Payloads.fromFile(dir.resolve("none"), "\n")).hasMessageContaining("does not exist");
    }

    @Test
    void workloadFilesRoundTrip() throws IOException {
        Workload w = new Workload("samsa", 2, "t", 1000, 100, null, "\n", -1, 42, 5000, "/tmp/r.json", 0,
                Map.of("acks", "all", "linger.ms", "10"));
        Path f = dir.resolve("w.properties");
        w.write(f);
        Workload r = Workload.read(f);
        assertThat(r.client).isEqualTo("samsa");
        assertThat(r.run).isEqualTo(2);
        assertThat(r.numRecords).isEqualTo(1000);
        assertThat(r.throughput).isEqualTo(-1);
        assertThat(r.producerProps).isEqualTo(Map.of("acks", "all", "linger.ms", "10"));
    }

    @Test
    void throttleHoldsTheRateAndGoesAtMostOneIntervalEarly() throws InterruptedException {
        long start = System.nanoTime();
        Throttle t = new Throttle(1000, start);
        for (int i = 0; i < 50; i++) {
            t.await(i);
            // record i is due i ms after the start; it may leave at most AHEAD_NS before that
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(i * 1_000_000L - Throttle.AHEAD_NS);
        }
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(49_000_000L - Throttle.AHEAD_NS);
        assertThat(new Throttle(-1, start).unlimited()).isTrue();
    }

    @Test
    void throttleParksOncePerIntervalNotPerRecord() throws InterruptedException {
        // 100,000 records/s for 100 ms: a park per record would be about 10,000 parks (the loop is faster than
        // a record's 10 us); parking only when the next record is over an interval away is about one per ms.
        long start = System.nanoTime();
        Throttle t = new Throttle(100_000, start);
        for (int i = 0; i < 10_000; i++) {
            t.await(i);
        }
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(99_990_000L - Throttle.AHEAD_NS);
        assertThat(t.parks()).isBetween(1L, 200L);
    }

    @Test
    void latencyIsTimedForASampleAndEveryCompletionIsCounted(@TempDir Path dir)
            throws Exception {
        assertThat(Runner.latencyEvery(1_000)).isEqualTo(1);
        assertThat(Runner.latencyEvery(Runner.LATENCY_SAMPLES * 3)).isEqualTo(3);
        assertThat(Runner.latencyEvery(100_000_000)).isEqualTo(Runner.MAX_LATENCY_EVERY);

        long records = Runner.LATENCY_SAMPLES * 2 + 1;
        Path result = dir.resolve("result.json");
        Workload w = new Workload("fake", 1, "t", records, 10, null, "\\n", -1, 42, 60_000, result.toString(), 0,
                Map.of());
        java.util.concurrent.atomic.AtomicLong timed = new java.util.concurrent.atomic.AtomicLong();
        java.util.Set<Object> callbacks = java.util.concurrent.ConcurrentHashMap.newKeySet();
        new Runner(w, new FakeClient() {
            @Override
            public void send(String topic, byte[] value, long sendNanos, Done done) {
                if (sendNanos != Done.UNTIMED) {
                    timed.incrementAndGet();
                }
                callbacks.add(done);
                // The last record fails: a failure is counted whether or not its latency was timed.
                done.completed(sendNanos, sent++ == records - 1 ? new IllegalStateException("boom") : null);
            }
        }).run();

        assertThat(callbacks).as("one Done for the run").hasSize(1);
        assertThat(timed.get()).as("every second record, the first included").isEqualTo(records / 2 + 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) Json.parse(Files.readString(result));
        @SuppressWarnings("unchecked")
        Map<String, Object> reliability = (Map<String, Object>) r.get("reliability");
        assertThat(((Number) reliability.get("acked")).longValue()).isEqualTo(records - 1);
        assertThat(((Number) reliability.get("failed")).longValue()).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> latency = (Map<String, Object>) r.get("latencyMs");
        assertThat(((Number) latency.get("samples")).longValue()).isEqualTo(timed.get());
    }

    /** A client that sends nowhere: the subclass completes each record in {@code send}. */
    private abstract static class FakeClient implements ClientUnderTest {
        long sent;

        @Override
        public String description() {
            return "fake";
        }

        @Override
        public void open(Map<String, String> props) {
        }

        @Override
        public int partitions(String topic) {
            return 1;
        }

        @Override
        public void flush() {
        }

        @Override
        public void initTransactions() {
        }

        @Override
        public void beginTransaction() {
        }

        @Override
        public void commitTransaction() {
        }

        @Override
        public Map<String, Double> metrics() {
            return Map.of();
        }

        @Override
        public double bufferUsedBytes() {
            return Double.NaN;
        }

        @Override
        public Map<String, Object> batchModel(Map<String, Double> metrics, int batchSize, double averageValueBytes) {
            return Map.of();
        }

        @Override
        public void close() {
        }
    }
}
