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
    CompletionExecutor INLINE = (task, bytes, memory) -> task.run();

    /**
     * Runs {@code task} (in submission order with every other task). Must not block the completing thread (the
     * I/O thread, usually) without a bound.
     *
     * @param bytes  what the task keeps reachable until it has run (the batch's buffer), so that an executor can
     *               bound that memory
     * @param memory the {@code buffer.memory} account those bytes were just released from: an executor holding
     *               more than its own bound may charge them back ({@link BatchMemory#reserveForced}) until the task
     *               has run, so that slow completions hold up {@code send()} (for at most {@code max.block.ms})
     *               instead of the completing thread; null when the bytes are still charged anyway (a request
     *               holds them)
     */
    void execute(Runnable task, int bytes, BatchMemory memory);
}
