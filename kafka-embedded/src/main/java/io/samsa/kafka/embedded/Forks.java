package io.samsa.kafka.embedded;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.samsa.kafka.embedded.fork.NodeMain;

/**
 * Starting and stopping the forked JVMs. Stateless; safe from any thread.
 */
final class Forks {

    private static final int MAX_LINE = 300;

    private Forks() {
    }

    /** The {@code java} launcher of the running JVM, so forks run on the same JDK as the caller. */
    static String javaExecutable() {
        Path home = Path.of(System.getProperty("java.home"));
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        Path java = home.resolve("bin").resolve(windows ? "java.exe" : "java");
        if (Files.isExecutable(java)) {
            return java.toString();
        }
        Optional<String> command = ProcessHandle.current().info().command();
        if (command.isPresent()) {
            return command.get();
        }
        throw new KafkaEmbeddedException("cannot find the java launcher: " + java + " is not executable and the "
                + "current process does not report its command");
    }

    /**
     * Where this library's own classes live (a jar, or {@code target/classes} in our build): the forks need
     * {@link NodeMain} and the admin agent from it.
     */
    static Path ownCodeLocation() {
        CodeSource source = NodeMain.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new KafkaEmbeddedException("cannot tell where " + NodeMain.class.getName() + " was loaded from, so it "
                    + "cannot be put on the forked JVM's classpath (no code source; is samsa-kafka-embedded repackaged?)");
        }
        try {
            Path path = Path.of(source.getLocation().toURI());
            if (!Files.exists(path)) {
                throw new KafkaEmbeddedException("samsa-kafka-embedded classes were loaded from " + path
                        + ", which a forked JVM cannot read; nested jars are not supported");
            }
            return path;
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
            throw new KafkaEmbeddedException("samsa-kafka-embedded classes were loaded from " + source.getLocation()
                    + ", which a forked JVM cannot use as a classpath entry", e);
        }
    }

    /** Our classes first, then the distribution's jars. */
    static String classpath(KafkaDistribution distribution) {
        List<String> entries = new ArrayList<>();
        entries.add(ownCodeLocation().toString());
        distribution.jars().forEach(j -> entries.add(j.toString()));
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Starts a JVM. Its standard input is a pipe that the returned {@link Process} holds open (the fork's watchdog
     * treats its end as the parent's death). Output goes to {@code logFile} (appended, so a restarted node keeps its
     * history) except standard output when {@code pipeStdout}: a file cannot fill up and block the broker the way
     * an unread pipe would.
     */
    static Process start(String what, List<String> command, Path workDir, Path logFile, boolean pipeStdout) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
        if (pipeStdout) {
            builder.redirectOutput(ProcessBuilder.Redirect.PIPE).redirectError(log);
        } else {
            builder.redirectOutput(log).redirectErrorStream(true);
        }
        try {
            Files.writeString(logFile, "[samsa] starting " + what + ": " + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return builder.start();
        } catch (IOException e) {
            throw new KafkaEmbeddedException("could not start " + what + " with " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Asks a fork to end (SIGTERM on Unix, which runs Kafka's shutdown hook), waits up to {@code grace}, then
     * kills it (SIGKILL) and waits for that too.
     *
     * @return whether it ended within the grace period
     */
    static boolean stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            closeStdin(process);
            return true;
        }
        terminate(process);
        boolean graceful = waitFor(process, grace);
        if (graceful) {
            closeStdin(process);
        } else {
            kill(process);
        }
        return graceful;
    }

    /**
     * Sends SIGTERM without touching the pipes. {@link Process#destroy()} would also close the fork's stdin, which
     * its watchdog reads as "parent gone" and halts at once, cutting Kafka's graceful shutdown short.
     */
    static void terminate(Process process) {
        process.toHandle().destroy();
    }

    /** Releases our end of a fork's stdin pipe once the fork has ended. */
    static void closeStdin(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /** SIGKILL, then wait (bounded) until the kernel has reaped it so its ports and files are free. */
    static void kill(Process process) {
        process.destroyForcibly();
        if (!waitFor(process, Duration.ofSeconds(30))) {
            throw new KafkaEmbeddedException("process " + process.pid() + " is still alive 30 s after SIGKILL");
        }
    }

    static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The last {@code maxLines} lines of a log file, for error messages; never throws. */
    static String tail(Path logFile, int maxLines) {
        if (logFile == null || !Files.isRegularFile(logFile)) {
            return "(no log file " + logFile + ")";
        }
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = file.length();
            int chunk = (int) Math.min(length, 64 * 1024);
            byte[] bytes = new byte[chunk];
            file.seek(length - chunk);
            file.readFully(bytes);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
            int from = Math.max(chunk == length ? 0 : 1, lines.length - maxLines); // drop a partial first line
            StringBuilder sb = new StringBuilder();
            for (int i = from; i < lines.length; i++) {
                String line = lines[i];
                if (line.length() > MAX_LINE) { // e.g. our own "starting" line with its long classpath
                    line = line.substring(0, MAX_LINE) + " ...";
                }
                sb.append("    | ").append(line).append(System.lineSeparator());
            }
            return sb.toString();
        } catch (IOException | UncheckedIOException e) {
            return "(could not read " + logFile + ": " + e + ")";
        }
    }

    /** Whether a log file mentions a port bind conflict, which a retry on fresh ports can fix. */
    static boolean mentionsBindFailure(Path logFile) {
        String tail = tail(logFile, 400);
        return tail.contains("java.net.BindException") || tail.contains("Address already in use");
    }
}
