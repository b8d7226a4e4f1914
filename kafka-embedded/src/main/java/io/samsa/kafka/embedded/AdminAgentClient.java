package io.samsa.kafka.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.samsa.kafka.embedded.fork.AdminAgent;

/**
 * The parent's side of the {@link AdminAgent} fork: starts it, sends one request at a time and waits, bounded, for
 * the answer. See {@link AdminAgent} for the line protocol.
 *
 * <p>Threads: requests are serialized by this object's monitor, which guards every field below. One daemon thread
 * per agent process ("samsa-admin-agent-reader") only moves lines from the agent's stdout into {@link #lines};
 * it ends by itself when the agent's stdout closes, i.e. when the agent exits.
 */
final class AdminAgentClient implements AutoCloseable {

    /** How much longer than the agent's own deadline we wait, for the agent's JVM start and Admin client set-up. */
    private static final Duration SLACK = Duration.ofSeconds(20);
    private static final String EOF = "\u0000EOF";

    /** A response from the agent. */
    record Response(String status, List<String> tokens) {
        boolean ok() {
            return status.equals("OK");
        }

        boolean notReady() {
            return status.equals("NOT_READY");
        }

        String message() {
            return String.join(" ", tokens);
        }
    }

    private final String description;
    private final KafkaDistribution distribution;
    private final Path workDir;
    private final Path logFile;
    private final Path configFile;

    private volatile Process process; // volatile only for killFromShutdownHook
    private Writer stdin;
    private BlockingQueue<String> lines;
    private long nextRequestId;
    private boolean closed;

    /**
     * @param description   what this agent serves, for messages ("cluster in /tmp/...", "external cluster ...")
     * @param clientConfigs Admin client configs, including {@code bootstrap.servers}
     */
    AdminAgentClient(String description, KafkaDistribution distribution, Path workDir, Map<String, String> clientConfigs) {
        this.description = description;
        this.distribution = distribution;
        this.workDir = workDir;
        this.logFile = workDir.resolve("admin-agent.log");
        this.configFile = workDir.resolve("admin-agent.properties");
        ConfigFiles.write(configFile, "Admin client configs for the samsa admin agent of " + description, clientConfigs);
    }

    Path logFile() {
        return logFile;
    }

    /** Starts the agent JVM now (it is otherwise started by the first request), so it boots alongside the brokers. */
    synchronized void start() {
        ensureStarted();
    }

    /** The agent's pid, if it is running. */
    synchronized OptionalLong pid() {
        return process != null && process.isAlive() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    /**
     * Sends a request and waits for its answer.
     *
     * @param timeout how long the agent may work on it; we wait a little longer for the reply line
     * @throws KafkaEmbeddedException if the agent died or did not answer in time (it is then killed, and the next
     *                                request starts a new one)
     */
    synchronized Response call(Duration timeout, String command, List<String> args) {
        ensureStarted();
        String id = Long.toString(++nextRequestId);
        StringBuilder line = new StringBuilder(id).append(' ').append(encode(command)).append(' ')
                .append(Math.max(1, timeout.toMillis()));
        args.forEach(a -> line.append(' ').append(encode(a)));
        try {
            stdin.write(line.append('\n').toString());
            stdin.flush();
        } catch (IOException e) {
            throw died("could not send " + command + " to it (" + e.getMessage() + ")");
        }
        long deadline = System.nanoTime() + timeout.plus(SLACK).toNanos();
        while (true) {
            String reply;
            try {
                reply = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaEmbeddedException("interrupted while waiting for the admin agent to answer " + command);
            }
            if (reply == null) {
                String tail = Forks.tail(logFile, 30);
                destroy();
                throw new KafkaEmbeddedException("the admin agent for " + description + " did not answer " + command + " within "
                        + timeout.plus(SLACK).toSeconds() + " s; it was killed. Its log " + logFile + " ends with:\n" + tail);
            }
            if (reply.equals(EOF)) {
                throw died("it exited while handling " + command);
            }
            List<String> tokens = new ArrayList<>();
            Arrays.stream(reply.split(" ")).forEach(t -> tokens.add(URLDecoder.decode(t, StandardCharsets.UTF_8)));
            if (tokens.size() < 2 || !tokens.get(0).equals(id)) {
                continue; // a late answer to a request we already gave up on
            }
            return new Response(tokens.get(1), tokens.subList(2, tokens.size()));
        }
    }

    /** Like {@link #call} but an answer other than {@code OK} becomes an exception whose message starts with {@code what}. */
    List<String> require(Duration timeout, String what, String command, List<String> args) {
        Response response = call(timeout, command, args);
        if (!response.ok()) {
            throw new KafkaEmbeddedException(what + " failed on " + description + ": " + response.message());
        }
        return response.tokens();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (process == null) {
            return;
        }
        try {
            stdin.close(); // end of commands: the agent closes its Admin client and exits
        } catch (IOException ignored) {
            // already gone
        }
        if (!Forks.waitFor(process, Duration.ofSeconds(5))) {
            Forks.kill(process);
        }
        process = null;
    }

    /** Kills the agent without ceremony; for the JVM shutdown hook, which must not wait on our monitor. */
    void killFromShutdownHook() {
        Process p = process; // a racy read is fine: worst case we miss an agent that the watchdog then ends
        if (p != null) {
            p.destroyForcibly();
        }
    }

    private void ensureStarted() {
        if (closed) {
            throw new IllegalStateException("the admin agent for " + description + " is closed");
        }
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(
                Forks.javaExecutable(),
                "-Xms32m", "-Xmx128m", "-XX:+UseSerialGC",
                // Short-lived, light work: the C1 compiler alone starts faster and leaves the cores to the brokers.
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                // Polling brokers that are starting or dead makes NetworkClient warn on every attempt.
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient=error",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-cp", Forks.classpath(distribution),
                AdminAgent.class.getName(),
                "--parent-pid", Long.toString(ProcessHandle.current().pid()),
                configFile.toString()));
        Process started = Forks.start("admin agent (Kafka " + distribution.version() + " clients)", command, workDir, logFile, true);
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = in.readLine()) != null) {
                    queue.add(l);
                }
            } catch (IOException e) {
                // the agent is gone; the EOF marker below tells the waiting caller
            } finally {
                queue.add(EOF);
            }
        }, "samsa-admin-agent-reader-" + started.pid());
        reader.setDaemon(true);
        reader.start();
        this.process = started;
        this.stdin = new OutputStreamWriter(started.getOutputStream(), StandardCharsets.UTF_8);
        this.lines = queue;
    }

    private KafkaEmbeddedException died(String what) {
        Process p = process;
        String status = p == null ? "" : (p.isAlive() ? "" : " (exit status " + p.exitValue() + ")");
        destroy();
        return new KafkaEmbeddedException("the admin agent for " + description + " failed: " + what + status
                + ". Its log " + logFile + " ends with:\n" + Forks.tail(logFile, 40));
    }

    private void destroy() {
        if (process != null) {
            Forks.kill(process);
            process = null;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
