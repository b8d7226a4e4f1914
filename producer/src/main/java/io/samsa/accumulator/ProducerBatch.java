package io.samsa.accumulator;

import io.samsa.common.TopicPartition;
import io.samsa.common.header.Header;
import io.samsa.protocol.record.Record;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
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
 *   │  appends go here                                   (closed:     │   ▲
 *   │  (buffer may grow)                                  final bytes) │   │ drain (after backoff)
 *   └─ expire/abort ──&gt; done                                reenqueue ▼   │
 *                                                                   RETRY (queued again, same bytes,
 *                                                                          same sequence)
 *  IN_FLIGHT ──split (MESSAGE_TOO_LARGE)──&gt; done as SPLIT; its records' hooks move to the smaller batches
 * </pre>
 * Done is one of SUCCEEDED, FAILED, ABORTED (forced close) or SPLIT, set once by compare-and-set: every record's
 * hook runs exactly once. A second {@link #complete}/{@link #fail} is a bug in the caller and throws, with two
 * exceptions: after {@link RecordAccumulator#abortAll} (forced close), or after the batch expired while its request
 * was outstanding ({@link #expireInFlight}), a late response for it is expected, and is ignored (the call returns
 * false).
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
 * compression, so is the compressed copy made at close, since both live until the batch is done - and released
 * exactly once, when the batch is done (never on retry: a retried batch resends the same bytes). The buffer may go
 * to another batch only through {@link BufferPool}, and only once the batch is done, no produce request holding
 * it is outstanding ({@link #onRequestSent}/{@link #onRequestFinished}) and its records' completions have read
 * it: a request can never see another batch's data (KAFKA-19012).
 */
public final class ProducerBatch {

    private static final Logger log = LoggerFactory.getLogger(ProducerBatch.class);

    private static final int PENDING = 0;
    private static final int SUCCEEDED = 1;
    private static final int FAILED = 2;
    private static final int ABORTED = 3;
    private static final int SPLIT = 4;

    private static final int MIN_RECORD_SLOTS = 16;

    enum Stage { OPEN, SEALED, IN_FLIGHT, RETRY }

    private final RecordAccumulator owner;
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

    // ---- sender-thread state -------------------------------------------------------------------------------
    /** The closed batch as sent: {@link #plain} itself, or its compressed copy. */
    private ByteBuffer wire;
    /**
     * The closed, uncompressed batch (a view of {@link #buffer}): what a split re-batches. Its header's producer
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

    ProducerBatch(RecordAccumulator owner, TopicPartition tp, ByteBuffer buffer, int maxCapacity, long createdMs,
                  long firstRecordNo) {
        this.owner = owner;
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

    private void keep(int offsetDelta, RecordCompletion completion) {
        if (completions == null) {
            // Sized for the buffer at hand (a small record every ~64 bytes), grown by doubling.
            completions = new RecordCompletion[Math.max(MIN_RECORD_SLOTS,
                    Math.max(offsetDelta + 1, chargedBytes / 64))];
        } else if (offsetDelta >= completions.length) {
            completions = Arrays.copyOf(completions, Math.max(offsetDelta + 1, completions.length * 2));
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
     * Writes the batch header with the producer state and returns the final bytes for the Produce request. The
     * sender calls this once, when the batch is first drained (through the {@link DrainHook}); a retried batch
     * keeps its bytes and sequence.
     *
     * @param producerId    -1 if not idempotent
     * @param producerEpoch -1 if not idempotent
     * @param baseSequence  sequence of the first record, -1 if not idempotent
     * @return a read-only view of the batch bytes (not yet counted as handed out: see {@link #records()})
     * @throws IllegalStateException if already closed or still appendable
     */
    public ByteBuffer close(long producerId, short producerEpoch, int baseSequence) {
        return close(producerId, producerEpoch, baseSequence, false);
    }

    /** As {@link #close(long, short, int)}, setting the transactional attribute. */
    public ByteBuffer close(long producerId, short producerEpoch, int baseSequence, boolean transactional) {
        if (wire != null) {
            throw new IllegalStateException(this + " is already closed");
        }
        if (stage == Stage.OPEN) {
            throw new IllegalStateException(this + " is still open for appends: drain it first");
        }
        plain = builder.close(producerId, producerEpoch, baseSequence, transactional);
        // Compression, if configured, happens here: once per batch, on the sender thread, with no lock held.
        wire = owner.compress(this, plain);
        wireChargedBytes = wire == plain ? 0 : wire.capacity();
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        this.transactional = transactional;
        return wire.asReadOnlyBuffer();
    }

    /**
     * Renumbers a closed batch (an idempotent producer's epoch bump, or a retry closed under an older epoch):
     * patches the producer id, epoch and base sequence in place and re-signs the CRC. Allowed while the batch is
     * queued, or drained but not yet handed out for this attempt ({@link #records()} not called since the drain) -
     * i.e. whenever no request can be holding its bytes.
     *
     * @throws IllegalStateException if not closed, or if its bytes were handed out for the current attempt and
     *                               may be on the wire: such bytes never change (compare KAFKA-19012)
     */
    public void rewriteProducerState(long producerId, short producerEpoch, int baseSequence) {
        if (wire == null) {
            throw new IllegalStateException(this + " is not closed yet: close it with the new state instead");
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
     * The closed batch's bytes (a fresh read-only view each call), for the Produce request. From this call until the
     * batch is re-enqueued or done, the bytes count as possibly on the wire: {@link #rewriteProducerState} refuses.
     */
    public ByteBuffer records() {
        if (wire == null) {
            throw new IllegalStateException(this + " is not closed yet");
        }
        handedOut = true;
        return wire.asReadOnlyBuffer();
    }

    public boolean isClosed() {
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
        finish(baseOffset, logAppendTime, null, requestsOutstanding == 0, requestsOutstanding > 0);
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
            owner.releaseHeld(bytes); // the network has let go of the bytes: now they are really free
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
        finish(-1, -1, timeout, false, true);
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
        finish(-1, -1, exception, requestsOutstanding == 0, requestsOutstanding > 0);
        return true;
    }

    /** Forced close: like {@link #fail} but a later complete/fail is ignored instead of being a bug. */
    boolean abort(RuntimeException exception) {
        if (!finalState.compareAndSet(PENDING, ABORTED)) {
            return false;
        }
        // Any thread, maybe while a request still holds it: never recycled. Its memory is released at once (not
        // held for the request): the producer is closing, nothing more will be appended.
        finish(-1, -1, exception, false, false);
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
     * Memory first (a waiting append can proceed), then the hooks are handed over (one task for the whole batch:
     * see {@link CompletionExecutor}), then the latch: a flush waiting on it then waits for the handed-over
     * hooks on the callback thread. The task reads the buffer after its bytes were released, so the buffer goes
     * back to the pool only after the hooks ran, and only if {@code recyclable}: called on the sender thread with
     * no request holding the batch outstanding ({@link BufferPool} has the whole invariant). With
     * {@code holdMemory} (sender thread, a request still holds the bytes) the bytes stay charged to
     * {@code buffer.memory} until {@link #onRequestFinished}: they are not free while the network may write them.
     */
    private void finish(long baseOffset, long logAppendTime, RuntimeException exception, boolean recyclable,
                        boolean holdMemory) {
        if (holdMemory) {
            heldBytes = chargedBytes();
            owner.onBatchDone(this, false);
        } else {
            owner.onBatchDone(this, true);
        }
        try {
            RecordCompletion[] hooks = completions;
            completions = null;
            ByteBuffer reusable = recyclable ? buffer : null;
            if (hooks != null) {
                owner.completionExecutor().execute(() -> {
                    try {
                        runHooks(hooks, baseOffset, logAppendTime, exception);
                    } finally {
                        owner.recycle(reusable);
                    }
                }, chargedBytes, holdMemory ? null : owner.memory()); // held: still charged anyway
            } else {
                owner.recycle(reusable);
            }
        } finally {
            done.countDown();
        }
    }

    /**
     * Walks the records in the batch bytes - the same layout whether or not the batch was closed, since records
     * are written in their final form from the first append - to recover each one's timestamp and key/value
     * sizes without having stored them. Reads only the varint fields, skips key and value; no allocation per
     * record.
     *
     * <p>Why every field goes through the one {@link VarintCursor#next()}: the JIT profiles a method's branches
     * per method, not per call site. Record lengths and value sizes take two varint bytes from the first batch
     * on, so that shared loop is compiled for multi-byte values at once; a timestamp delta read by a method of
     * its own was one byte for the first ~64 ms of lingering and then two, and that first two-byte delta
     * de-optimised and recompiled this whole loop (JFR {@code jdk.Deoptimization}: {@code unstable_if}, about
     * 0.3 s of compiler time per perf run). Reading the heap array directly also skips ByteBuffer's per-byte
     * bounds and position bookkeeping (a third of the callback thread in the profile).
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

    // ---- splitting ---------------------------------------------------------------------------------------

    /**
     * Splits a closed batch the broker rejected as too large (MESSAGE_TOO_LARGE) into smaller closed batches of at
     * most {@code targetBytes} each (a record bigger than that gets a batch of its own), keeping record order, each
     * record's hook, timestamp and sizes, the producer state (each child's base sequence is the parent's plus its
     * first record's offset delta), the creation time (for {@code delivery.timeout.ms}) and the attempt count.
     * Always at least two children: if everything would fit in one, the records are halved.
     *
     * <p>The children's buffers are charged to {@code buffer.memory} without blocking (this runs on the sender
     * thread, which is the thread that frees memory); the parent's buffer is released and the parent is done
     * (SPLIT) without running any hook.
     *
     * @return the children; empty if a forced close ({@code abortAll}) aborted the batch first
     * @throws IllegalStateException if the batch is not in flight and closed, has a single record (nothing to
     *                               split: fail it instead), or is already completed, failed or split
     */
    List<ProducerBatch> splitForRetry(int targetBytes) {
        if (finalState.get() == ABORTED) {
            return List.of(); // a forced close got there first: nothing left to split
        }
        if (wire == null || stage != Stage.IN_FLIGHT) {
            throw new IllegalStateException("only a closed batch in flight can be split; " + this + " is " + stage
                    + (wire == null ? ", not closed" : ""));
        }
        if (recordCount < 2) {
            throw new IllegalStateException("cannot split " + this + ": it holds a single record; fail it with"
                    + " MESSAGE_TOO_LARGE instead");
        }
        List<Record> records = new ArrayList<>(recordCount);
        for (Iterator<Record> it = RecordBatch.wrap(plain).iterator(); it.hasNext(); ) {
            records.add(it.next());
        }
        if (wire != plain) {
            // targetBytes is about the wire (what the broker measured); the split plans in uncompressed bytes, so
            // scale it by this batch's own ratio: half the wire size -> about half the records.
            targetBytes = (int) Math.min(Integer.MAX_VALUE,
                    (long) targetBytes * plain.remaining() / Math.max(1, wire.remaining()));
        }

        // Plan: exact sizes relative to each child's own first record (offset and timestamp deltas change).
        List<int[]> ranges = plan(records, Math.max(targetBytes, RecordBatch.HEADER_SIZE));
        if (ranges.size() < 2) {
            int half = recordCount / 2;
            ranges = List.of(new int[] {0, half, exactSize(records, 0, half)},
                    new int[] {half, recordCount, exactSize(records, half, recordCount)});
        }

        // Everything that can fail happens before the parent is marked SPLIT: on failure the parent is untouched
        // (still in flight, hooks in place, so the sender can fail it) and the children's memory is given back.
        List<ProducerBatch> out = new ArrayList<>(ranges.size());
        boolean claimed = false;
        try {
            for (int[] range : ranges) {
                out.add(child(records, range[0], range[1], range[2]));
            }
            claimed = finalState.compareAndSet(PENDING, SPLIT);
            if (!claimed && finalState.get() != ABORTED) {
                throw new IllegalStateException("cannot split " + this + ": it is already "
                        + pastTense(finalState.get()));
            }
        } finally {
            if (!claimed) {
                for (ProducerBatch c : out) {
                    owner.releaseUnregistered(c);
                }
            }
        }
        if (!claimed) {
            return List.of(); // aborted by a forced close while we were building the children
        }
        // Committed: nothing below can fail. Hooks move to the children, which become the incomplete batches,
        // before the parent leaves the incomplete set (a concurrent flush or abort always sees the records).
        for (int n = 0; n < ranges.size(); n++) {
            int[] range = ranges.get(n);
            ProducerBatch c = out.get(n);
            for (int i = range[0]; completions != null && i < Math.min(range[1], completions.length); i++) {
                if (completions[i] != null) {
                    c.keep(i - range[0], completions[i]);
                    completions[i] = null;
                }
            }
            owner.registerSplitChild(c);
        }
        children = Collections.unmodifiableList(out);
        owner.onBatchDone(this, true); // releases the parent's buffer
        done.countDown();
        return out;
    }

    private static List<int[]> plan(List<Record> records, int targetBytes) {
        List<int[]> ranges = new ArrayList<>();
        int from = 0;
        int size = RecordBatch.HEADER_SIZE;
        long base = 0;
        for (int i = 0; i < records.size(); i++) {
            Record r = records.get(i);
            if (i == from) {
                base = r.timestamp();
            }
            int recSize = RecordBatchBuilder.sizeOfRecord(i - from, r.timestamp() - base, r.keySize(),
                    r.valueSize(), r.headers());
            if (i > from && size + recSize > targetBytes) {
                ranges.add(new int[] {from, i, size});
                from = i;
                base = r.timestamp();
                recSize = RecordBatchBuilder.sizeOfRecord(0, 0, r.keySize(), r.valueSize(), r.headers());
                size = RecordBatch.HEADER_SIZE;
            }
            size += recSize;
        }
        ranges.add(new int[] {from, records.size(), size});
        return ranges;
    }

    private static int exactSize(List<Record> records, int from, int to) {
        int size = RecordBatch.HEADER_SIZE;
        long base = records.get(from).timestamp();
        for (int i = from; i < to; i++) {
            Record r = records.get(i);
            size += RecordBatchBuilder.sizeOfRecord(i - from, r.timestamp() - base, r.keySize(), r.valueSize(),
                    r.headers());
        }
        return size;
    }

    private ProducerBatch child(List<Record> records, int from, int to, int size) {
        ByteBuffer buffer = owner.allocateForSplit(size);
        ProducerBatch c = new ProducerBatch(owner, tp, buffer, size, createdMs, firstRecordNo + from);
        for (int i = from; i < to; i++) {
            Record r = records.get(i);
            int k = c.builder.tryAppend(r.timestamp(), r.key(), r.value(), r.headers());
            if (k != i - from) {
                throw new IllegalStateException("split of " + this + ": record " + i + " did not fit the exactly"
                        + " sized child batch (" + size + " bytes); sizing bug");
            }
            c.recordCount = k + 1;
        }
        c.stage = Stage.IN_FLIGHT; // as if drained: the accumulator re-enqueues it like a retry
        c.attempts = attempts;
        c.firstDrainMs = firstDrainMs;
        c.lastDrainMs = lastDrainMs;
        int childSequence = baseSequence == RecordBatch.NO_SEQUENCE ? RecordBatch.NO_SEQUENCE
                : (int) ((baseSequence + (long) from) % (Integer.MAX_VALUE + 1L)); // sequences wrap to 0
        c.close(producerId, producerEpoch, childSequence, transactional);
        return c;
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

    /** Bytes of the batch as it would be sent now, header included: compressed, once closed with compression. */
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

    /** Monotonic ms before which a retry is not sent; meaningful after {@link RecordAccumulator#reenqueue}. */
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

    /** The base sequence it was closed with, or -1. */
    public int baseSequence() {
        return baseSequence;
    }

    long firstRecordNo() {
        return firstRecordNo;
    }

    /** The buffer the batch lives in now (tests: the no-reuse invariant compares these across live batches). */
    ByteBuffer buffer() {
        return buffer;
    }

    /** The smaller batches this one was split into (empty unless split). */
    List<ProducerBatch> children() {
        return children;
    }

    /**
     * Whether the record's whole life, {@code delivery.timeout.ms} counted from this batch's creation, is over.
     */
    public boolean expired(long nowMs, long deliveryTimeoutMs) {
        return nowMs - createdMs >= deliveryTimeoutMs;
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
