package io.samsa.cli.perf;

import io.samsa.perf.harness.Payloads;
import io.samsa.perf.harness.Runner;
import io.samsa.perf.harness.Workload;
import org.HdrHistogram.Histogram;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs a perf workload with librdkafka's producer through {@code rdkafka-perf.c}, a small C program of ours (a
 * resource of this package, compiled once per session with the machine's C compiler against librdkafka's
 * headers). kcat gives records/s and CPU but no per-record latency; this program measures what the Java runners
 * measure, the same way:
 *
 * <ul>
 *   <li>Throughput: records / (first produce call to the last delivery report), after the topic's metadata is in.</li>
 *   <li>Latency: produce call to delivery report, for every {@link Runner#latencyEvery}-th record, into the same
 *       HdrHistogram figures as the Java runners', also for the reports that came after record num.records / 2
 *       was sent (the second half). Delivery reports are served by a thread of their own, as a
 *       latency-minded application would, so a report is timed when librdkafka has it.</li>
 *   <li>Rate: the Java harness's throttle rule (a record leaves at most 1 ms early; the sending thread sleeps only
 *       when the next record is further away than that).</li>
 *   <li>CPU: the process's user + system time over the timed run ({@code getrusage}, every thread), and over its
 *       second half; peak RSS ({@code VmHWM}, read as it ends).</li>
 *   <li>The start and end marks on stdout, so that the broker's CPU covers the same interval.</li>
 * </ul>
 * No buffer or batch figures (n/a in the table). One sending thread and no transactions, as with kcat.
 */
public final class Rdkafka {
    static final String SOURCE = "rdkafka-perf.c";
    private static final String INSTALL_HINT = "on Debian/Ubuntu: apt-get install gcc librdkafka-dev";

    private Rdkafka() {
    }

    /**
     * Compiles the program into a new temporary directory, which {@link #discard} removes.
     *
     * @return the program
     * @throws IOException naming what is missing (the compiler, librdkafka's headers or library) and how to get it
     */
    public static Path build() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("samsa-perf-rdkafka-");
        try {
            return build(dir);
        } catch (IOException | InterruptedException | RuntimeException e) {
            PerfSession.deleteRecursively(dir);
            throw e;
        }
    }

    /** Removes a program {@link #build()} made, and its directory. */
    public static void discard(Path program) {
        PerfSession.deleteRecursively(program.getParent());
    }

    /** Compiles the program into {@code dir}: as {@link #build()}. */
    static Path build(Path dir) throws IOException, InterruptedException {
        Path cc = compiler().orElseThrow(() -> new IOException("no C compiler (cc) on the PATH to build the rdkafka "
                + "client (" + INSTALL_HINT + ")"));
        Path source = dir.resolve(SOURCE);
        try (InputStream in = Rdkafka.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IOException("the rdkafka client's source " + SOURCE + " is missing from this build");
            }
            Files.write(source, in.readAllBytes());
        }
        Path program = dir.resolve("rdkafka-perf");
        Process p = new ProcessBuilder(cc.toString(), "-O2", "-o", program.toString(), source.toString(),
                "-lrdkafka", "-lpthread").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("compiling the rdkafka client took over 60 s");
        }
        if (p.exitValue() != 0) {
            String why = output.contains("rdkafka.h") ? "librdkafka's headers are not installed"
                    : output.contains("-lrdkafka") ? "librdkafka is not installed"
                    : "the compiler failed: " + output.strip().replace('\n', ' ');
            throw new IOException("cannot build the rdkafka client: " + why + " (" + INSTALL_HINT + ")");
        }
        return program;
    }

    /** {@code cc} on the PATH, if any. */
    static Optional<Path> compiler() {
        return ChildProcess.onPath("cc");
    }

    /** Writes the workload's distinct values: each a 4-byte big-endian length, then the bytes. */
    static void writePayloads(Path file, Payloads payloads) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            for (int i = 0; i < payloads.size(); i++) {
                byte[] v = payloads.get(i);
                out.writeInt(v.length);
                out.write(v);
            }
        }
    }

    /**
     * @param payloadFile the workload's values as {@link #writePayloads} writes them
     * @param marks       offered every stdout line (the run's start and end marks)
     * @return the result map in the runners' format (figures the program cannot give are absent)
     */
    static Map<String, Object> run(Path program, Workload w, String bootstrap, Payloads payloads, Path payloadFile,
                                   Path work, PrintWriter out, String prefix, Duration timeout,
                                   Predicate<String> marks) throws IOException, InterruptedException {
        List<String> untranslated = new ArrayList<>();
        Map<String, String> x = Kcat.translate(w.producerProps, untranslated);
        Path resultFile = work.resolve("rdkafka-" + w.topic + ".result");
        Path latencyFile = work.resolve("rdkafka-" + w.topic + ".latencies");
        List<String> command = new ArrayList<>(List.of(program.toString(), "-b", bootstrap, "-t", w.topic,
                "-n", Long.toString(w.numRecords), "-i", payloadFile.toString(), "-o", resultFile.toString(),
                "-l", latencyFile.toString(), "-e", Long.toString(Runner.latencyEvery(w.numRecords)),
                "-s", Runner.MARK_START, "-S", Runner.MARK_END));
        if (w.throughput > 0) {
            command.add("-r");
            command.add(Double.toString(w.throughput));
        }
        x.forEach((k, v) -> {
            command.add("-X");
            command.add(k + "=" + v);
        });
        out.println(prefix + "rdkafka-perf -t " + w.topic + " -n " + w.numRecords
                + (w.throughput > 0 ? " -r " + w.throughput : "") + " " + x);
        if (!untranslated.isEmpty()) {
            out.println(prefix + "not passed to librdkafka (no equivalent): " + String.join(", ", untranslated));
        }
        out.flush();
        ChildProcess child = ChildProcess.start(command, prefix, out, true, marks);
        ChildProcess.Outcome outcome = child.await(timeout);
        if (outcome.timedOut) {
            throw new IOException("rdkafka-perf did not finish within " + timeout.toSeconds() + " s");
        }
        if (outcome.exitCode != 0) {
            throw new IOException("rdkafka-perf exited with status " + outcome.exitCode + ": " + outcome.why());
        }
        Map<String, String> res = readResult(resultFile);
        Histogram latencies = new Histogram(3);
        Histogram secondHalf = new Histogram(3);
        readLatencies(latencyFile, Long.parseLong(res.get("half_timed_from")), latencies, secondHalf);
        Files.deleteIfExists(resultFile);
        Files.deleteIfExists(latencyFile);

        long sent = Long.parseLong(res.get("sent"));
        long failed = Long.parseLong(res.get("failed"));
        double seconds = Long.parseLong(res.get("elapsed_ns")) / 1e9;
        double avgValue = payloads.averageSize();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("client", "rdkafka");
        r.put("description", "librdkafka " + res.get("librdkafka") + " (samsa perf's rdkafka-perf.c)");
        r.put("run", w.run);
        r.put("topic", w.topic);
        r.put("records", w.numRecords);
        r.put("threads", 1);
        r.put("averageValueBytes", avgValue);
        r.put("elapsedSec", seconds);
        r.put("recordsPerSec", w.numRecords / seconds);
        r.put("mbPerSec", w.numRecords * avgValue / seconds / (1024 * 1024));
        r.put("latencyMs", Runner.latency(latencies));
        r.put("latencyMsSecondHalf", Runner.latency(secondHalf));
        r.put("percentiles", Runner.percentiles(latencies));
        Map<String, Object> reliability = new LinkedHashMap<>();
        reliability.put("sent", sent);
        reliability.put("acked", Long.parseLong(res.get("acked")));
        reliability.put("failed", failed);
        String firstError = res.getOrDefault("first_error", "");
        reliability.put("firstError", firstError.isEmpty() ? null : firstError);
        r.put("reliability", reliability);
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.putAll(Runner.cpuFigures(Long.parseLong(res.get("cpu_ns")), seconds, w.numRecords));
        resources.putAll(Runner.secondHalfFigures(Long.parseLong(res.get("half_cpu_ns")),
                Long.parseLong(res.get("half_ns")) / 1e9, Long.parseLong(res.get("half_records"))));
        long rssKb = Long.parseLong(res.get("maxrss_kb"));
        resources.put("rssPeakBytes", rssKb < 0 ? Double.NaN : (double) rssKb * 1024);
        r.put("resources", resources);
        r.put("rdkafkaSettings", x);
        r.put("notTranslated", untranslated);
        return r;
    }

    private static Map<String, String> readResult(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("rdkafka-perf wrote no result file " + file);
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        for (String k : List.of("sent", "acked", "failed", "elapsed_ns", "cpu_ns", "half_cpu_ns", "half_ns",
                "half_records", "maxrss_kb", "half_timed_from", "librdkafka")) {
            if (!m.containsKey(k)) {
                throw new IOException("rdkafka-perf's result file " + file + " lacks " + k);
            }
        }
        return m;
    }

    /**
     * The timed records' latencies (microseconds, int64 little-endian each, in the order the reports came) into
     * {@code all}, the ones from entry {@code halfFrom} on also into {@code secondHalf}.
     */
    static void readLatencies(Path file, long halfFrom, Histogram all, Histogram secondHalf) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; b.remaining() >= Long.BYTES; i++) {
            long us = Math.max(0, b.getLong());
            all.recordValue(us);
            if (i >= halfFrom) {
                secondHalf.recordValue(us);
            }
        }
    }
}
