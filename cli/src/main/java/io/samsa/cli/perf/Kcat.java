package io.samsa.cli.perf;

import io.samsa.perf.harness.Payloads;
import io.samsa.perf.harness.Runner;
import io.samsa.perf.harness.Throttle;
import io.samsa.perf.harness.Workload;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a perf workload with kcat (librdkafka), which has no harness of ours inside it, so less is measured:
 *
 * <ul>
 *   <li>Input: the workload's payloads, in the same order, one per line. Unthrottled, from a file written once
 *       ({@code kcat -P -l FILE}, which kcat reads with no help from us); throttled, written to kcat's stdin by
 *       this process at the target rate.</li>
 *   <li>Throughput: records / wall-clock time of the kcat process (start to exit; kcat exits after every message
 *       is delivered or failed, so this includes its start-up and final flush, a few ms).</li>
 *   <li>CPU: kcat's user + system time, read from the {@code cutime}/{@code cstime} fields of the
 *       {@code /proc/<pid>/stat} of a {@code sh} wrapper that waited for it (exact, 10 ms ticks).</li>
 *   <li>Peak RSS: kcat's {@code VmHWM}, sampled every 100 ms (growth in its last 100 ms may be missed).</li>
 *   <li>Failures: kcat prints a line per failed delivery on stderr; they are counted. No per-record latency,
 *       buffer or batch figures: kcat does not expose them (n/a in the table).</li>
 * </ul>
 */
public final class Kcat {
    private Kcat() {
    }

    /** The kcat binary on the PATH, if any. */
    public static Optional<Path> find() {
        return ChildProcess.onPath("kcat");
    }

    /**
     * Apache producer property names to librdkafka's. Returns the {@code -X} settings; names with no librdkafka
     * equivalent go to {@code untranslated}.
     */
    static Map<String, String> translate(Map<String, String> props, List<String> untranslated) {
        Map<String, String> x = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : props.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            switch (k) {
                case "bootstrap.servers": case "key.serializer": case "value.serializer":
                case "metrics.sample.window.ms": case "metrics.num.samples":
                    break; // -b, or meaningless for kcat
                case "acks": x.put("acks", v); break;
                case "enable.idempotence": x.put("enable.idempotence", v); break;
                case "batch.size": x.put("batch.size", v); break;
                case "linger.ms": x.put("linger.ms", v); break;
                case "compression.type": x.put("compression.codec", v); break;
                case "compression.gzip.level": case "compression.lz4.level": case "compression.zstd.level":
                    x.put("compression.level", v);
                    break;
                case "max.in.flight.requests.per.connection": x.put("max.in.flight", v); break;
                case "retries": x.put("message.send.max.retries", v); break;
                case "retry.backoff.ms": x.put("retry.backoff.ms", v); break;
                case "retry.backoff.max.ms": x.put("retry.backoff.max.ms", v); break;
                case "delivery.timeout.ms": x.put("message.timeout.ms", v); break;
                case "request.timeout.ms": x.put("request.timeout.ms", v); break;
                case "client.id": x.put("client.id", v); break;
                case "max.request.size": x.put("message.max.bytes", v); break;
                case "buffer.memory":
                    x.put("queue.buffering.max.kbytes", Long.toString(Math.max(1, Long.parseLong(v.trim()) / 1024)));
                    break;
                case "security.protocol": x.put("security.protocol", v); break;
                default:
                    untranslated.add(k);
            }
        }
        return x;
    }

    /** Writes the workload's payloads, one per line, in record order. */
    static void writeInput(Path file, Workload w, Payloads payloads) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (long i = 0; i < w.numRecords; i++) {
                out.write(payloads.get(i));
                out.write('\n');
            }
        }
    }

    /** @return the result map in the runners' format (figures kcat cannot give are absent) */
    static Map<String, Object> run(Path kcat, Workload w, String bootstrap, Payloads payloads, Path inputFile,
                                   PrintWriter out, String prefix, Duration timeout) throws IOException, InterruptedException {
        for (int i = 0; i < payloads.size(); i++) {
            for (byte b : payloads.get(i)) {
                if (b == '\n') {
                    throw new IOException("kcat reads one record per line: a payload contains a newline; use a "
                            + "--payload-delimiter other than newline only without kcat");
                }
            }
        }
        List<String> untranslated = new ArrayList<>();
        Map<String, String> x = translate(w.producerProps, untranslated);
        List<String> kcatArgs = new ArrayList<>(List.of(kcat.toString(), "-P", "-b", bootstrap, "-t", w.topic));
        x.forEach((k, v) -> {
            kcatArgs.add("-X");
            kcatArgs.add(k + "=" + v);
        });
        boolean throttled = w.throughput > 0;
        if (!throttled) {
            kcatArgs.add("-l");
            kcatArgs.add(inputFile.toString());
        }
        // sh waits for kcat, then prints its own /proc stat: fields 16-17 (cutime, cstime) are kcat's CPU.
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                "\"$@\"; rc=$?; echo \"SAMSA-STAT $(cat /proc/$$/stat)\" >&2; exit $rc", "sh"));
        command.addAll(kcatArgs);
        out.println(prefix + String.join(" ", kcatArgs));
        if (!untranslated.isEmpty()) {
            out.println(prefix + "not passed to kcat (no librdkafka equivalent): " + String.join(", ", untranslated));
        }
        out.flush();

        List<String> errors = new ArrayList<>();
        long[] stat = {-1, -1};
        PrintWriter sink = new PrintWriter(new java.io.Writer() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(char[] cbuf, int off, int len) {
                line.append(cbuf, off, len);
                int nl;
                while ((nl = line.indexOf("\n")) >= 0) {
                    handle(line.substring(0, nl).replace("\r", ""));
                    line.delete(0, nl + 1);
                }
            }

            private void handle(String l) {
                String text = l.startsWith(prefix) ? l.substring(prefix.length()) : l;
                if (text.startsWith("SAMSA-STAT ")) {
                    String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
                    // after "pid (comm) ": state is f[0]; cutime, cstime are fields 16, 17 (1-based) = f[13], f[14]
                    stat[0] = Long.parseLong(f[13]);
                    stat[1] = Long.parseLong(f[14]);
                    return;
                }
                if (text.contains("Delivery failed") || text.contains("ERROR") || text.contains("rror")) {
                    synchronized (errors) {
                        errors.add(text);
                    }
                }
                out.println(l);
                out.flush();
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        }, true);

        ChildProcess child = ChildProcess.start(command, prefix, sink, true);
        long[] hwm = {-1};
        Thread sampler = new Thread(() -> {
            while (child.process().isAlive()) {
                child.process().descendants().forEach(h -> hwm[0] = Math.max(hwm[0], vmHwm(h.pid())));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "perf-kcat-sampler");
        sampler.setDaemon(true);
        sampler.start();
        if (throttled) {
            try (OutputStream in = new BufferedOutputStream(child.process().getOutputStream(), 1 << 12)) {
                Throttle throttle = new Throttle(w.throughput, System.nanoTime());
                for (long i = 0; i < w.numRecords; i++) {
                    throttle.await(i);
                    in.write(payloads.get(i));
                    in.write('\n');
                    in.flush();
                }
            }
        } else {
            child.process().getOutputStream().close();
        }
        ChildProcess.Outcome outcome = child.await(timeout);
        sampler.interrupt();
        sampler.join(1_000);
        if (outcome.timedOut) {
            throw new IOException("kcat did not finish within " + timeout.toSeconds() + " s");
        }
        double seconds = outcome.wallNanos / 1e9;
        long ticksPerSec = 100; // USER_HZ on Linux
        double cpuSec = stat[0] < 0 ? Double.NaN : (stat[0] + stat[1]) / (double) ticksPerSec;
        long failed;
        synchronized (errors) {
            failed = errors.stream().filter(l -> l.contains("Delivery failed")).count();
        }
        if (outcome.exitCode != 0 && failed == 0) {
            throw new IOException("kcat exited with status " + outcome.exitCode + (errors.isEmpty() ? ""
                    : ": " + String.join(" | ", errors.subList(Math.max(0, errors.size() - 3), errors.size()))));
        }
        double avgValue = payloads.averageSize();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("client", "kcat");
        r.put("description", "kcat " + version(kcat));
        r.put("run", w.run);
        r.put("topic", w.topic);
        r.put("records", w.numRecords);
        r.put("averageValueBytes", avgValue);
        r.put("elapsedSec", seconds);
        r.put("recordsPerSec", w.numRecords / seconds);
        r.put("mbPerSec", w.numRecords * avgValue / seconds / (1024 * 1024));
        Map<String, Object> reliability = new LinkedHashMap<>();
        reliability.put("sent", w.numRecords);
        reliability.put("acked", w.numRecords - failed);
        reliability.put("failed", failed);
        reliability.put("firstError", errors.isEmpty() ? null : errors.get(0));
        r.put("reliability", reliability);
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("cpuSec", cpuSec);
        boolean meaningful = seconds >= Runner.MIN_CPU_SECONDS; // as for the Java clients
        resources.put("cpuMsPerMillionRecords", meaningful ? cpuSec * 1000 / (w.numRecords / 1e6) : Double.NaN);
        resources.put("cpuCoresAverage", meaningful ? cpuSec / seconds : Double.NaN);
        // Sampled every 100 ms while kcat runs: a run under a second may end before a sample sees kcat loaded.
        resources.put("rssPeakBytes", meaningful ? (double) hwm[0] : Double.NaN);
        r.put("resources", resources);
        r.put("kcatSettings", x);
        r.put("notTranslated", untranslated);
        return r;
    }

    private static long vmHwm(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone or not Linux: keep the last sample
        }
        return -1;
    }

    static String version(Path kcat) {
        try {
            Process p = new ProcessBuilder(kcat.toString(), "-V").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Version (\\S+).*?(librdkafka \\S+)", java.util.regex.Pattern.DOTALL).matcher(text);
            return m.find() ? m.group(1) + " (" + m.group(2) + ")" : "";
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }
}
