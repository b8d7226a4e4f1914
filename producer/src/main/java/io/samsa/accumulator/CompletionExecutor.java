package io.samsa.accumulator;

/**
 * Where a finished batch runs its records' {@link RecordCompletion} hooks. The producer hands each finished
 * batch to its callback thread as <em>one</em> task, so the I/O thread pays one hand-over per batch rather than
 * one per record; the hooks then read each record's offset, timestamp and sizes from the batch's bytes on that
 * thread.
 */
@FunctionalInterface
public interface CompletionExecutor {
    /** Runs the hooks at once on the completing thread (tests, and anything without a callback thread). */
    CompletionExecutor INLINE = (task, bytes) -> task.run();

    /**
     * Runs {@code task} (in submission order with every other task); {@code bytes} is what the task keeps
     * reachable until it has run (the batch's buffer), so an executor can bound that memory.
     */
    void execute(Runnable task, int bytes);
}
