package io.samsa.accumulator;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * What a {@link ProducerBatch} needs from outside itself, and nothing more: the {@code buffer.memory} account its
 * bytes are charged to, the {@link BufferPool} its buffer returns to, the set of {@link IncompleteBatches} it
 * leaves when done, and the {@link CompletionExecutor} that runs its records' hooks. One instance is shared by
 * every batch of an accumulator; the batch never sees the accumulator itself (as in Apache Kafka, where the
 * batch knows nothing of its pool and the accumulator deallocates it).
 *
 * <p><b>The buffer rule.</b> A buffer goes back to the pool only when nothing can read or write it any more:
 * its batch is done, no produce request holding its bytes is outstanding, and its records' hooks have read it.
 * {@link ProducerBatch} decides when that is and calls {@link #recycle}; see {@link BufferPool} (KAFKA-19012).
 *
 * <p><b>Threads.</b> Any thread: the parts are thread-safe themselves, and the executor is set once before the
 * first append (a volatile field, for the thread that sets it).
 */
final class BatchResources {
    private final BatchMemory memory;
    private final BufferPool pool;
    private final IncompleteBatches incomplete;
    private volatile CompletionExecutor completionExecutor = CompletionExecutor.INLINE;
    /** Null without a spool; set before the first append (like the executor). */
    private volatile RecordJournal journal;

    BatchResources(BatchMemory memory, BufferPool pool, IncompleteBatches incomplete) {
        this.memory = memory;
        this.pool = pool;
        this.incomplete = incomplete;
    }

    BatchMemory memory() {
        return memory;
    }

    IncompleteBatches incomplete() {
        return incomplete;
    }

    CompletionExecutor completionExecutor() {
        return completionExecutor;
    }

    void setJournal(RecordJournal journal) {
        this.journal = journal;
    }

    /** The batch's records have their outcome for good: the journal may forget them. */
    void journalDone(ProducerBatch batch) {
        RecordJournal j = journal;
        if (j != null && batch.recordCount() > 0) {
            j.batchDone(batch);
        }
    }

    void setCompletionExecutor(CompletionExecutor executor) {
        this.completionExecutor = Objects.requireNonNull(executor, "executor");
    }

    /** A buffer of {@code bytes} whose bytes the caller has already reserved (recycled when the pool has one). */
    ByteBuffer allocate(int bytes) {
        return pool.allocate(bytes);
    }

    /**
     * A buffer of {@code bytes}, charged without blocking: for the I/O thread, which is the thread that frees
     * memory and so must never wait for it (split children, compressed copies).
     */
    ByteBuffer allocateForced(int bytes) {
        memory.reserveForced(bytes);
        return ByteBuffer.allocate(bytes);
    }

    /**
     * A pooled buffer for a compressed copy of {@code size} bytes, or null for a new exact-size array (see
     * {@link BufferPool#allocateForCompressed}); the caller charges its capacity.
     */
    ByteBuffer allocateForCompressed(int size) {
        return pool.allocateForCompressed(size);
    }

    /** Charges {@code bytes} of a buffer made elsewhere (a compressed copy), without blocking; I/O thread. */
    void chargeForced(int bytes) {
        memory.reserveForced(bytes);
    }

    void release(int bytes) {
        if (bytes > 0) {
            memory.release(bytes);
        }
    }

    /** A buffer nothing refers to any more, or null: kept for a new batch if the pool takes it. */
    void recycle(ByteBuffer buffer) {
        if (buffer != null) {
            pool.recycle(buffer);
        }
    }

    /** The completion slots a batch of {@code capacity} bytes starts with (see {@link BufferPool#completionSlotsFor}). */
    int completionSlotsFor(int capacity) {
        return pool.completionSlotsFor(capacity);
    }

    /** A batch's array of completion slots, recycled when {@code length} is the pool's (see {@link BufferPool}). */
    RecordCompletion[] completionArray(int length) {
        return pool.completionArray(length);
    }

    /** A batch's completion array whose hooks have all run; the first {@code used} slots are cleared here. */
    void recycleCompletions(RecordCompletion[] array, int used) {
        pool.recycleCompletions(array, used);
    }

    /** A new batch whose records may be waited for (flush) and failed (forced close). */
    void register(ProducerBatch batch) {
        incomplete.add(batch);
    }

    /**
     * A batch's outcome is decided: it leaves the incomplete set, and {@code releaseBytes} of its memory are
     * released (0 when a request still holds its bytes: they are released when that request ends).
     */
    void done(ProducerBatch batch, int releaseBytes) {
        incomplete.remove(batch);
        release(releaseBytes);
    }

    /** Bytes of recycled buffers kept for new batches right now (tests). */
    long pooledBytes() {
        return pool.pooledBytes();
    }

    long pooledArrays() {
        return pool.pooledArrays();
    }
}
