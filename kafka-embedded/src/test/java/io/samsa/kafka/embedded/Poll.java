package io.samsa.kafka.embedded;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, re-checking it every 100 ms; never a bare sleep standing in for one. */
public final class Poll {

    private Poll() {
    }

    /**
     * Returns once {@code condition} holds.
     *
     * @throws AssertionError naming {@code what} and the last observed state if it does not within {@code timeout}
     */
    public static void until(Duration timeout, String what, Supplier<Boolean> condition, Supplier<Object> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.get()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; last state: " + state.get());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    public static void until(Duration timeout, String what, Supplier<Boolean> condition) {
        until(timeout, what, condition, () -> "n/a");
    }

    /** Whether a process with this pid is alive. */
    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
