package io.samsa.cli.perf;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.concurrent.TimeUnit;

/**
 * One client process of a perf run: started, its stdout and stderr forwarded line by line with a prefix
 * ({@code [apache #2] ...}), waited for with a deadline, killed (with its descendants) when the deadline passes.
 * The last stderr lines are kept for the error message. Threads: two pump threads per process, each owning its
 * stream; the kept lines are guarded by their deque's monitor.
 */
final class ChildProcess {
    static final class Outcome {
        final int exitCode;
        final boolean timedOut;
        final List<String> stderrTail;
        final long wallNanos;

        Outcome(int exitCode, boolean timedOut, List<String> stderrTail, long wallNanos) {
            this.exitCode = exitCode;
            this.timedOut = timedOut;
            this.stderrTail = stderrTail;
            this.wallNanos = wallNanos;
        }

        /** Why the process failed: its last stderr line starting with ERROR, or else its last stderr lines. */
        String why() {
            return stderrTail.stream().filter(l -> l.startsWith("ERROR")).reduce((a, b) -> b)
                    .orElse(String.join(" | ", stderrTail));
        }
    }

    /** The executable {@code name} in a directory of the PATH, if any. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private final Process process;
    private final long startNanos;
    private final Thread outPump;
    private final Thread errPump;
    private final Deque<String> tail = new ArrayDeque<>();

    private ChildProcess(Process process, long startNanos, String prefix, PrintWriter out, boolean forwardStdout,
                         Predicate<String> marks) {
        this.process = process;
        this.startNanos = startNanos;
        this.outPump = pump(process.getInputStream(), forwardStdout ? out : null, prefix, false, marks);
        this.errPump = pump(process.getErrorStream(), out, prefix, true, line -> false);
    }

    static ChildProcess start(List<String> command, String prefix, PrintWriter out, boolean forwardStdout)
            throws IOException {
        return start(command, prefix, out, forwardStdout, line -> false);
    }

    /**
     * As {@link #start(List, String, PrintWriter, boolean)}, with {@code marks} offered every stdout line first, on
     * the pump thread as the line arrives: a line it takes (returns true for) is not forwarded.
     */
    static ChildProcess start(List<String> command, String prefix, PrintWriter out, boolean forwardStdout,
                              Predicate<String> marks) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        long t0 = System.nanoTime();
        Process p = pb.start();
        return new ChildProcess(p, t0, prefix, out, forwardStdout, marks);
    }

    Process process() {
        return process;
    }

    long startNanos() {
        return startNanos;
    }

    private Thread pump(InputStream in, PrintWriter out, String prefix, boolean keep, Predicate<String> marks) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (marks.test(line)) {
                        continue;
                    }
                    if (keep) {
                        synchronized (tail) {
                            tail.addLast(line);
                            if (tail.size() > 20) {
                                tail.removeFirst();
                            }
                        }
                    }
                    if (out != null) {
                        synchronized (out) {
                            out.println(prefix + line);
                            out.flush();
                        }
                    }
                }
            } catch (IOException e) {
                // the process went away; its exit code tells the story
            }
        }, "perf-pump-" + prefix.trim());
        t.setDaemon(true);
        t.start();
        return t;
    }

    Outcome await(Duration timeout) throws InterruptedException {
        boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long wall = System.nanoTime() - startNanos;
        if (!done) {
            kill();
        }
        outPump.join(5_000);
        errPump.join(5_000);
        List<String> kept;
        synchronized (tail) {
            kept = List.copyOf(tail);
        }
        return new Outcome(done ? process.exitValue() : -1, !done, kept, wall);
    }

    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
