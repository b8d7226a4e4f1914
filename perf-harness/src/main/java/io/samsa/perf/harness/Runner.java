package io.samsa.perf.harness;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The measuring loop of one perf run, the same code for every client (the fairness of the comparison rests on
 * this): read the workload, open the client, wait for the topic's metadata, send {@code num.records} records
 * (throttled if asked; in transactions if asked, see {@link TransactionPacer}), flush, close, and write the result
 * JSON.
 *
 * <p>What is measured:
 * <ul>
 *   <li>Throughput: records / (first {@code send} to the end of {@code flush}, i.e. every record acknowledged).</li>
 *   <li>Latency: {@code send()} call to completion callback, in an HdrHistogram (microseconds), for every
 *       {@link #latencyEvery}-th record: a run of more than {@value #LATENCY_SAMPLES} records times a systematic
 *       sample of at least that many, at most one record in {@value #MAX_LATENCY_EVERY}. Timing each record would
 *       cost two clock reads and a callback object per record (about a tenth of the client's CPU at the headline
 *       workload, BENCHMARKS.md "The harness's own cost"), billed to the client under test; every completion is
 *       still counted, timed or not. Also over the run's second half alone: the timeline intervals that begin
 *       after record num.records / 2 is sent, which leaves out most of the JIT's warm-up.</li>
 *   <li>CPU: the whole process's CPU time (every thread: client, GC, JIT) over the timed run, from
 *       {@code OperatingSystemMXBean.getProcessCpuTime()}; and over its second half alone (from the send of record
 *       num.records / 2), which leaves out most of the JIT's warm-up.</li>
 *   <li>Heap: the largest heap-in-use seen by a sampler every {@value #SAMPLE_MS} ms (includes garbage not yet
 *       collected, so it depends on the JVM flags, which are the same for every client).</li>
 *   <li>Buffer: {@code buffer.memory} in use, sampled every {@value #SAMPLE_MS} ms: average and peak.</li>
 *   <li>Transactions (a transactional run): how many committed, and each {@code commitTransaction()} call's time on
 *       the sending thread; the commits are inside the measured time, {@code initTransactions()} is not.</li>
 * </ul>
 *
 * <p>Threads: the main thread sends, or with {@code threads} N > 1, N application threads share the one producer
 * and send every N-th record each (thread t: records t, t + N, ...), so the throttle's schedule, which is by
 * record number, holds for their sum; a sampler thread prints progress and samples heap and buffer; the
 * client's completion thread records latencies ({@link LatencyRecorder}: a plain histogram per writer thread, no
 * atomic instruction per record, so the harness bills the client under test as little as possible). Records
 * completed = values recorded (one per completion), failed ones are also counted apart.
 */
public final class Runner {
    static final long SAMPLE_MS = 100;
    /**
     * Printed alone on stdout as the timed run starts (the first send) and ends (the end of the flush), so that
     * {@code samsa perf} reads the broker's CPU over the same interval as the client's (it does not forward them).
     */
    public static final String MARK_START = "samsa-perf-mark: timed run starts";
    public static final String MARK_END = "samsa-perf-mark: timed run ends";
    /** Latencies timed per run at least, when the run has that many records (see {@link #latencyEvery}). */
    static final long LATENCY_SAMPLES = 250_000;
    /** The sparsest latency sample: one record in this many. */
    static final long MAX_LATENCY_EVERY = 16;
    /**
     * The shortest run whose CPU per record and cores used are reported (see {@code run}); {@code samsa perf}
     * applies it to the broker's CPU and to kcat's as well.
     */
    public static final double MIN_CPU_SECONDS = 1.0;
    /**
     * Timeline resolution, apart from the reporting interval: a run of a few seconds must still give the report's
     * throughput and latency charts a shape, which points at the 5 s default reporting interval would not.
     */
    static final long TIMELINE_MS = 500;
    /** Percentiles written for the report's latency chart. */
    static final double[] CHART_PERCENTILES = {0, 50, 75, 90, 95, 99, 99.9, 99.99, 100};

    /**
     * Longs between two sending threads' progress counters: each counter has a cache line of its own, so a
     * thread's write does not invalidate its neighbours' (the lines would otherwise bounce at every send).
     */
    private static final int PROGRESS_STRIDE = 16;

    private final Workload w;
    private final ClientUnderTest client;
    private final LatencyRecorder latencies = new LatencyRecorder();
    /** One for the run: runners may cache a callback per {@code Done} for the untimed records. */
    private final ClientUnderTest.Done done = this::completed;
    /** Rare (a failed record), so an atomic is fine here; acknowledged = completed - failed. */
    private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private double avgValueBytes;

    /**
     * Records sent so far by each sending thread, written by its owner with a lazy set (a plain store, no atomic
     * instruction), read once by whichever thread reaches the second-half mark ({@link SecondHalf}).
     */
    private java.util.concurrent.atomic.AtomicLongArray progress;
    /** What the sending threads of a run with several allocated and used, added by each as it ends. */
    private final java.util.concurrent.atomic.AtomicLong senderAllocatedBytes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong senderCpuNanos = new java.util.concurrent.atomic.AtomicLong();

    Runner(Workload w, ClientUnderTest client) {
        this.w = w;
        this.client = client;
    }

    /**
     * Entry point for a runner process: {@code args[0]} is the workload file. Exit status 0 when a result was
     * written (failed records are counted in it), 2 when the run could not start (message on stderr).
     */
    public static void main(String[] args, ClientUnderTest client) {
        if (args.length != 1) {
            System.err.println("usage: <runner> WORKLOAD_FILE");
            System.exit(2);
        }
        try {
            Workload w = Workload.read(Path.of(args[0]));
            new Runner(w, client).run();
            System.exit(0);
        } catch (Throwable e) {
            System.err.println("ERROR: " + client.description() + ": " + describe(e));
            System.exit(2);
        }
    }

    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
            sb.append(" (caused by ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(')');
        }
        return sb.toString();
    }

    /**
     * The measured loop, in a method of its own: the JIT then compiles (and OSR-compiles) this small loop rather
     * than all of {@link #run()} with its set-up and report code, whose compilation would cost every client's
     * process the same compiler time, none of it the client's own work (BENCHMARKS.md, "The harness's own cost").
     */
    private long sendAll(Payloads payloads, Throttle throttle, int first, int stride, SecondHalf half)
            throws Exception {
        String topic = w.topic;
        ClientUnderTest.Done done = this.done;
        long n = w.numRecords;
        long every = latencyEvery(n);
        long untilTimed = 1;
        long mark = half.at;
        int slot = first * PROGRESS_STRIDE;
        java.util.concurrent.atomic.AtomicLongArray progress = this.progress;
        long sent = 0;
        for (long i = first; i < n; i += stride) {
            if (i == mark) {
                half.reach();
            }
            throttle.await(i);
            long sendNanos = ClientUnderTest.Done.UNTIMED;
            if (--untilTimed == 0) {
                untilTimed = every;
                sendNanos = System.nanoTime();
            }
            client.send(topic, payloads.get(i), sendNanos, done);
            sent++;
            progress.lazySet(slot, sent);
        }
        return sent;
    }

    /** Times one record in this many: at least {@value #LATENCY_SAMPLES} timed, one in at most 16. */
    public static long latencyEvery(long numRecords) {
        return Math.max(1, Math.min(MAX_LATENCY_EVERY, numRecords / LATENCY_SAMPLES));
    }

    /**
     * {@link #sendAll} run by {@code threads} application threads sharing the one producer, thread t sending
     * records t, t + threads, ...; returns once every thread has finished, the total sent. A thread's failure is
     * rethrown after the others finish (each send is bounded by the client's {@code max.block.ms}, the whole
     * process by the parent's {@code --run-timeout}). The threads end before the run's figures are read, so each
     * adds what it allocated and its CPU to {@link #senderAllocatedBytes} and {@link #senderCpuNanos} as it ends
     * (the process's CPU counts ended threads; the per-thread readings do not).
     */
    private long sendAllThreads(Payloads payloads, long start, int threads, SecondHalf half) throws Exception {
        long[] sent = new long[threads];
        Throwable[] failure = new Throwable[threads];
        Thread[] senders = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int first = t;
            // A throttle each (it counts its parks), on the one schedule: record i is due at the same instant
            // whichever thread sends it.
            Throttle throttle = new Throttle(w.throughput, start);
            senders[t] = new Thread(() -> {
                try {
                    sent[first] = sendAll(payloads, throttle, first, threads, half);
                } catch (Throwable e) {
                    failure[first] = e;
                } finally {
                    senderAllocatedBytes.addAndGet(Math.max(0, currentThreadAllocatedBytes()));
                    senderCpuNanos.addAndGet(Math.max(0, ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()));
                }
            }, "perf-send-" + t);
        }
        for (Thread t : senders) {
            t.start();
        }
        long total = 0;
        Throwable first = null;
        for (int t = 0; t < threads; t++) {
            senders[t].join();
            total += sent[t];
            if (first == null && failure[t] != null) {
                first = failure[t];
            }
        }
        if (first instanceof Exception) {
            throw (Exception) first;
        } else if (first != null) {
            throw new IllegalStateException("sending thread failed", first);
        }
        return total;
    }

    /**
     * The instant the second half of the run begins: the CPU, clock and records sent (by every thread) when
     * record {@code at} = num.records / 2 is about to be sent. Written once, by the thread that sends that record;
     * read after the sending threads have ended (or on the one sending thread), which orders the write first.
     */
    /**
     * When record num.records / 2 was sent ({@link SecondHalf#reach}), for the sampler thread: the latencies of
     * the timeline intervals that begin after it are the run's second half.
     */
    private volatile long secondHalfFromNanos = Long.MAX_VALUE;

    private final class SecondHalf {
        final long at;
        long cpuNanos = -1;
        long nanos;
        long sentBefore;

        SecondHalf(long at) {
            this.at = at;
        }

        void reach() {
            cpuNanos = processCpuNanos();
            nanos = System.nanoTime();
            secondHalfFromNanos = nanos;
            long sum = 0;
            for (int i = 0; i < progress.length(); i += PROGRESS_STRIDE) {
                sum += progress.get(i);
            }
            sentBefore = sum;
        }
    }

    /**
     * {@link #sendAll}'s loop with a transaction begun and committed around the sends ({@link TransactionPacer}), a
     * loop of its own so that a run without transactions compiles and runs exactly the loop above.
     */
    private long sendAllTransactional(Payloads payloads, Throttle throttle, TransactionPacer txn, SecondHalf half)
            throws Exception {
        String topic = w.topic;
        ClientUnderTest.Done done = this.done;
        long n = w.numRecords;
        long every = latencyEvery(n);
        long untilTimed = 1;
        long mark = half.at;
        java.util.concurrent.atomic.AtomicLongArray progress = this.progress;
        long sent = 0;
        for (long i = 0; i < n; i++) {
            if (i == mark) {
                half.reach();
            }
            throttle.await(i);
            txn.beforeSend();
            long now = System.nanoTime(); // the pacer needs the time of every send
            long sendNanos = ClientUnderTest.Done.UNTIMED;
            if (--untilTimed == 0) {
                untilTimed = every;
                sendNanos = now;
            }
            client.send(topic, payloads.get(i), sendNanos, done);
            sent++;
            progress.lazySet(0, sent);
            txn.sent(now);
        }
        return sent;
    }

    void run() throws Exception {
        Payloads payloads = Payloads.of(w);
        avgValueBytes = payloads.averageSize();
        Map<String, String> props = new LinkedHashMap<>(w.producerProps);
        // Averages over the whole run rather than the default last 30-60 s window (same for every client).
        props.putIfAbsent("metrics.sample.window.ms", "3600000");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

        client.open(props);
        int partitions = client.partitions(w.topic);
        System.out.printf("%s: topic %s has %d partitions; sending %,d records%s%n", client.description(), w.topic,
                partitions, w.numRecords, w.threads > 1 ? " from " + w.threads + " application threads" : "");
        TransactionPacer txn = null;
        long initNanos = 0;
        if (w.transactional() && w.threads > 1) {
            // One transaction at a time per producer: threads would begin and commit each other's.
            throw new IllegalArgumentException("transactions run with one sending thread, not " + w.threads);
        }
        if (w.transactional()) {
            // Set-up, like the metadata above: outside the timed run (Apache's tool also initializes first).
            long t0 = System.nanoTime();
            client.initTransactions();
            initNanos = System.nanoTime() - t0;
            txn = new TransactionPacer(new TransactionPacer.Transactions() {
                @Override
                public void begin() throws Exception {
                    client.beginTransaction();
                }

                @Override
                public void commit() throws Exception {
                    client.commitTransaction();
                }
            }, w.transactionDurationMs, System::nanoTime);
            System.out.printf("%s: transactional.id %s, initTransactions took %.1f ms; committing every %,d ms%n",
                    client.description(), props.get("transactional.id"), initNanos / 1e6, w.transactionDurationMs);
        }

        Sampler sampler = new Sampler(memory);
        LatencyRecorder.Interval totals = new LatencyRecorder.Interval();
        List<Map<String, Object>> timeline = new ArrayList<>();
        // CPU and GC are read at the same two instants as the clock, so that every figure divided by the records
        // covers exactly the interval in which they were sent and acknowledged (not the client's start and close).
        long[] gcStart = gc();
        long allocatedStart = allocatedBytes();
        Map<Long, ThreadCpu> threadsStart = threadCpuByTid();
        System.out.println(MARK_START);
        System.out.flush();
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        sampler.begin(start, totals, timeline);
        Throttle throttle = new Throttle(w.throughput, start);
        progress = new java.util.concurrent.atomic.AtomicLongArray(w.threads * PROGRESS_STRIDE);
        SecondHalf half = new SecondHalf(w.numRecords / 2);
        long sent;
        if (txn == null && w.threads == 1) {
            sent = sendAll(payloads, throttle, 0, 1, half);
        } else if (txn == null) {
            sent = sendAllThreads(payloads, start, w.threads, half);
        } else {
            sent = sendAllTransactional(payloads, throttle, txn, half);
            // The last transaction commits inside the measured time, before the flush (as Apache's tool does).
            txn.finish();
        }
        // One sample as the sending ends, whatever the sampler's period: a run shorter than the period (a small
        // --num-records) still reports the buffer it filled, since records just sent are still in it.
        sampler.sample();
        client.flush();
        long end = System.nanoTime();
        long cpuEnd = processCpuNanos();
        System.out.println(MARK_END);
        System.out.flush();
        long cpu = cpuEnd - cpuStart;
        long allocatedEnd = allocatedBytes();
        long allocated = allocatedStart < 0 || allocatedEnd < 0 ? -1
                : allocatedEnd - allocatedStart + senderAllocatedBytes.get();
        long[] gcEnd = gc();
        sampler.stop();

        Map<String, Double> metrics = client.metrics();
        // Read before close, while the client's threads still exist (their CPU is lost from /proc once they end).
        Map<Long, ThreadCpu> threadsEnd = threadCpuByTid();
        Map<String, Object> threadCpu = byName(threadsEnd);
        if (w.threads > 1) {
            threadCpu.put("perf-send-#", Math.round(senderCpuNanos.get() / 1e7) / 100.0);
        }
        client.close();
        // The client's threads have ended: what they recorded and did not hand over yet can be read now.
        sampler.finalReport(end);
        long completed = totals.completed;
        Histogram total = totals.latencies;

        double seconds = (end - start) / 1e9;
        double avgValue = payloads.averageSize();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("client", w.client);
        r.put("description", client.description());
        r.put("run", w.run);
        r.put("topic", w.topic);
        r.put("partitions", partitions);
        r.put("records", w.numRecords);
        r.put("threads", w.threads);
        r.put("averageValueBytes", avgValue);
        r.put("elapsedSec", seconds);
        r.put("recordsPerSec", w.numRecords / seconds);
        r.put("mbPerSec", w.numRecords * avgValue / seconds / (1024 * 1024));
        r.put("latencyMs", latency(total));
        r.put("latencyMsSecondHalf", latency(sampler.secondHalf.latencies));
        r.put("percentiles", percentiles(total));
        Map<String, Object> reliability = new LinkedHashMap<>();
        reliability.put("sent", sent);
        reliability.put("acked", completed - failed.get());
        reliability.put("failed", failed.get());
        reliability.put("retried", metrics.getOrDefault("record-retry-total", Double.NaN));
        reliability.put("firstError", firstError.get());
        r.put("reliability", reliability);
        Map<String, Object> buffer = new LinkedHashMap<>();
        double bufferTotal = metrics.getOrDefault("buffer-total-bytes", Double.NaN);
        buffer.put("totalBytes", bufferTotal);
        buffer.put("averageUtilisation", sampler.bufferSamples == 0 ? Double.NaN
                : sampler.bufferSum / sampler.bufferSamples / bufferTotal);
        buffer.put("peakUtilisation", sampler.bufferPeak / bufferTotal);
        r.put("buffer", buffer);
        int batchSize = Integer.parseInt(props.getOrDefault("batch.size", "16384"));
        r.put("batch", client.batchModel(metrics, batchSize, avgValue));
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.putAll(cpuFigures(cpu, seconds, w.numRecords));
        resources.putAll(secondHalfFigures(half.cpuNanos < 0 || cpuEnd < 0 ? -1 : cpuEnd - half.cpuNanos,
                (end - half.nanos) / 1e9, sent - half.sentBefore));
        resources.put("allocatedBytes", allocated);
        resources.put("allocatedBytesPerRecord", allocated < 0 || w.numRecords == 0 ? Double.NaN
                : (double) allocated / w.numRecords);
        if (seconds < MIN_CPU_SECONDS) {
            System.out.printf("%s: CPU per record and cores used left out: the run took %.3f s; they mean "
                    + "something from %.0f s on (more --num-records)%n", client.description(), seconds,
                    MIN_CPU_SECONDS);
        }
        resources.put("heapPeakBytes", sampler.heapPeak);
        resources.put("heapMaxBytes", memory.getHeapMemoryUsage().getMax());
        resources.put("rssPeakBytes", peakRssBytes());
        resources.put("gcCount", gcEnd[0] - gcStart[0]);
        resources.put("gcMs", gcEnd[1] - gcStart[1]);
        resources.putAll(jvmThreadFigures(threadsStart, threadsEnd));
        resources.put("threadCpuSec", threadCpu);
        r.put("resources", resources);
        if (txn != null) {
            r.put("transactions", txn.figures(sent, initNanos, seconds, metrics));
        }
        r.put("timeline", timeline);
        r.put("metrics", new LinkedHashMap<>(metrics));
        Files.writeString(Path.of(w.resultFile), Json.write(r), StandardCharsets.UTF_8);
        System.out.printf("%s: %,d records sent, %.1f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max "
                        + "latency, %.0f ms p50, %.0f ms p95, %.0f ms p99, %.0f ms p99.9; %d failed.%n",
                client.description(), w.numRecords, w.numRecords / seconds, w.numRecords * avgValue / seconds / 1048576,
                total.getMean() / 1000, total.getMaxValue() / 1000.0, total.getValueAtPercentile(50) / 1000.0,
                total.getValueAtPercentile(95) / 1000.0, total.getValueAtPercentile(99) / 1000.0,
                total.getValueAtPercentile(99.9) / 1000.0, failed.get());
        if (txn != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> t = (Map<String, Object>) r.get("transactions");
            @SuppressWarnings("unchecked")
            Map<String, Object> commit = (Map<String, Object>) t.get("commitMs");
            System.out.printf("%s: %,d transactions committed (%,.0f records each); commitTransaction avg %.2f ms, "
                            + "p99 %.2f ms, max %.2f ms, %.1f%% of the run; txn-commit-time-ns-total avg %.2f ms%n",
                    client.description(), txn.commits(), t.get("recordsPerTransaction"), commit.get("avg"),
                    commit.get("p99"), commit.get("max"), (Double) t.get("commitShareOfElapsed") * 100,
                    t.get("metricCommitMsAvg"));
        }
        System.out.printf("%s: CPU %.2f s in the run, of which the JIT compiler %.2f s and the collector %.2f s; "
                        + "by thread since start (s): %s%n", client.description(), cpu / 1e9,
                resources.get("jitCpuSec"), resources.get("gcCpuSec"), threadCpu);
    }

    private void completed(long sendNanos, Exception error) {
        if (sendNanos == ClientUnderTest.Done.UNTIMED) {
            latencies.recordUntimed();
        } else {
            latencies.record((System.nanoTime() - sendNanos) / 1000);
        }
        if (error != null) {
            failed.incrementAndGet();
            firstError.compareAndSet(null, error.getClass().getName() + ": " + error.getMessage());
        }
    }

    public static Map<String, Object> latency(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean empty = h.getTotalCount() == 0;
        m.put("samples", h.getTotalCount());
        m.put("avg", empty ? Double.NaN : h.getMean() / 1000);
        m.put("max", empty ? Double.NaN : h.getMaxValue() / 1000.0);
        m.put("p50", empty ? Double.NaN : h.getValueAtPercentile(50) / 1000.0);
        m.put("p95", empty ? Double.NaN : h.getValueAtPercentile(95) / 1000.0);
        m.put("p99", empty ? Double.NaN : h.getValueAtPercentile(99) / 1000.0);
        m.put("p99.9", empty ? Double.NaN : h.getValueAtPercentile(99.9) / 1000.0);
        return m;
    }

    public static List<Object> percentiles(Histogram h) {
        List<Object> out = new ArrayList<>();
        for (double p : CHART_PERCENTILES) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("p", p);
            m.put("ms", h.getTotalCount() == 0 ? Double.NaN
                    : (p == 0 ? h.getMinValue() : h.getValueAtPercentile(p)) / 1000.0);
            out.add(m);
        }
        return out;
    }

    /**
     * The CPU figures of a run: {@code cpuSec}, and per 1M records and cores used when the run took at least
     * {@link #MIN_CPU_SECONDS} (NaN otherwise: a run that short is mostly the JIT compiling the send path, and a
     * per-record figure would mislead).
     *
     * @param cpuNanos the process's CPU between the two instants the run is timed by
     */
    public static Map<String, Object> cpuFigures(long cpuNanos, double seconds, long records) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean meaningful = seconds >= MIN_CPU_SECONDS && cpuNanos >= 0;
        out.put("cpuSec", cpuNanos / 1e9);
        out.put("cpuMsPerMillionRecords", meaningful ? cpuNanos / 1e6 / (records / 1e6) : Double.NaN);
        out.put("cpuCoresAverage", meaningful ? cpuNanos / 1e9 / seconds : Double.NaN);
        return out;
    }

    /**
     * The steady-state CPU figure: the process's CPU from the instant record num.records / 2 is sent to the end of
     * flush, per 1M records sent in that interval. The JIT's compilation is mostly over by then, so this is the
     * per-record cost without the fixed warm-up cost per process that the whole run's figure includes. NaN, like
     * the whole run's, when the interval is under {@link #MIN_CPU_SECONDS}.
     *
     * @param cpuNanos the process's CPU over the second half, or negative where unknown
     * @param records  records sent in the second half (by every sending thread)
     */
    public static Map<String, Object> secondHalfFigures(long cpuNanos, double seconds, long records) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean meaningful = seconds >= MIN_CPU_SECONDS && cpuNanos >= 0 && records > 0;
        out.put("secondHalfRecords", records);
        out.put("secondHalfSec", seconds);
        out.put("cpuMsPerMillionRecordsSecondHalf", meaningful ? cpuNanos / 1e6 / (records / 1e6) : Double.NaN);
        return out;
    }

    /**
     * Heap bytes allocated so far by the threads alive now (all of them: the client's, the harness's sending
     * thread, its sampler), or -1 where the JVM does not count them. Read at the run's start and end: the producer's
     * threads live through it, so the difference is what the run allocated (with the harness's own share: a
     * record object per send).
     */
    static long allocatedBytes() {
        com.sun.management.ThreadMXBean t = allocationCounters();
        if (t == null) {
            return -1;
        }
        long sum = 0;
        for (long bytes : t.getThreadAllocatedBytes(t.getAllThreadIds())) {
            if (bytes > 0) {
                sum += bytes;
            }
        }
        return sum;
    }

    /** Heap bytes the calling thread has allocated since it started, or -1 where the JVM does not count them. */
    static long currentThreadAllocatedBytes() {
        com.sun.management.ThreadMXBean t = allocationCounters();
        return t == null ? -1 : t.getCurrentThreadAllocatedBytes();
    }

    /** The JVM's per-thread allocation counters, or null where it has none or they are off. */
    private static com.sun.management.ThreadMXBean allocationCounters() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
            return t;
        }
        return null;
    }

    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }

    /** One thread's name as {@code /proc} gives it (at most 15 characters) and its CPU seconds since it started. */
    record ThreadCpu(String name, double sec) {
    }

    /**
     * CPU seconds (user + system, since each thread started) of the process's threads, by thread id. Linux only
     * ({@code /proc/self/task}); empty elsewhere. A thread that has ended is not listed: its CPU is no longer
     * attributable.
     */
    static Map<Long, ThreadCpu> threadCpuByTid() {
        Map<Long, ThreadCpu> out = new java.util.HashMap<>();
        double ticksPerSecond = 100.0; // USER_HZ: 100 on every Linux the JDK supports
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // pid (comm) state ... : comm may hold spaces and parentheses, so split after the last ')'.
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] f = stat.substring(close + 2).split(" ");
                    double sec = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / ticksPerSecond; // utime, stime
                    out.put(Long.parseLong(task.getFileName().toString()),
                            new ThreadCpu(stat.substring(open + 1, close).trim(), sec));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while listing: its CPU is no longer attributable
                }
            }
        } catch (IOException | RuntimeException e) {
            return new java.util.HashMap<>();
        }
        return out;
    }

    /**
     * The threads' CPU seconds summed by name with digits folded ("GC Thread#0" and "GC Thread#1" are one line),
     * largest first: which threads a client's CPU goes to (its sending path, I/O thread, callbacks, GC, JIT).
     * Includes CPU spent before the measured run (JVM start-up, the client's start), unlike {@code cpuSec}, which
     * covers the run only.
     */
    static Map<String, Object> byName(Map<Long, ThreadCpu> threads) {
        Map<String, Double> byName = new java.util.HashMap<>();
        for (ThreadCpu t : threads.values()) {
            byName.merge(t.name().replaceAll("[0-9]+", "#"), t.sec(), Double::sum);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        byName.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .filter(e -> e.getValue() > 0)
                .forEach(e -> out.put(e.getKey(), Math.round(e.getValue() * 100) / 100.0));
        return out;
    }

    /**
     * The JVM's own threads' CPU in the run, between the two readings that bracket it: {@code jitCpuSec}, the
     * compiler threads (a fixed cost per process, most of it in a run's first tens of seconds: the part of a Java
     * client's CPU that a longer-lived process would not pay again), and {@code gcCpuSec}, the collector's threads
     * (pauses and concurrent work). A thread that started during the run counts from zero; one that ended during
     * it is lost (the JVM stops idle extra compiler threads), so both are lower bounds. NaN where {@code /proc} is
     * not available.
     */
    static Map<String, Object> jvmThreadFigures(Map<Long, ThreadCpu> start, Map<Long, ThreadCpu> end) {
        Map<String, Object> out = new LinkedHashMap<>();
        double jit = 0;
        double gc = 0;
        for (Map.Entry<Long, ThreadCpu> e : end.entrySet()) {
            ThreadCpu before = start.get(e.getKey());
            double sec = e.getValue().sec() - (before == null ? 0 : before.sec());
            String name = e.getValue().name();
            if (isCompilerThread(name)) {
                jit += sec;
            } else if (isCollectorThread(name)) {
                gc += sec;
            }
        }
        out.put("jitCpuSec", end.isEmpty() ? Double.NaN : Math.round(jit * 100) / 100.0);
        out.put("gcCpuSec", end.isEmpty() ? Double.NaN : Math.round(gc * 100) / 100.0);
        return out;
    }

    /** HotSpot's "C1 CompilerThread0" and "C2 CompilerThread0", cut to 15 characters by {@code /proc}. */
    static boolean isCompilerThread(String name) {
        return name.contains("CompilerThre");
    }

    /** HotSpot's collector threads: the parallel workers of G1, Parallel and Serial, G1's, ZGC's, Shenandoah's. */
    static boolean isCollectorThread(String name) {
        return name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("ZWorker")
                || name.startsWith("ZDriver") || name.startsWith("ZDirector") || name.startsWith("Shenandoah");
    }

    /** The process's peak resident set (VmHWM in /proc/self/status, Linux), or -1 where unavailable. */
    static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the figure is reported as unknown
        }
        return -1;
    }

    private static long[] gc() {
        long count = 0;
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            ms += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, ms};
    }

    /** How long from the start of a run the sampler asks for a latency hand-over every tick (see its run()). */
    private static final long WARM_UP_HAND_OVERS_NS = 4_000_000_000L;

    /**
     * Every {@value #SAMPLE_MS} ms: heap and buffer samples; every {@value #TIMELINE_MS} ms (or the reporting
     * interval, if shorter): a timeline point for the report's charts; every reporting interval: a progress line
     * (Apache's {@code ProducerPerformance} format) over the points since the last line. Owns the latency
     * recorder's read side and the totals. An interval's latencies are asked for at its end and collected one
     * sample tick later (writers hand them over on their next record, see {@link LatencyRecorder}).
     */
    private final class Sampler implements Runnable {
        private final MemoryMXBean memory;
        private Thread thread;
        private volatile boolean stop;
        private long startNs;
        private LatencyRecorder.Interval total;
        private List<Map<String, Object>> timeline;
        long heapPeak;
        double bufferSum;
        long bufferSamples;
        double bufferPeak;
        private long lastReportNs;
        /** The timeline points since the last progress line, merged: what that line reports. */
        private final LatencyRecorder.Interval sinceLine = new LatencyRecorder.Interval();
        private long lastLineNs;
        /** End of the interval whose latencies were asked for and are not collected yet, or 0. */
        private long pendingEndNs;
        /** The intervals that began once record num.records / 2 was sent: the JIT's warm-up mostly left out. */
        final LatencyRecorder.Interval secondHalf = new LatencyRecorder.Interval();

        Sampler(MemoryMXBean memory) {
            this.memory = memory;
        }

        void begin(long startNs, LatencyRecorder.Interval total, List<Map<String, Object>> timeline) {
            this.startNs = startNs;
            this.lastReportNs = startNs;
            this.lastLineNs = startNs;
            this.total = total;
            this.timeline = timeline;
            thread = new Thread(this, "perf-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        /** Stops sampling (before the client is closed: the buffer sample reads its metrics). */
        void stop() throws InterruptedException {
            stop = true;
            thread.interrupt();
            thread.join(10_000);
            if (thread.isAlive()) {
                throw new IllegalStateException("perf sampler did not stop");
            }
        }

        /** The last timeline point and the totals: only after the client is closed (see drainAll). */
        void finalReport(long endNs) {
            report(endNs, latencies.drainAll(), false);
        }

        @Override
        public void run() {
            while (!stop) {
                try {
                    Thread.sleep(SAMPLE_MS);
                } catch (InterruptedException e) {
                    return;
                }
                sample();
                if (pendingEndNs != 0) {
                    report(pendingEndNs, latencies.collect(), true);
                    pendingEndNs = 0;
                }
                long now = System.nanoTime();
                if (now - lastReportNs >= Math.min(TIMELINE_MS, w.reportingIntervalMs) * 1_000_000L) {
                    latencies.requestInterval();
                    pendingEndNs = now;
                } else if (now - startNs < WARM_UP_HAND_OVERS_NS) {
                    // Extra hand-overs while the client's JIT still profiles its completion path (they merge into
                    // the first interval): the writer's hand-over branch must be seen taken then. A branch never
                    // taken while profiled is compiled as a trap, and the first progress line would then
                    // de-optimise and recompile the client's whole completion loop, which inlines
                    // LatencyRecorder.record (unstable_if at its epoch check; BENCHMARKS.md has the cost).
                    latencies.requestInterval();
                }
            }
        }

        /** Takes one sample; the sampler's thread, and the sending thread once as it finishes. */
        synchronized void sample() {
            heapPeak = Math.max(heapPeak, memory.getHeapMemoryUsage().getUsed());
            double used = client.bufferUsedBytes();
            if (!Double.isNaN(used)) {
                bufferSum += used;
                bufferSamples++;
                bufferPeak = Math.max(bufferPeak, used);
            }
        }

        private void report(long now, LatencyRecorder.Interval interval, boolean print) {
            total.add(interval);
            if (lastReportNs >= secondHalfFromNanos) {
                secondHalf.add(interval);
            }
            double secs = (now - lastReportNs) / 1e9;
            if (secs <= 0) {
                return;
            }
            long completed = interval.completed;
            double rps = completed / secs;
            Histogram timed = interval.latencies;
            boolean none = timed.getTotalCount() == 0;
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("t", (now - startNs) / 1e9);
            point.put("recordsPerSec", rps);
            point.put("avgMs", none ? Double.NaN : timed.getMean() / 1000);
            point.put("p99Ms", none ? Double.NaN : timed.getValueAtPercentile(99) / 1000.0);
            point.put("maxMs", none ? Double.NaN : timed.getMaxValue() / 1000.0);
            timeline.add(point);
            lastReportNs = now;
            sinceLine.add(interval);
            double lineSecs = (now - lastLineNs) / 1e9;
            if (print && lineSecs * 1000 >= w.reportingIntervalMs) {
                long lineCompleted = sinceLine.completed;
                double lineRps = lineCompleted / lineSecs;
                System.out.printf("%,d records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency, %.1f ms max "
                                + "latency.%n", lineCompleted, lineRps, lineRps * avgValueBytes / 1048576.0,
                        sinceLine.latencies.getMean() / 1000, sinceLine.latencies.getMaxValue() / 1000.0);
                sinceLine.reset();
                lastLineNs = now;
            }
        }
    }
}
