package io.samsa.kafka.embedded.fork;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Halts a forked JVM when the JVM that started it is gone, so that a test JVM killed with {@code kill -9} (or
 * crashing, or stopped by a CI timeout) does not leave brokers running and holding ports.
 *
 * <p>Two signals, because each alone has a hole:
 * <ul>
 *   <li><b>End of standard input.</b> The parent keeps the write end of our stdin pipe open for as long as it
 *       lives; the kernel closes it when the parent dies, however it dies. This fires within milliseconds. Only
 *       usable when stdin carries nothing else (the broker fork; not the admin agent, whose stdin is its command
 *       stream and which ends on EOF by itself).</li>
 *   <li><b>Polling the parent's pid.</b> Covers a parent that passed its pipe on to a grandchild, or a fork
 *       started without a pipe. Compares start instants as well, so a recycled pid does not look alive.</li>
 * </ul>
 *
 * <p>We {@link Runtime#halt halt} rather than {@code System.exit}: exit would run Kafka's shutdown hook, a
 * controlled shutdown that can wait many seconds for a quorum that no one needs any more.
 *
 * <p>Threads: each signal gets its own daemon thread, started once by {@link #start}; they share no state.
 */
public final class ParentWatchdog {

    /** Exit status of a fork halted because its parent went away. */
    public static final int PARENT_GONE_STATUS = 86;

    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private ParentWatchdog() {
    }

    /**
     * Starts watching.
     *
     * @param parentPid  the pid of the JVM that started this one
     * @param watchStdin whether end-of-file on {@code System.in} means the parent is gone
     */
    public static void start(long parentPid, boolean watchStdin) {
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty()) {
            halt("parent JVM (pid " + parentPid + ") was already gone when this fork started");
        }
        ProcessHandle handle = parent.get();
        Optional<Instant> parentStart = handle.info().startInstant();

        Thread poller = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(POLL_INTERVAL.toMillis());
                } catch (InterruptedException e) {
                    return; // nobody interrupts us; if someone does, stop watching rather than spin
                }
                boolean alive = handle.isAlive()
                        && (parentStart.isEmpty() || parentStart.equals(handle.info().startInstant()));
                if (!alive) {
                    halt("parent JVM (pid " + parentPid + ") is no longer alive");
                }
            }
        }, "samsa-parent-pid-watchdog");
        poller.setDaemon(true);
        poller.start();

        if (watchStdin) {
            Thread reader = new Thread(() -> {
                byte[] sink = new byte[256];
                try {
                    InputStream in = System.in;
                    while (in.read(sink) >= 0) {
                        // The parent never writes to us; anything that arrives is ignored.
                    }
                    halt("standard input closed: the parent JVM (pid " + parentPid + ") has gone away");
                } catch (IOException e) {
                    halt("standard input failed (" + e + "): the parent JVM (pid " + parentPid + ") is presumably gone");
                }
            }, "samsa-parent-stdin-watchdog");
            reader.setDaemon(true);
            reader.start();
        }
    }

    private static void halt(String why) {
        System.err.println("[samsa watchdog] " + why + "; halting this JVM (pid " + ProcessHandle.current().pid() + ")");
        System.err.flush();
        Runtime.getRuntime().halt(PARENT_GONE_STATUS);
    }
}
