package io.samsa.accumulator;

import io.samsa.common.TopicPartition;
import io.samsa.common.header.Header;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One record batch for one partition: the bytes (built in place by {@link RecordBatchBuilder}), the per-record
 * completion hooks, and the state the sender needs (attempts, backoff, producer state).
 *
 * <h2>Life</h2>
 * <pre>
 *  OPEN ──(full / next batch started / drained)──&gt; SEALED ──drain──&gt; IN_FLIGHT ──complete/fail──&gt; done
 *   │  appends go here                                  (stamped:     │   ▲
 *   │  (buffer may grow)                                 final bytes) │   │ drain (after backoff)
 *   └─ expire/abort ──&gt; done                               reenqueue ▼   │
 *                                                                  RETRY (queued again, same bytes,
 *                                                                         same sequence)
 *  IN_FLIGHT ──split (MESSAGE_TOO_LARGE)──&gt; done as SPLIT; its records' hooks move to the smaller batches
 * </pre>
 * The words, each used for one thing only: <em>seal</em> ends appends; <em>stamp</em> writes the producer state
 * into the header and signs the CRC, after which the bytes are final (and, with compression, replaced by their
 * compressed copy); <em>done</em> means the outcome is decided - SUCCEEDED, FAILED, ABORTED (forced close) or
 * SPLIT - once, by compare-and-set, so every record's hook runs exactly once. A second {@link #complete}/
 * {@link #fail} is a bug in the caller and throws, with two exceptions: after a forced close, or after the batch
 * expired while its request was outstanding ({@link #expireInFlight}), a late response for it is expected and
 * ignored (the call returns false).
 *
 * <h2>Threads and locking</h2>
 * <ul>
 *   <li>While the batch is in its partition's queue (OPEN, SEALED, RETRY) every field is guarded by that
 *       {@code PartitionQueue}'s monitor: application threads append under it, the sender polls under it.</li>
 *   <li>Once drained, the sender thread owns it (close, attempts, producer state); the lock it took to drain is
 *       the hand-over (happens-before) of everything appended.</li>
 *   <li>Completion may race between the sender (a response) and a closing application thread
 *       ({@code abortAll}); {@link #finalState}'s compare-and-set decides, and the loser does nothing.</li>
 *   <li>Hooks run on the completing thread with no accumulator lock held.</li>
 * </ul>
 *
 * <h2>Memory</h2>
 * The batch's buffer is charged to {@code buffer.memory} at its capacity ({@link #chargedBytes()}) - and, with
 * compression, so is the compressed copy, since both live until the batch is done - and released exactly once,
 * when the batch is done (never on retry: a retried batch resends the same bytes). The buffer may go to another
 * batch only through {@link BufferPool}, and only once the batch is done, no produce request holding it is
 * outstanding ({@link #onRequestSent}/{@link #onRequestFinished}) and its records' completions have read it: a
 * request can never see another batch's data (KAFKA-19012). The batch reaches memory, pool, the incomplete set
 * and the completion executor only through the {@link BatchResources} it is given; it never sees the
 * accumulator.
 */
public final class ProducerBatch {

    private static final Logger log = LoggerFactory.getLogger(ProducerBatch.class);

    private static final int PENDING = 0;
    private static final int SUCCEEDED = 1;
    private static final int FAILED = 2;
    private static final int ABORTED = 3;
    private static final int SPLIT = 4;

    private static final int MIN_RECORD_SLOTS = 16;

    /** Completion slots a batch of {@code bytes} starts with: a small record every ~64 bytes. */
    static int completionSlotsFor(int bytes) {
        return Math.max(MIN_RECORD_SLOTS, bytes / 64);
    }

    enum Stage { OPEN, SEALED, IN_FLIGHT, RETRY }

    private final BatchResources resources;
    private final TopicPartition tp;
    private final long createdMs;
    /**
     * Position of this batch's first record in the partition's append order (0, 1, 2, ... per partition).
     * Queues stay sorted by it, so a retried or split batch is put back exactly where its records belong.
     */
    private final long firstRecordNo;
    /** The most bytes this batch may grow to: {@code batch.size}, or its one oversized record's bound. */
    private final int maxCapacity;

    // ---- guarded by the partition lock while queued; sender-owned while in flight -------------------------
    private RecordBatchBuilder builder;
    /** The whole buffer the batch is built in; the batch starts at index 0. Replaced when the batch grows. */
    private ByteBuffer buffer;
    private int chargedBytes;
    private Stage stage = Stage.OPEN;
    /**
     * One hook per record, by offset delta; null until the first non-null hook (fire-and-forget sends need no
     * array at all). The record's timestamp and key/value sizes are <em>not</em> kept beside it: they are in the
     * batch bytes and are read back at completion, so the only per-record heap outside {@code buffer.memory} is
     * one reference.
     */
    private RecordCompletion[] completions;
    private int recordCount;
    /** In its partition's queue: reachable by appends, drain, expiry; not to be completed directly. */
    private boolean queued;
    /** See {@link #spoolPosition()}; written under the partition lock, read by the I/O thread after the drain. */
    private volatile long spoolPosition = -1;
    /** The producer id, epoch and sequence last written to the spool for this batch (I/O thread). */
    private long spooledProducerId = Long.MIN_VALUE;
    private short spooledEpoch;
    private int spooledSequence;

    // ---- sender-thread state -------------------------------------------------------------------------------
    /** The stamped batch as sent: {@link #plain} itself, or its compressed copy. */
    private ByteBuffer wire;
    /**
     * The stamped, uncompressed batch (a view of {@link #buffer}): what a split re-batches. Its header's producer
     * state is not rewritten with the wire's (records do not carry it; a split takes it from the fields).
     */
    private ByteBuffer plain;
    /** Bytes charged to {@code buffer.memory} for a compressed {@link #wire}, beside the buffer's capacity. */
    private int wireChargedBytes;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    private boolean transactional;
    private int attempts;
    private long retryAtMs;
    private long firstDrainMs = -1;
    private long lastDrainMs = -1;
    /**
     * {@link #records()} was called during the current attempt: the bytes may now be in a request on the wire,
     * so they must not change until the batch comes back ({@link #markRetry}) or is done.
     */
    private boolean handedOut;
    /**
     * Produce requests holding this batch's bytes that have not finished (neither answered nor failed with their
     * connection). The buffer may be recycled only when this is zero: a request still outstanding may still be
     * writing those bytes to its socket.
     */
    private int requestsOutstanding;
    /**
     * Failed by {@code delivery.timeout.ms} while a request holding it was still outstanding
     * ({@link #expireInFlight}): its records' futures are done, but the request's answer is still to come and
     * settles only the sender's bookkeeping (the idempotent sequence), never the records again.
     */
    private boolean expiredInFlight;
    /**
     * Bytes still charged to {@code buffer.memory} although the batch is done, because a request still holds them
     * (they are live until the network lets go of them): released by {@link #onRequestFinished}.
     */
    private int heldBytes;

    // ---- completion (any thread) ---------------------------------------------------------------------------
    private final AtomicInteger finalState = new AtomicInteger(PENDING);
    private final CountDownLatch done = new CountDownLatch(1);
    /** Set before {@link #done} counts down when this batch was split (read after awaiting it). */
    private List<ProducerBatch> children = List.of();

    ProducerBatch(BatchResources resources, TopicPartition tp, ByteBuffer buffer, int maxCapacity, long createdMs,
                  long firstRecordNo) {
        this.resources = resources;
        this.tp = tp;
        this.builder = new RecordBatchBuilder(buffer);
        this.buffer = buffer;
        this.chargedBytes = buffer.capacity();
        this.maxCapacity = maxCapacity;
        this.createdMs = createdMs;
        this.firstRecordNo = firstRecordNo;
    }

    // ---- appending (application threads, partition lock held) --------------------------------------------

    private int maxRecordBytes;

    /**
     * Appends a record if it fits in the current buffer.
     *
     * @return the record's offset delta, or -1 if it does not fit (nothing written, nothing kept)
     */
    int tryAppend(long timestamp, byte[] key, byte[] value, Header[] headers, RecordCompletion completion) {
        int before = builder.sizeInBytes();
        int offsetDelta = builder.tryAppend(timestamp, key, value, headers);
        if (offsetDelta < 0) {
            return -1;
        }
        recordCount = offsetDelta + 1;
        int recordBytes = builder.sizeInBytes() - before;
        if (recordBytes > maxRecordBytes) {
            maxRecordBytes = recordBytes; // for record-size-max, measured per batch rather than per send()
        }
        if (completion != null) {
            keep(offsetDelta, completion);
        }
        return offsetDelta;
    }

    /**
     * Takes back the record just appended by {@link #tryAppend} (its journal refused it). Under the partition lock,
     * before anything else touched the batch.
     */
    void undoLastAppend(int sizeBefore, long maxTimestampBefore) {
        builder.undoLastAppend(sizeBefore, maxTimestampBefore);
        if (completions != null && recordCount - 1 < completions.length) {
            completions[recordCount - 1] = null;
        }
        recordCount--;
    }

    /** The last {@code bytes} bytes written: the encoded record just appended (a read-only view). */
    public ByteBuffer lastRecordBytes(int bytes) {
        ByteBuffer view = buffer.asReadOnlyBuffer();
        int end = builder.sizeInBytes();
        view.limit(end).position(end - bytes);
        return view.slice();
    }

    /** The first record's timestamp (records store theirs relative to it), or -1 while empty. */
    public long baseTimestamp() {
        return builder != null ? builder.baseTimestamp() : RecordBatch.NO_TIMESTAMP;
    }

    /** The largest record timestamp so far. */
    long maxTimestamp() {
        return builder.maxTimestamp();
    }

    /** The spool position of this batch's first record, or -1 (no spool, or not written yet). */
    public long spoolPosition() {
        return spoolPosition;
    }

    void spoolPosition(long position) {
        if (spoolPosition < 0) {
            spoolPosition = position;
        }
    }

    /** The array of this batch's completions, or null (tests: no two live batches may share one). */
    RecordCompletion[] completionArray() {
        return completions;
    }

    private void keep(int offsetDelta, RecordCompletion completion) {
        if (completions == null) {
            // Sized for the buffer at hand, grown by doubling; a batch of batch.size or more takes a recycled array
            // (a larger one - a compressed topic's, or an oversized record's - grows it if it needs more).
            completions = resources.completionArray(
                    Math.max(offsetDelta + 1, resources.completionSlotsFor(chargedBytes)));
        } else if (offsetDelta >= completions.length) {
            // Grown through the pool, as the buffer is: the next length comes recycled when one is free, and the
            // outgrown array goes back (only this batch referred to it), so batches that grow the same way each
            // time leave no array behind.
            RecordCompletion[] outgrown = completions;
            completions = resources.completionArray(Math.max(offsetDelta + 1, outgrown.length * 2));
            System.arraycopy(outgrown, 0, completions, 0, outgrown.length);
            resources.recycleCompletions(outgrown, outgrown.length);
        }
        completions[offsetDelta] = completion;
    }

    /**
     * Continues the batch in {@code bigger} (charged by the caller at its capacity); returns the bytes of the old
     * buffer, which the caller releases. The old buffer becomes garbage: nothing refers to it any more.
     */
    int moveTo(ByteBuffer bigger) {
        int old = chargedBytes;
        builder.moveTo(bigger);
        buffer = bigger;
        chargedBytes = bigger.capacity();
        return old;
    }

    /** Whether the batch may grow at all: open, and below its maximum capacity. */
    boolean canGrow() {
        return stage == Stage.OPEN && chargedBytes < maxCapacity;
    }

    /** No more appends: the batch is full, a newer batch was started, or it is being drained. */
    void seal() {
        if (stage == Stage.OPEN) {
            stage = Stage.SEALED;
        }
    }

    boolean isOpen() {
        return stage == Stage.OPEN;
    }

    /** Partition lock held: the batch entered or left its partition's queue. */
    void setQueued(boolean queued) {
        this.queued = queued;
    }

    boolean isQueued() {
        return queued;
    }

    Stage stage() {
        return stage;
    }

    int capacity() {
        return chargedBytes;
    }

    int maxCapacity() {
        return maxCapacity;
    }

    /**
     * Full: no more appends will come. Sealed batches are full by definition; an open one at its maximum capacity
     * counts as full when not even the smallest record (7 bytes) fits any more.
     */
    boolean isFull() {
        return stage != Stage.OPEN
                || (chargedBytes >= maxCapacity && builder.maxBatchBytes() - builder.sizeInBytes() < 7);
    }

    // ---- sender side -------------------------------------------------------------------------------------

    /** Drained for a request (partition lock held): no more appends, one more attempt. */
    void markDrained(long nowMs) {
        stage = Stage.IN_FLIGHT;
        handedOut = false;
        attempts++;
        lastDrainMs = nowMs;
        if (firstDrainMs < 0) {
            firstDrainMs = nowMs;
        }
    }

    /** Queued again after a failed attempt (partition lock held). */
    void markRetry(long retryAtMs) {
        if (stage != Stage.IN_FLIGHT) {
            throw new IllegalStateException("only a batch in flight can be re-enqueued; " + this + " is " + stage);
        }
        this.stage = Stage.RETRY;
        this.retryAtMs = retryAtMs;
        this.handedOut = false; // the request that held the bytes is over
    }

    /** True while a retry's backoff has not elapsed. */
    boolean isBackingOff(long nowMs) {
        return stage == Stage.RETRY && nowMs < retryAtMs;
    }

    /**
     * Stamps the batch: writes the header with the producer state and signs the CRC, after which the bytes are
     * final. The {@link DrainHook} does this once, when the batch is first drained; a retried batch keeps its
     * bytes and sequence. With compression, the drain then replaces the wire bytes by their compressed copy
     * ({@link #useCompressed}).
     *
     * @param producerId    -1 if not idempotent
     * @param producerEpoch -1 if not idempotent
     * @param baseSequence  sequence of the first record, -1 if not idempotent
     * @throws IllegalStateException if already stamped or still appendable
     */
    public void stamp(long producerId, short producerEpoch, int baseSequence) {
        stamp(producerId, producerEpoch, baseSequence, false);
    }

    /** As {@link #stamp(long, short, int)}, setting the transactional attribute. */
    public void stamp(long producerId, short producerEpoch, int baseSequence, boolean transactional) {
        if (wire != null) {
            throw new IllegalStateException(this + " is already stamped");
        }
        if (stage == Stage.OPEN) {
            throw new IllegalStateException(this + " is still open for appends: drain it first");
        }
        plain = builder.close(producerId, producerEpoch, baseSequence, transactional);
        wire = plain;
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        this.transactional = transactional;
    }

    /** I/O thread: the stamped, uncompressed bytes (a read-only view), to compress or to split. */
    ByteBuffer uncompressedBytes() {
        if (plain == null) {
            throw new IllegalStateException(this + " is not stamped yet");
        }
        return plain.asReadOnlyBuffer();
    }

    /**
     * I/O thread: the stamped, uncompressed bytes for the compressor, which only reads them. Not read-only, unlike
     * {@link #uncompressedBytes()}: a read-only buffer hides its array, and the codecs, which work on arrays, would
     * copy the whole batch first.
     */
    ByteBuffer uncompressedBytesToCompress() {
        if (plain == null) {
            throw new IllegalStateException(this + " is not stamped yet");
        }
        return plain.duplicate();
    }

    /**
     * I/O thread, right after {@link #stamp}: {@code compressed} (already charged to {@code buffer.memory}) is
     * what goes on the wire from now on; the uncompressed bytes stay for the hooks and for a split.
     */
    void useCompressed(ByteBuffer compressed) {
        if (wire != plain || plain == null) {
            throw new IllegalStateException(this + " is not freshly stamped: cannot compress it");
        }
        wire = compressed;
        wireChargedBytes = compressed.capacity();
    }

    /**
     * Re-stamps a stamped batch (an idempotent producer's epoch bump, or a retry stamped under an older epoch):
     * patches the producer id, epoch and base sequence in place and re-signs the CRC. Allowed while the batch is
     * queued, or drained but not yet handed out for this attempt ({@link #records()} not called since the drain) -
     * i.e. whenever no request can be holding its bytes.
     *
     * @throws IllegalStateException if not stamped, or if its bytes were handed out for the current attempt and
     *                               may be on the wire: such bytes never change (compare KAFKA-19012)
     */
    public void rewriteProducerState(long producerId, short producerEpoch, int baseSequence) {
        if (wire == null) {
            throw new IllegalStateException(this + " is not stamped yet: stamp it with the new state instead");
        }
        if (handedOut && stage == Stage.IN_FLIGHT) {
            throw new IllegalStateException(this + " was handed out for sending: its bytes may be on the wire and"
                    + " must not change until it is re-enqueued");
        }
        RecordBatchBuilder.rewriteProducerState(wire.duplicate(), producerId, producerEpoch, baseSequence);
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
    }

    /**
     * The stamped batch's bytes (a fresh read-only view each call), for the Produce request. From this call until the
     * batch is re-enqueued or done, the bytes count as possibly on the wire: {@link #rewriteProducerState} refuses.
     */
    public ByteBuffer records() {
        if (wire == null) {
            throw new IllegalStateException(this + " is not stamped yet");
        }
        handedOut = true;
        return wire.asReadOnlyBuffer();
    }

    /** Whether the bytes are final (stamped with the producer state). */
    public boolean isStamped() {
        return wire != null;
    }

    // ---- completion --------------------------------------------------------------------------------------

    /**
     * The broker acknowledged the batch: completes every record with {@code baseOffset + relativeOffset} and
     * {@code logAppendTime} (or its own CreateTime when the broker returned -1), then releases the memory.
     *
     * @param baseOffset    the batch's first offset, or -1 if unknown (e.g. DUPLICATE_SEQUENCE_NUMBER)
     * @param logAppendTime the broker's timestamp for LogAppendTime topics, else -1
     * @return true; false only when the batch was already aborted by a forced close (a late response)
     * @throws IllegalStateException if the batch was already completed or failed (a bug in the caller), or is
     *                               still queued in the accumulator
     */
    public boolean complete(long baseOffset, long logAppendTime) {
        if (!claim(SUCCEEDED)) {
            return false;
        }
        settle(baseOffset, logAppendTime, null, requestsOutstanding == 0, requestsOutstanding > 0);
        return true;
    }

    /** Sender thread: a produce request holding this batch's bytes was handed to the network. */
    public void onRequestSent() {
        requestsOutstanding++;
    }

    /**
     * Sender thread: a request this batch was in has finished - answered, or failed with its connection closed -
     * so the network layer will not touch the batch's bytes for it again. Call before completing the batch.
     */
    public void onRequestFinished() {
        if (requestsOutstanding > 0) {
            requestsOutstanding--;
        }
        if (requestsOutstanding == 0 && heldBytes > 0) {
            int bytes = heldBytes;
            heldBytes = 0;
            resources.release(bytes); // the network has let go of the bytes: now they are really free
        }
    }

    /** Sender thread: whether a produce request holding this batch's bytes is still outstanding. */
    boolean hasRequestOutstanding() {
        return requestsOutstanding > 0;
    }

    /**
     * Sender thread: {@code delivery.timeout.ms} passed while a produce request holding this batch is still
     * outstanding. The records fail now with {@code timeout} (their life is bounded by the delivery timeout, not by
     * the delivery timeout plus {@code request.timeout.ms}); the batch's bytes stay as they are - charged to
     * {@code buffer.memory}, never recycled - until the request is answered or times out
     * ({@link #onRequestFinished}), since the network may still be writing them (KAFKA-19012). That late answer
     * must not complete the records again: see {@link #expiredInFlight()}.
     *
     * @return false if a forced close aborted the batch first
     * @throws IllegalStateException if no request holding the batch is outstanding (expire it from its queue
     *                               instead), or it is already done otherwise
     */
    boolean expireInFlight(RuntimeException timeout) {
        if (requestsOutstanding == 0) {
            throw new IllegalStateException("cannot expire " + this + " as in flight: no request holding it is"
                    + " outstanding");
        }
        if (!claim(FAILED)) {
            return false;
        }
        expiredInFlight = true;
        settle(-1, -1, timeout, false, true);
        return true;
    }

    /**
     * Sender thread: the records were failed by {@code delivery.timeout.ms} while a request holding them was
     * outstanding. The request's answer, when it comes, settles only the idempotent sequence (a success advances
     * it; an error is a final failure of a batch with a sequence) and the batch is neither completed again nor
     * retried.
     */
    public boolean expiredInFlight() {
        return expiredInFlight;
    }

    /**
     * The batch failed for good (not retriable, out of retries, or expired): fails every record with
     * {@code exception}, then releases the memory.
     *
     * @return true; false only when the batch was already aborted by a forced close
     * @throws IllegalStateException as {@link #complete}
     */
    public boolean fail(RuntimeException exception) {
        if (exception == null) {
            throw new NullPointerException("exception");
        }
        if (!claim(FAILED)) {
            return false;
        }
        settle(-1, -1, exception, requestsOutstanding == 0, requestsOutstanding > 0);
        return true;
    }

    /** Forced close: like {@link #fail} but a later complete/fail is ignored instead of being a bug. */
    boolean abort(RuntimeException exception) {
        if (!finalState.compareAndSet(PENDING, ABORTED)) {
            return false;
        }
        // Any thread, maybe while a request still holds it: never recycled. Its memory is released at once (not
        // held for the request): the producer is closing, nothing more will be appended.
        settle(-1, -1, exception, false, false);
        return true;
    }

    private boolean claim(int outcome) {
        if (queued && finalState.get() == PENDING) {
            // Still reachable by appends and drains: completing it here would leave a done batch in its queue.
            throw new IllegalStateException("cannot " + verb(outcome) + " " + this + ": it is still queued in the"
                    + " accumulator; drain it first, or let expiry/abortAll take it out");
        }
        if (finalState.compareAndSet(PENDING, outcome)) {
            return true;
        }
        int was = finalState.get();
        if (was == ABORTED || (was == FAILED && expiredInFlight)) {
            // A response arriving after a forced close, or after the records expired in flight: expected, and
            // the records are not completed twice.
            return false;
        }
        throw new IllegalStateException("cannot " + verb(outcome) + " " + this + ": it was already "
                + pastTense(was) + " (each batch completes exactly once; this is a bug in the caller)");
    }

    /**
     * Hands the decided outcome over. Memory first (a waiting append can proceed), then the hooks (one task for
     * the whole batch: see {@link CompletionExecutor}), then the latch: a flush waiting on it then waits for the
     * handed-over hooks on the callback thread. The task reads the buffer after its bytes were released, so the
     * buffer goes back to the pool only after the hooks ran, and only if {@code recyclable}: called on the sender
     * thread with no request holding the batch outstanding ({@link BufferPool} has the whole invariant). With
     * {@code holdMemory} (sender thread, a request still holds the bytes) the bytes stay charged to
     * {@code buffer.memory} until {@link #onRequestFinished}: they are not free while the network may write them.
     */
    private void settle(long baseOffset, long logAppendTime, RuntimeException exception, boolean recyclable,
                        boolean holdMemory) {
        if (finalState.get() != ABORTED) {
            // Aborted by a forced close: not sent, so the spool keeps them for the next producer on it.
            resources.journalDone(this);
        }
        if (holdMemory) {
            heldBytes = chargedBytes();
            resources.done(this, 0);
        } else {
            resources.done(this, chargedBytes());
        }
        try {
            RecordCompletion[] hooks = completions;
            completions = null;
            ByteBuffer reusable = recyclable ? buffer : null;
            // The compressed copy, if any, falls under the same rule as the buffer: no request holds it any more.
            // The hooks read only the uncompressed bytes, but one hand-back point keeps the rule in one place.
            ByteBuffer reusableWire = recyclable && wire != null && wire != plain ? wire : null;
            if (hooks != null) {
                resources.completionExecutor().execute(() -> {
                    try {
                        runHooks(hooks, baseOffset, logAppendTime, exception);
                        resources.recycleCompletions(hooks, recordCount); // every hook has run: none is kept
                    } finally {
                        resources.recycle(reusable);
                        resources.recycle(reusableWire);
                    }
                }, chargedBytes, holdMemory ? null : resources.memory()); // held: still charged anyway
            } else {
                resources.recycle(reusable);
                resources.recycle(reusableWire);
            }
        } finally {
            done.countDown();
        }
    }

    /**
     * Walks the records in the batch bytes - the same layout whether or not the batch was stamped, since records
     * are written in their final form from the first append - to recover each one's timestamp and key/value
     * sizes without having stored them. Reads only the varint fields, skips key and value; no allocation per
     * record.
     *
     * <p>Why every field goes through the one {@link VarintCursor#next()}: the JIT profiles a method's branches
     * per method, not per call site. Record lengths and value sizes take two varint bytes from the first batch
     * on, so that shared loop is compiled for multi-byte values at once; a timestamp delta read by a method of its
     * own is one byte while a batch lingers briefly and two later, and that first two-byte delta would
     * de-optimise and recompile the whole loop ({@code unstable_if}). Reading the heap array directly also skips
     * ByteBuffer's per-byte bounds and position bookkeeping.
     */
    private void runHooks(RecordCompletion[] hooks, long baseOffset, long logAppendTime,
                          RuntimeException exception) {
        VarintCursor in = new VarintCursor(buffer, builder.sizeInBytes());
        long baseTimestamp = builder.baseTimestamp();
        int n = Math.min(recordCount, hooks.length);
        for (int i = 0; i < n; i++) {
            int length = (int) in.next();
            int next = in.position + length;
            RecordCompletion c = hooks[i];
            if (c != null) {
                in.position++; // attributes
                long timestampDelta = in.next();
                in.next(); // offsetDelta: equals i
                int keySize = (int) in.next();
                if (keySize > 0) {
                    in.position += keySize;
                }
                int valueSize = (int) in.next();
                long offset = exception == null && baseOffset >= 0 ? baseOffset + i : -1;
                // base + delta is right even for -1 ("no timestamp"): the builder made deltas relative to it.
                long timestamp = exception == null && logAppendTime >= 0 ? logAppendTime
                        : baseTimestamp + timestampDelta;
                try {
                    c.onCompletion(tp, offset, timestamp, keySize, valueSize, exception);
                } catch (RuntimeException e) {
                    log.error("Completion hook of a record in {} threw; continuing with the other records", tp, e);
                }
            }
            in.position = next;
        }
    }

    /**
     * Reads the zigzag varints of records this producer wrote itself (so well formed, and never beyond the
     * array: a bad length would end in an {@code ArrayIndexOutOfBoundsException}, not in a wrong read).
     * Starts after the batch header.
     */
    private static final class VarintCursor {
        final byte[] a;
        /** Index into {@link #a}. */
        int position;

        VarintCursor(ByteBuffer buffer, int sizeInBytes) {
            if (buffer.hasArray()) {
                a = buffer.array();
                position = buffer.arrayOffset() + RecordBatch.HEADER_SIZE;
            } else { // not made by this producer's pool; copy once rather than keep a second parser
                a = new byte[sizeInBytes];
                buffer.duplicate().position(0).get(a);
                position = RecordBatch.HEADER_SIZE;
            }
        }

        long next() {
            long raw = 0;
            int shift = 0;
            byte b;
            do {
                b = a[position++];
                raw |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0 && shift < 70);
            return (raw >>> 1) ^ -(raw & 1);
        }
    }

    /** Whether the batch is done (any outcome). */
    public boolean isDone() {
        return finalState.get() != PENDING;
    }

    /**
     * Waits until this batch's records are all done: its own hooks ran, or - if it was split - every smaller
     * batch its records went to is done.
     *
     * @return false if {@code deadlineNanos} (a {@link System#nanoTime()} value) passed first
     */
    boolean awaitDone(long deadlineNanos) throws InterruptedException {
        if (!done.await(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        for (ProducerBatch child : children) {
            if (!child.awaitDone(deadlineNanos)) {
                return false;
            }
        }
        return true;
    }

    // ---- splitting (I/O thread; the plan and the children are BatchSplitter's) ----------------------------

    /** Whether a forced close aborted the batch (a split then has nothing left to do). */
    boolean isAborted() {
        return finalState.get() == ABORTED;
    }

    /** A split child: a batch built by the split, as if drained (the accumulator re-enqueues it like a retry). */
    static ProducerBatch splitChild(ProducerBatch parent, ByteBuffer buffer, int from) {
        ProducerBatch c = new ProducerBatch(parent.resources, parent.tp, buffer, buffer.capacity(), parent.createdMs,
                parent.firstRecordNo + from);
        c.stage = Stage.IN_FLIGHT;
        c.attempts = parent.attempts;
        c.firstDrainMs = parent.firstDrainMs;
        c.lastDrainMs = parent.lastDrainMs;
        // Its records are some of the parent's, so they are in the spool no lower than the parent's first: without
        // this the spool's release would wait for the child, not knowing where its records are.
        c.spoolPosition = parent.spoolPosition;
        return c;
    }

    /** A split child being built: appends one of the parent's records; the offset delta it got. */
    int appendForSplit(long timestamp, ByteBuffer key, ByteBuffer value, Header[] headers) {
        int k = builder.tryAppend(timestamp, key, value, headers);
        if (k >= 0) {
            recordCount = k + 1;
        }
        return k;
    }

    /** The producer state a split child inherits for its first record at {@code from}. */
    void stampAsSplitOf(ProducerBatch parent, int from) {
        int childSequence = parent.baseSequence == RecordBatch.NO_SEQUENCE ? RecordBatch.NO_SEQUENCE
                : (int) ((parent.baseSequence + (long) from) % (Integer.MAX_VALUE + 1L)); // sequences wrap to 0
        stamp(parent.producerId, parent.producerEpoch, childSequence, parent.transactional);
    }

    /**
     * Drops a batch that never held a record (its only record was taken back): it leaves the incomplete set and its
     * memory is released. Under the partition lock, after removing it from the queue.
     */
    void discardEmpty() {
        if (recordCount != 0 || !finalState.compareAndSet(PENDING, ABORTED)) {
            throw new IllegalStateException("cannot discard " + this);
        }
        resources.done(this, chargedBytes());
        done.countDown();
    }

    /**
     * Commits a split: the batch is done as SPLIT (no hook runs), each record's hook moves to the child that now
     * holds the record ({@code ranges[i]} = the records {@code [from, to)} of {@code children.get(i)}), the
     * children become incomplete batches before this one leaves that set (so a concurrent flush or abort always
     * sees the records), and this batch's memory is released.
     *
     * @return false if a forced close aborted the batch first (nothing changed: the caller gives the children's
     *         memory back)
     * @throws IllegalStateException if the batch was already completed, failed or split
     */
    boolean commitSplit(List<ProducerBatch> children, List<int[]> ranges) {
        if (!finalState.compareAndSet(PENDING, SPLIT)) {
            if (finalState.get() == ABORTED) {
                return false;
            }
            throw new IllegalStateException("cannot split " + this + ": it is already " + pastTense(finalState.get()));
        }
        for (int n = 0; n < ranges.size(); n++) {
            int[] range = ranges.get(n);
            ProducerBatch c = children.get(n);
            for (int i = range[0]; completions != null && i < Math.min(range[1], completions.length); i++) {
                if (completions[i] != null) {
                    c.keep(i - range[0], completions[i]);
                    completions[i] = null;
                }
            }
            resources.register(c);
        }
        this.children = Collections.unmodifiableList(children);
        resources.done(this, chargedBytes());
        done.countDown();
        return true;
    }

    /** Whether the stamped wire bytes are a compressed copy of the uncompressed ones. */
    boolean isCompressed() {
        return wire != null && wire != plain;
    }

    /** The wire bytes' size (compressed, when compressed). */
    int wireBytes() {
        return wire.remaining();
    }

    // ---- accessors ---------------------------------------------------------------------------------------

    public TopicPartition topicPartition() {
        return tp;
    }

    /** The largest record appended, in bytes as written (for metrics). */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    public int recordCount() {
        return recordCount;
    }

    /** Bytes of the batch as it would be sent now, header included: compressed, once stamped with compression. */
    public int sizeInBytes() {
        return wire != null ? wire.remaining() : builder.sizeInBytes();
    }

    /** Bytes charged to {@code buffer.memory} for this batch: its buffer's capacity, plus its compressed copy. */
    public int chargedBytes() {
        return chargedBytes + wireChargedBytes;
    }

    /** Uncompressed bytes of the batch, header included (equal to {@link #sizeInBytes()} without compression). */
    public int uncompressedSizeInBytes() {
        return builder.sizeInBytes();
    }

    /** Monotonic ms of the first record's append (or of the original batch, for a split one). */
    public long createdMs() {
        return createdMs;
    }

    /** Times drained for a request (the first send counts 1). */
    public int attempts() {
        return attempts;
    }

    /** Monotonic ms before which a retry is not sent; meaningful after {@link BatchDrainer#reenqueue}. */
    public long retryAtMs() {
        return retryAtMs;
    }

    /** When the batch was first drained, or -1. */
    public long firstDrainMs() {
        return firstDrainMs;
    }

    /** When the batch was last drained, or -1. */
    public long lastDrainMs() {
        return lastDrainMs;
    }

    /** True once sent at least once (drained): expiring it leaves its sequence's fate unknown. */
    public boolean hasBeenSent() {
        return attempts > 0;
    }

    public long producerId() {
        return producerId;
    }

    public short producerEpoch() {
        return producerEpoch;
    }

    /** The base sequence it was stamped with, or -1. */
    /**
     * I/O thread: whether the spool has yet to note this batch's current producer id, epoch and sequence (and
     * remembers that it now has).
     */
    public boolean spoolIdentityChanged() {
        if (spooledProducerId == producerId && spooledEpoch == producerEpoch && spooledSequence == baseSequence) {
            return false;
        }
        spooledProducerId = producerId;
        spooledEpoch = producerEpoch;
        spooledSequence = baseSequence;
        return true;
    }

    public int baseSequence() {
        return baseSequence;
    }

    public long firstRecordNo() {
        return firstRecordNo;
    }

    /** The buffer the batch lives in now (tests: the no-reuse invariant compares these across live batches). */
    ByteBuffer buffer() {
        return buffer;
    }

    /** The buffer of its compressed copy, or null when the batch is not compressed (tests, as {@link #buffer()}). */
    ByteBuffer compressedBuffer() {
        return wire != null && wire != plain ? wire : null;
    }

    /** The smaller batches this one was split into (empty unless split). */
    List<ProducerBatch> children() {
        return children;
    }

    @Override
    public String toString() {
        return "ProducerBatch(" + tp + ", records=" + recordCount + ", bytes=" + sizeInBytes() + ", capacity="
                + chargedBytes + ", createdMs=" + createdMs + ", attempts=" + attempts + ", stage=" + stage
                + (baseSequence >= 0 ? ", baseSequence=" + baseSequence : "") + ")";
    }

    private static String verb(int outcome) {
        switch (outcome) {
            case SUCCEEDED:
                return "complete";
            case FAILED:
                return "fail";
            case ABORTED:
                return "abort";
            default:
                return "split";
        }
    }

    private static String pastTense(int outcome) {
        switch (outcome) {
            case SUCCEEDED:
                return "completed";
            case FAILED:
                return "failed";
            case ABORTED:
                return "aborted";
            case SPLIT:
                return "split";
            default:
                return "pending";
        }
    }

}
