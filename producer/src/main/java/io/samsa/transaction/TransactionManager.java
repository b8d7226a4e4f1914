package io.samsa.transaction;

import io.samsa.accumulator.DrainHook;
import io.samsa.clients.consumer.CommitFailedException;
import io.samsa.accumulator.ProducerBatch;
import io.samsa.common.KafkaException;
import io.samsa.common.Node;
import io.samsa.common.TopicPartition;
import io.samsa.common.errors.ApiException;
import io.samsa.common.errors.AuthorizationException;
import io.samsa.common.errors.ClosedException;
import io.samsa.common.errors.ClusterAuthorizationException;
import io.samsa.common.errors.Errors;
import io.samsa.common.errors.InvalidPidMappingException;
import io.samsa.common.errors.InvalidProducerEpochException;
import io.samsa.common.errors.ProducerFencedException;
import io.samsa.common.errors.TransactionAbortedException;
import io.samsa.common.errors.TransactionalIdAuthorizationException;
import io.samsa.common.errors.UnsupportedVersionException;
import io.samsa.common.utils.ExponentialBackoff;
import io.samsa.common.utils.Time;
import io.samsa.idempotence.IdempotenceManager;
import io.samsa.metadata.MetadataManager;
import io.samsa.network.ClientRequest;
import io.samsa.network.NetworkClient;
import io.samsa.protocol.AddOffsetsToTxnRequest;
import io.samsa.protocol.AddOffsetsToTxnResponse;
import io.samsa.protocol.AddPartitionsToTxnRequest;
import io.samsa.protocol.AddPartitionsToTxnResponse;
import io.samsa.protocol.EndTxnRequest;
import io.samsa.protocol.EndTxnResponse;
import io.samsa.protocol.FindCoordinatorRequest;
import io.samsa.protocol.FindCoordinatorResponse;
import io.samsa.protocol.InitProducerIdRequest;
import io.samsa.protocol.InitProducerIdResponse;
import io.samsa.protocol.NodeApiVersions;
import io.samsa.protocol.Request;
import io.samsa.protocol.Response;
import io.samsa.protocol.TxnOffsetCommitRequest;
import io.samsa.protocol.TxnOffsetCommitResponse;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A transactional producer's state machine ({@link TransactionState}) and the requests that drive it:
 * FindCoordinator, InitProducerId with the transactional id, AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit
 * and EndTxn, one at a time, to the transaction coordinator (the group coordinator for TxnOffsetCommit).
 *
 * <p><b>Threads.</b> Owned by the I/O thread: every field below the "I/O thread" line is read and written there
 * only. Application threads never change the state themselves: the public calls ({@link #initTransactions},
 * {@link #beginTransaction}, {@link #sendOffsets}, {@link #endTransaction}) post a task to the I/O thread and hand
 * back a {@link TransactionalResult} to wait on. What application threads read is {@link #state} and
 * {@link #lastError} (volatile, written by the I/O thread), to fail a {@code send} fast; what they write is
 * {@link #reportError} (a record of the transaction failed), which the I/O thread folds into the state at its
 * next turn - before it would send an EndTxn.
 *
 * <p><b>Transaction versions</b> (KIP-890). The cluster's finalized {@code transaction.version}, read from the
 * coordinator's ApiVersions when a transaction begins, picks the protocol for that transaction:
 * <ul>
 *   <li>1: each partition joins through AddPartitionsToTxn, and none of its data is drained before the
 *       coordinator has added it ({@link #mayDrain}); Produce, EndTxn and TxnOffsetCommit stay at the last
 *       versions before 2 (the version is how the broker tells the protocols apart); the epoch stays and
 *       sequences continue across transactions.</li>
 *   <li>2: partitions join through Produce itself (v12+), offsets without AddOffsetsToTxn; EndTxn (v5) answers
 *       with a bumped epoch (or a new producer id) that the next transaction uses, sequences restarting at 0.</li>
 * </ul>
 *
 * <p><b>Errors</b> (KIP-1050). Retriable ones (coordinator moving or loading, CONCURRENT_TRANSACTIONS, a lost
 * connection, a timed-out request) are retried with backoff, rediscovering the coordinator where it may have
 * moved; the caller's wait is bounded by {@code max.block.ms} and a later call of the same method picks the
 * operation up again. Abortable ones (a record that failed, TRANSACTION_ABORTABLE, an offset commit the group
 * refused) put the transaction in {@link TransactionState#ABORTABLE_ERROR}: sends fail fast with the cause, queued
 * batches fail, and only {@code abortTransaction} leads back to {@code READY}. Fatal ones (fenced by a newer
 * producer with the same transactional id, not authorized, the producer id expired) end in
 * {@link TransactionState#FATAL_ERROR}: every call fails with the cause, and the producer must be closed.
 */
public final class TransactionManager implements DrainHook {
    private static final Logger log = LoggerFactory.getLogger(TransactionManager.class);

    /**
     * @param transactionalId      {@code transactional.id}
     * @param transactionTimeoutMs {@code transaction.timeout.ms}
     * @param retryBackoff         {@code retry.backoff.ms} up to {@code retry.backoff.max.ms}
     */
    public record Config(String transactionalId, int transactionTimeoutMs, ExponentialBackoff retryBackoff) {
    }

    /** One partition's offset, as {@code sendOffsetsToTransaction} was given it. */
    public record Offset(TopicPartition partition, long offset, int leaderEpoch, String metadata) {
    }

    /** What {@code sendOffsetsToTransaction} commits: the group, its membership (KIP-447), the offsets. */
    public record GroupOffsets(String groupId, int generationId, String memberId, String groupInstanceId,
                               List<Offset> offsets) {
    }

    private final Config config;
    private final IdempotenceManager idempotence;
    private final NetworkClient client;
    private final MetadataManager metadata;
    private final Executor ioThread;
    private final Time time;
    /** Fails whatever of the transaction is still queued or parked (the producer wires it to the sender). */
    private final Consumer<KafkaException> failUnsent;
    /** Whether some batch (queued or in flight) or parked record is not done yet: an EndTxn waits for them. */
    private final BooleanSupplier recordsIncomplete;

    // ---- read by any thread, written by the I/O thread --------------------------------------------------
    private volatile TransactionState state = TransactionState.UNINITIALIZED;
    /** Why the state is ABORTABLE_ERROR or FATAL_ERROR; null otherwise. */
    private volatile RuntimeException lastError;

    // ---- written by any thread, folded in by the I/O thread ---------------------------------------------
    /** The first failure of a record of the current transaction not yet folded into the state. */
    private final AtomicReference<RuntimeException> reportedError = new AtomicReference<>();

    // ---- I/O thread ---------------------------------------------------------------------------------------
    private Node coordinator;
    private final Map<String, Node> groupCoordinators = new HashMap<>();
    /** One transactional request at a time: each step depends on the one before. */
    private boolean requestInFlight;
    private long nextAttemptMs;
    private int failures;
    /** Whether the current transaction runs transaction version 2 (latched when it begins). */
    private boolean transactionV2;
    /** Version 1: partitions the coordinator has added to this transaction. Version 2: partitions drained. */
    private final Set<TopicPartition> partitionsInTransaction = new HashSet<>();
    /** Version 1: partitions with data waiting to be added. */
    private final Set<TopicPartition> partitionsToAdd = new LinkedHashSet<>();
    /** Whether anything was sent (data or offsets) in this transaction: no EndTxn without it. */
    private boolean transactionStarted;
    private final ArrayDeque<OffsetsOperation> offsetOperations = new ArrayDeque<>();
    private TransactionalResult initResult;
    private TransactionalResult endResult;
    private boolean endCommits;
    /** Version 1: after an abort, the epoch must be bumped through the coordinator (KIP-360) before going on. */
    private boolean bumpAfterAbort;
    /**
     * Version 1: a record of this transaction failed (its sequence may or may not be written), so the abort must
     * bump the epoch before the next transaction (KIP-360), as Apache's producer does.
     */
    private boolean bumpNeeded;
    /** The first AddPartitionsToTxn of a transaction retries CONCURRENT_TRANSACTIONS sooner (see retry). */
    private static final long FIRST_ADD_PARTITIONS_RETRY_MS = 20;

    /** One {@code sendOffsetsToTransaction}: AddOffsetsToTxn first (version 1), then TxnOffsetCommit. */
    private static final class OffsetsOperation {
        final GroupOffsets offsets;
        final TransactionalResult result;
        boolean addedToTransaction;

        OffsetsOperation(GroupOffsets offsets, TransactionalResult result) {
            this.offsets = offsets;
            this.result = result;
        }
    }

    public TransactionManager(Config config, IdempotenceManager idempotence, NetworkClient client,
                              MetadataManager metadata, Executor ioThread, Time time,
                              Consumer<KafkaException> failUnsent, BooleanSupplier recordsIncomplete) {
        this.config = config;
        this.idempotence = idempotence;
        this.client = client;
        this.metadata = metadata;
        this.ioThread = ioThread;
        this.time = time;
        this.failUnsent = failUnsent;
        this.recordsIncomplete = recordsIncomplete;
    }

    public String transactionalId() {
        return config.transactionalId();
    }

    // =============================================================================================================
    // Any thread
    // =============================================================================================================

    public TransactionState state() {
        return state;
    }

    /**
     * Null if a record may be sent now; else why not, as the exception the record fails with: before
     * {@code initTransactions}, outside a transaction, or after the transaction hit an error.
     */
    public RuntimeException sendError() {
        TransactionState s = state;
        if (s == TransactionState.IN_TRANSACTION) {
            RuntimeException reported = reportedError.get();
            return reported == null ? null : abortableError("send", reported);
        }
        return switch (s) {
            case ABORTABLE_ERROR -> abortableError("send", lastError);
            case FATAL_ERROR -> fatalError("send", lastError);
            case UNINITIALIZED, INITIALIZING -> new IllegalStateException("Cannot send a record with transactional.id "
                    + config.transactionalId() + " before initTransactions() has completed");
            default -> new IllegalStateException("Cannot send a record with transactional.id "
                    + config.transactionalId() + " outside a transaction (state " + s + "): call beginTransaction()"
                    + " first");
        };
    }

    /**
     * A record of the transaction failed (its future completes with {@code error}): the transaction can no longer
     * commit. Failures the abort itself causes are not errors. Any thread.
     */
    public void reportError(RuntimeException error) {
        if (error instanceof TransactionAbortedException || error == null) {
            return;
        }
        TransactionState s = state;
        if (s == TransactionState.IN_TRANSACTION || s == TransactionState.COMMITTING_TRANSACTION) {
            if (reportedError.compareAndSet(null, error)) {
                try {
                    ioThread.execute(() -> { }); // a turn to fold it in, before any EndTxn
                } catch (ClosedException e) {
                    // The I/O thread is stopping: no EndTxn will follow. The caller is completing a record and
                    // must go on to deliver it, so this must not throw.
                }
            }
        }
    }

    public TransactionalResult initTransactions() {
        TransactionalResult r = new TransactionalResult("initTransactions");
        post(r, () -> onInit(r));
        return r;
    }

    public TransactionalResult beginTransaction() {
        TransactionalResult r = new TransactionalResult("beginTransaction");
        post(r, () -> onBegin(r));
        return r;
    }

    public TransactionalResult sendOffsets(GroupOffsets offsets) {
        TransactionalResult r = new TransactionalResult("sendOffsetsToTransaction");
        post(r, () -> onSendOffsets(new OffsetsOperation(offsets, r)));
        return r;
    }

    /** {@code commitTransaction} ({@code commit} true, after the caller flushed) or {@code abortTransaction}. */
    public TransactionalResult endTransaction(boolean commit) {
        TransactionalResult r = new TransactionalResult(commit ? "commitTransaction" : "abortTransaction");
        post(r, () -> onEnd(commit, r));
        return r;
    }

    private void post(TransactionalResult r, Runnable task) {
        try {
            ioThread.execute(task);
        } catch (ClosedException e) {
            r.fail(new IllegalStateException("Cannot call " + r.operation() + ": the producer is closed", e));
        }
    }

    // =============================================================================================================
    // I/O thread: the calls, as they arrive
    // =============================================================================================================

    private void onInit(TransactionalResult r) {
        if (failIfFatal(r)) {
            return;
        }
        if (state != TransactionState.UNINITIALIZED) {
            r.fail(new IllegalStateException("initTransactions() was called already for transactional.id "
                    + config.transactionalId() + " (state " + state + ")"));
            return;
        }
        transitionTo(TransactionState.INITIALIZING);
        initResult = r;
    }

    private void onBegin(TransactionalResult r) {
        if (failIfFatal(r)) {
            return;
        }
        if (state != TransactionState.READY) {
            r.fail(new IllegalStateException(switch (state) {
                case UNINITIALIZED, INITIALIZING -> "Cannot begin a transaction before initTransactions() completed";
                case IN_TRANSACTION -> "A transaction is already in progress: commit or abort it first";
                case ABORTABLE_ERROR -> "The current transaction failed and must be aborted first";
                default -> "Cannot begin a transaction while the previous one is completing (state " + state + ")";
            } + " (transactional.id " + config.transactionalId() + ")"));
            return;
        }
        partitionsInTransaction.clear();
        partitionsToAdd.clear();
        transactionStarted = false;
        reportedError.set(null);
        transitionTo(TransactionState.IN_TRANSACTION);
        r.succeed();
    }

    private void onSendOffsets(OffsetsOperation op) {
        if (failIfFatal(op.result)) {
            return;
        }
        foldReportedError();
        if (state == TransactionState.ABORTABLE_ERROR) {
            op.result.fail(abortableError("sendOffsetsToTransaction", lastError));
            return;
        }
        if (state != TransactionState.IN_TRANSACTION) {
            op.result.fail(new IllegalStateException("Cannot send offsets outside a transaction (state " + state
                    + "): call beginTransaction() first (transactional.id " + config.transactionalId() + ")"));
            return;
        }
        offsetOperations.add(op);
    }

    private void onEnd(boolean commit, TransactionalResult r) {
        if (failIfFatal(r)) {
            return;
        }
        TransactionState completing = commit ? TransactionState.COMMITTING_TRANSACTION
                : TransactionState.ABORTING_TRANSACTION;
        foldReportedError();
        if (commit && state == TransactionState.ABORTABLE_ERROR) {
            r.fail(abortableError("commitTransaction", lastError));
            return;
        }
        if (!state.mayTransitionTo(completing)) {
            r.fail(new IllegalStateException("Cannot " + (commit ? "commit" : "abort") + " a transaction in state "
                    + state + (state == TransactionState.READY ? ": none is in progress" : "")
                    + " (transactional.id " + config.transactionalId() + ")"));
            return;
        }
        transitionTo(completing);
        endResult = r;
        endCommits = commit;
        if (!commit) {
            abortUnsent();
        }
    }

    private boolean failIfFatal(TransactionalResult r) {
        if (state == TransactionState.FATAL_ERROR) {
            r.fail(fatalError(r.operation(), lastError));
            return true;
        }
        return false;
    }

    // =============================================================================================================
    // I/O thread: each turn of the sender
    // =============================================================================================================

    /**
     * Sends the next transactional request if one is due; called by the sender at the start of every turn.
     *
     * @return how long until this needs another turn (Long.MAX_VALUE: a response or a call will wake it)
     */
    public long poll(long nowMs) {
        foldReportedError();
        TransactionState s = state;
        if (s == TransactionState.ABORTABLE_ERROR || s == TransactionState.ABORTING_TRANSACTION
                || s == TransactionState.FATAL_ERROR) {
            abortUnsent(); // batches retried or appended since: they can never be part of a commit
        }
        if (requestInFlight || s == TransactionState.FATAL_ERROR) {
            return Long.MAX_VALUE;
        }
        if (nowMs < nextAttemptMs) {
            return nextAttemptMs - nowMs;
        }
        return sendNext(nowMs);
    }

    /** The one request due now, in order of need; the coordinator is looked up first when unknown. */
    private long sendNext(long nowMs) {
        TransactionState s = state;
        boolean needsCoordinator = s == TransactionState.INITIALIZING || bumpAfterAbort
                || ((s == TransactionState.IN_TRANSACTION || s == TransactionState.COMMITTING_TRANSACTION)
                        && (!partitionsToAdd.isEmpty() || nextOffsetsNeedsTransactionCoordinator()))
                || (endResult != null && endRequestDue());
        if (needsCoordinator && coordinator == null) {
            return findCoordinator(FindCoordinatorRequest.transaction(config.transactionalId()), null, nowMs);
        }
        if (s == TransactionState.INITIALIZING) {
            // KIP-360: a producer that has an id asks for a bump of its own epoch rather than a new id.
            send(coordinator, new InitProducerIdRequest(config.transactionalId(), config.transactionTimeoutMs(),
                    -1L, (short) -1), this::onInitProducerId, nowMs);
            return Long.MAX_VALUE;
        }
        if (bumpAfterAbort) {
            send(coordinator, new InitProducerIdRequest(config.transactionalId(), config.transactionTimeoutMs(),
                    idempotence.producerId(), idempotence.epoch()), this::onInitProducerId, nowMs);
            return Long.MAX_VALUE;
        }
        if ((s == TransactionState.IN_TRANSACTION || s == TransactionState.COMMITTING_TRANSACTION)
                && !partitionsToAdd.isEmpty()) {
            List<TopicPartition> adding = new ArrayList<>(partitionsToAdd);
            send(coordinator, AddPartitionsToTxnRequest.of(config.transactionalId(), idempotence.producerId(),
                    idempotence.epoch(), adding), (req, resp, err) -> onAddPartitions(adding, resp, err), nowMs);
            return Long.MAX_VALUE;
        }
        OffsetsOperation op = offsetOperations.peek();
        if (op != null && s == TransactionState.IN_TRANSACTION) {
            if (!transactionV2 && !op.addedToTransaction) {
                send(coordinator, new AddOffsetsToTxnRequest(config.transactionalId(), idempotence.producerId(),
                        idempotence.epoch(), op.offsets.groupId()), (req, resp, err) -> onAddOffsets(op, resp, err),
                        nowMs);
                return Long.MAX_VALUE;
            }
            Node group = groupCoordinators.get(op.offsets.groupId());
            if (group == null) {
                return findCoordinator(FindCoordinatorRequest.group(op.offsets.groupId()), op.offsets.groupId(),
                        nowMs);
            }
            send(group, capped(txnOffsetCommit(op.offsets), transactionV2 ? Short.MAX_VALUE
                    : TxnOffsetCommitRequest.LAST_VERSION_BEFORE_TRANSACTION_V2),
                    (req, resp, err) -> onTxnOffsetCommit(op, group, resp, err), nowMs);
            return Long.MAX_VALUE;
        }
        if (endResult != null && endRequestDue()) {
            if (!transactionStarted) {
                // Nothing reached a broker in this transaction: there is nothing for the coordinator to end.
                completeEnd(nowMs);
                return 0;
            }
            send(coordinator, capped(new EndTxnRequest(config.transactionalId(), idempotence.producerId(),
                    idempotence.epoch(), endCommits), transactionV2 ? Short.MAX_VALUE
                    : EndTxnRequest.LAST_VERSION_BEFORE_TRANSACTION_V2), this::onEndTxn, nowMs);
            return Long.MAX_VALUE;
        }
        return Long.MAX_VALUE;
    }

    private boolean nextOffsetsNeedsTransactionCoordinator() {
        OffsetsOperation op = offsetOperations.peek();
        return op != null && !transactionV2 && !op.addedToTransaction;
    }

    /**
     * Whether the EndTxn may go now: every batch of the transaction is done (a commit must not overtake its
     * data), nothing waits to be added, no offsets are pending.
     */
    private boolean endRequestDue() {
        TransactionState s = state;
        if (s != TransactionState.COMMITTING_TRANSACTION && s != TransactionState.ABORTING_TRANSACTION) {
            return false;
        }
        return partitionsToAdd.isEmpty() && !recordsIncomplete.getAsBoolean()
                && (s == TransactionState.ABORTING_TRANSACTION || offsetOperations.isEmpty());
    }

    // =============================================================================================================
    // I/O thread: the drain hook (inside drain, with the partition's lock held: own state only)
    // =============================================================================================================

    @Override
    public boolean mayDrain(ProducerBatch first) {
        TransactionState s = state;
        if (s != TransactionState.IN_TRANSACTION && s != TransactionState.COMMITTING_TRANSACTION) {
            return false;
        }
        if (!transactionV2 && !partitionsInTransaction.contains(first.topicPartition())) {
            partitionsToAdd.add(first.topicPartition());
            return false;
        }
        return idempotence.mayDrain(first);
    }

    @Override
    public void stamp(ProducerBatch batch) {
        idempotence.stamp(batch);
        transactionStarted = true;
        if (transactionV2) {
            partitionsInTransaction.add(batch.topicPartition());
        }
    }

    /** Whether partitions wait for AddPartitionsToTxn: the sender turns again at once to send it. */
    public boolean hasPartitionsToAdd() {
        return !partitionsToAdd.isEmpty() && !requestInFlight;
    }

    /** Whether Produce requests of this transaction must stay at the versions before transaction version 2. */
    public boolean transactionV2() {
        return transactionV2;
    }

    // =============================================================================================================
    // I/O thread: responses
    // =============================================================================================================

    private long findCoordinator(FindCoordinatorRequest request, String group, long nowMs) {
        Node node = client.leastLoadedNode(metadata.cluster().nodes(), nowMs);
        if (node == null) {
            metadata.requestUpdate();
            return 50; // until metadata knows a broker or a connection can be made
        }
        send(node, request, (req, resp, err) -> onFindCoordinator(group, resp, err), nowMs);
        return Long.MAX_VALUE;
    }

    private void onFindCoordinator(String group, FindCoordinatorResponse resp, KafkaException error) {
        requestInFlight = false;
        if (error != null) {
            retry("FindCoordinator", error, Long.MAX_VALUE);
            return;
        }
        String key = group == null ? config.transactionalId() : group;
        FindCoordinatorResponse.Coordinator c = resp.coordinator(key);
        Errors e = c == null ? Errors.UNKNOWN_SERVER_ERROR : c.error();
        if (e == Errors.NONE) {
            failures = 0;
            if (group == null) {
                coordinator = c.node();
            } else {
                groupCoordinators.put(group, c.node());
            }
            return;
        }
        ApiException cause = Errors.exception("FindCoordinator for " + (group == null ? "transactional.id "
                + config.transactionalId() : "group " + group) + " failed", null, e, c == null ? -1 : c.errorCode(),
                c == null ? null : c.errorMessage());
        if (e == Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED || e == Errors.CLUSTER_AUTHORIZATION_FAILED) {
            toFatal(cause);
        } else if (e == Errors.GROUP_AUTHORIZATION_FAILED) {
            failOffsets(cause);
        } else {
            retry("FindCoordinator", cause, Long.MAX_VALUE);
        }
    }

    private void onInitProducerId(ClientRequest<InitProducerIdResponse> req, InitProducerIdResponse resp,
                                  KafkaException error) {
        requestInFlight = false;
        if (error != null) {
            coordinatorLost(req.node(), error);
            return;
        }
        Errors e = resp.error();
        if (e == Errors.NONE) {
            failures = 0;
            idempotence.setProducerId(resp.producerId(), resp.producerEpoch());
            if (bumpAfterAbort) {
                bumpAfterAbort = false;
                finishEnd();
                return;
            }
            // Latched for the producer's life: switching protocols between transactions would need an epoch bump.
            transactionV2 = coordinatorSupportsTransactionV2();
            log.info("Transactional producer {} has producer id {} epoch {} (transaction version {})",
                    config.transactionalId(), resp.producerId(), resp.producerEpoch(), transactionV2 ? 2 : 1);
            transitionTo(TransactionState.READY);
            TransactionalResult r = initResult;
            initResult = null;
            r.succeed();
            return;
        }
        ApiException cause = Errors.exception("InitProducerId for transactional.id " + config.transactionalId()
                + " failed", null, e, resp.errorCode(), null);
        if (isCoordinatorError(e)) {
            coordinatorLost(req.node(), cause);
        } else if (e.retriable() || e == Errors.CONCURRENT_TRANSACTIONS) {
            retry("InitProducerId", cause, Long.MAX_VALUE);
        } else if (!bumpAfterAbort && (e == Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED
                || e == Errors.CLUSTER_AUTHORIZATION_FAILED)) {
            // Not fatal: once the ACLs are fixed, initTransactions() may be called again.
            transitionTo(TransactionState.UNINITIALIZED);
            TransactionalResult r = initResult;
            initResult = null;
            r.fail(cause);
        } else {
            toFatal(cause);
        }
    }

    private void onAddPartitions(List<TopicPartition> adding, AddPartitionsToTxnResponse resp, KafkaException error) {
        requestInFlight = false;
        if (error != null) {
            coordinatorLost(coordinator, error);
            return;
        }
        boolean first = partitionsInTransaction.isEmpty();
        Map<TopicPartition, Errors> errors = resp.errors();
        Errors worst = Errors.NONE;
        TopicPartition at = null;
        for (TopicPartition tp : adding) {
            Errors e = errors.getOrDefault(tp, Errors.UNKNOWN_SERVER_ERROR);
            if (e == Errors.NONE) {
                partitionsToAdd.remove(tp);
                partitionsInTransaction.add(tp);
                transactionStarted = true;
            } else if (e != Errors.OPERATION_NOT_ATTEMPTED && worst == Errors.NONE) {
                worst = e;
                at = tp;
            }
        }
        if (worst == Errors.NONE) {
            failures = 0;
            return;
        }
        ApiException cause = Errors.exception("AddPartitionsToTxn of " + at + " to transactional.id "
                + config.transactionalId() + " failed", at.topic(), worst, worst.code(), null);
        if (isCoordinatorError(worst)) {
            coordinatorLost(coordinator, cause);
        } else if (worst == Errors.CONCURRENT_TRANSACTIONS) {
            // Usually the previous transaction still completing at the coordinator: it takes milliseconds, so
            // the first add of a transaction does not wait a whole retry.backoff.ms for it.
            retry("AddPartitionsToTxn", cause, first ? FIRST_ADD_PARTITIONS_RETRY_MS : Long.MAX_VALUE);
        } else if (worst.retriable()) {
            retry("AddPartitionsToTxn", cause, Long.MAX_VALUE);
        } else if (isFatal(worst)) {
            toFatal(cause);
        } else {
            if (worst == Errors.UNKNOWN_PRODUCER_ID) {
                bumpNeeded = true;
            }
            toAbortable(cause); // TOPIC_AUTHORIZATION_FAILED, TRANSACTION_ABORTABLE, ...
        }
    }

    private void onAddOffsets(OffsetsOperation op, AddOffsetsToTxnResponse resp, KafkaException error) {
        requestInFlight = false;
        if (error != null) {
            coordinatorLost(coordinator, error);
            return;
        }
        Errors e = resp.error();
        if (e == Errors.NONE) {
            failures = 0;
            op.addedToTransaction = true;
            transactionStarted = true;
            return;
        }
        ApiException cause = Errors.exception("AddOffsetsToTxn of group " + op.offsets.groupId()
                + " to transactional.id " + config.transactionalId() + " failed", null, e, resp.errorCode(), null);
        if (isCoordinatorError(e)) {
            coordinatorLost(coordinator, cause);
        } else if (e == Errors.CONCURRENT_TRANSACTIONS || e.retriable()) {
            retry("AddOffsetsToTxn", cause, Long.MAX_VALUE);
        } else if (e == Errors.GROUP_AUTHORIZATION_FAILED || e == Errors.TRANSACTION_ABORTABLE
                || e == Errors.UNKNOWN_PRODUCER_ID) {
            bumpNeeded |= e == Errors.UNKNOWN_PRODUCER_ID;
            failOffsets(cause);
        } else {
            toFatal(cause);
        }
    }

    private void onTxnOffsetCommit(OffsetsOperation op, Node group, TxnOffsetCommitResponse resp,
                                   KafkaException error) {
        requestInFlight = false;
        if (error != null) {
            groupCoordinators.remove(op.offsets.groupId());
            retry("TxnOffsetCommit", error, Long.MAX_VALUE);
            return;
        }
        Errors worst = Errors.NONE;
        for (Errors e : resp.errors().values()) {
            if (e != Errors.NONE) {
                worst = e;
                break;
            }
        }
        if (worst == Errors.NONE) {
            failures = 0;
            transactionStarted = true;
            offsetOperations.poll();
            op.result.succeed();
            return;
        }
        String context = "TxnOffsetCommit of group " + op.offsets.groupId() + " for transactional.id "
                + config.transactionalId() + " failed";
        if (worst == Errors.NOT_COORDINATOR || worst == Errors.COORDINATOR_NOT_AVAILABLE
                || worst == Errors.REQUEST_TIMED_OUT) {
            groupCoordinators.remove(op.offsets.groupId());
            retry("TxnOffsetCommit", Errors.exception(context, null, worst, worst.code(), null), Long.MAX_VALUE);
        } else if (worst.retriable() || worst == Errors.CONCURRENT_TRANSACTIONS) {
            retry("TxnOffsetCommit", Errors.exception(context, null, worst, worst.code(), null), Long.MAX_VALUE);
        } else if (worst == Errors.UNKNOWN_MEMBER_ID || worst == Errors.ILLEGAL_GENERATION) {
            // The consumer lost its partitions to another member: committing its offsets would duplicate work.
            failOffsets(new CommitFailedException(context + ": the consumer group metadata (generation "
                    + op.offsets.generationId() + ", member " + op.offsets.memberId() + ") is no longer current ("
                    + worst.name() + "); the consumer was removed from the group or its generation moved on"));
        } else if (worst == Errors.GROUP_AUTHORIZATION_FAILED || worst == Errors.FENCED_INSTANCE_ID
                || worst == Errors.TRANSACTION_ABORTABLE) {
            failOffsets(Errors.exception(context, null, worst, worst.code(), null));
        } else {
            toFatal(Errors.exception(context, null, worst, worst.code(), null));
        }
    }

    private void onEndTxn(ClientRequest<EndTxnResponse> req, EndTxnResponse resp, KafkaException error) {
        requestInFlight = false;
        if (error != null) {
            coordinatorLost(req.node(), error);
            return;
        }
        Errors e = resp.error();
        if (e == Errors.NONE) {
            failures = 0;
            if (resp.hasProducerIdAndEpoch()) {
                // Transaction version 2: the coordinator bumped the epoch (or gave a new id) for the next one.
                idempotence.setProducerId(resp.producerId(), resp.producerEpoch());
            }
            completeEnd(time.milliseconds());
            return;
        }
        ApiException cause = Errors.exception((endCommits ? "Committing" : "Aborting") + " the transaction of "
                + "transactional.id " + config.transactionalId() + " failed", null, e, resp.errorCode(), null);
        if (isCoordinatorError(e)) {
            coordinatorLost(req.node(), cause);
        } else if (e == Errors.CONCURRENT_TRANSACTIONS || e.retriable()) {
            retry("EndTxn", cause, Long.MAX_VALUE);
        } else if (e == Errors.UNKNOWN_PRODUCER_ID) {
            // The coordinator has no transaction of ours (its state expired): a new epoch starts over.
            bumpNeeded = true;
            if (endCommits) {
                toAbortable(cause);
            } else {
                completeEnd(time.milliseconds());
            }
        } else if (e == Errors.TRANSACTION_ABORTABLE && endCommits) {
            toAbortable(cause);
        } else {
            // Fenced, not authorized, a state the coordinator refuses - or TRANSACTION_ABORTABLE answering an abort,
            // which nothing could ever fix: fatal, so that abortTransaction never loops.
            toFatal(cause);
        }
    }

    /** The transaction ended (or had nothing to end): bump the epoch first if version 1 needs it, then READY. */
    private void completeEnd(long nowMs) {
        if (!endCommits && !transactionV2 && (bumpNeeded || idempotence.bumpPending())) {
            if (!coordinatorSupportsEpochBump()) {
                if (idempotence.bumpPending()) {
                    toFatal(new KafkaException("A record of the aborted transaction has an unresolved sequence "
                            + "number and the transaction coordinator is too old (InitProducerId v3, Kafka 2.5) "
                            + "to bump this producer's epoch; close the producer and create a new one"));
                    return;
                }
            } else {
                // A record of the aborted transaction may or may not be written: only a new epoch lines sequences
                // up again (KIP-360).
                bumpAfterAbort = true;
                nextAttemptMs = nowMs;
                return;
            }
        }
        finishEnd();
    }

    private void finishEnd() {
        boolean commit = endCommits;
        partitionsInTransaction.clear();
        partitionsToAdd.clear();
        offsetOperations.clear();
        transactionStarted = false;
        bumpNeeded = false;
        reportedError.set(null);
        lastError = null;
        transitionTo(TransactionState.READY);
        TransactionalResult r = endResult;
        endResult = null;
        r.succeed();
    }

    // =============================================================================================================
    // I/O thread: errors
    // =============================================================================================================

    private static boolean isCoordinatorError(Errors e) {
        return e == Errors.NOT_COORDINATOR || e == Errors.COORDINATOR_NOT_AVAILABLE;
    }

    private static boolean isFatal(Errors e) {
        return e == Errors.PRODUCER_FENCED || e == Errors.INVALID_PRODUCER_EPOCH
                || e == Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED || e == Errors.CLUSTER_AUTHORIZATION_FAILED
                || e == Errors.INVALID_PRODUCER_ID_MAPPING || e == Errors.INVALID_TXN_STATE
                || e == Errors.UNSUPPORTED_VERSION || e == Errors.UNSUPPORTED_FOR_MESSAGE_FORMAT;
    }

    /**
     * A record failure that ends the producer, not just the transaction. INVALID_PRODUCER_EPOCH on a Produce is
     * not among them (Apache's producer aborts the transaction for it); on a coordinator request it is.
     */
    static boolean isFatal(RuntimeException e) {
        return e instanceof ProducerFencedException || e instanceof InvalidPidMappingException
                || e instanceof ClusterAuthorizationException || e instanceof TransactionalIdAuthorizationException
                || e instanceof UnsupportedVersionException;
    }

    /** The coordinator moved or its connection broke: find it again, then retry. */
    private void coordinatorLost(Node node, KafkaException cause) {
        if (node != null && coordinator != null && node.id() == coordinator.id()) {
            coordinator = null;
        }
        retry("transactional request", cause, Long.MAX_VALUE);
    }

    /** @param maxBackoffMs at most this long a wait (Long.MAX_VALUE: the usual exponential backoff) */
    private void retry(String what, KafkaException cause, long maxBackoffMs) {
        failures++;
        nextAttemptMs = time.milliseconds() + Math.min(maxBackoffMs, config.retryBackoff().backoff(failures - 1L));
        log.debug("{} for transactional.id {} failed ({} in a row), retrying: {}", what, config.transactionalId(),
                failures, cause.getMessage());
    }

    private void failOffsets(KafkaException cause) {
        OffsetsOperation op = offsetOperations.poll();
        toAbortable(cause);
        if (op != null) {
            op.result.fail(cause);
        }
    }

    private void foldReportedError() {
        RuntimeException reported = reportedError.get();
        if (reported == null) {
            return;
        }
        TransactionState s = state;
        if (s == TransactionState.IN_TRANSACTION || s == TransactionState.COMMITTING_TRANSACTION) {
            if (isFatal(reported)) {
                toFatal(reported);
            } else {
                // While committing, the records are all sent: a failure says nothing new about sequences.
                bumpNeeded |= s == TransactionState.IN_TRANSACTION;
                toAbortable(reported);
            }
        }
    }

    private void toAbortable(RuntimeException cause) {
        if (state == TransactionState.FATAL_ERROR) {
            return;
        }
        if (state == TransactionState.ABORTING_TRANSACTION) {
            return; // being aborted already: the abort's own outcome is what counts
        }
        if (state != TransactionState.ABORTABLE_ERROR) {
            log.info("Transaction of transactional.id {} must be aborted: {}", config.transactionalId(),
                    cause.getMessage());
            lastError = cause;
            transitionTo(TransactionState.ABORTABLE_ERROR);
        }
        if (endResult != null && endCommits) {
            TransactionalResult r = endResult;
            endResult = null;
            r.fail(abortableError("commitTransaction", cause));
        }
        for (OffsetsOperation op : offsetOperations) {
            op.result.fail(abortableError("sendOffsetsToTransaction", cause));
        }
        offsetOperations.clear();
        abortUnsent();
    }

    private void toFatal(RuntimeException cause) {
        if (state == TransactionState.FATAL_ERROR) {
            return;
        }
        log.error("Transactional producer with transactional.id {} cannot go on: {}", config.transactionalId(),
                cause.getMessage());
        lastError = cause;
        transitionTo(TransactionState.FATAL_ERROR);
        KafkaException reason = fatalError("the transaction", cause);
        for (TransactionalResult r : new TransactionalResult[] {initResult, endResult}) {
            if (r != null) {
                r.fail(fatalError(r.operation(), cause));
            }
        }
        initResult = null;
        endResult = null;
        for (OffsetsOperation op : offsetOperations) {
            op.result.fail(fatalError("sendOffsetsToTransaction", cause));
        }
        offsetOperations.clear();
        idempotence.setFatal(reason);
        abortUnsent();
    }

    /** Fails what of the transaction is still queued or parked: it can never commit now. */
    private void abortUnsent() {
        KafkaException e = state == TransactionState.FATAL_ERROR ? fatalError("send", lastError)
                : lastError != null ? new TransactionAbortedException("Failing batch since transaction was aborted: "
                        + lastError.getMessage(), lastError)
                : new TransactionAbortedException("Failing batch since transaction was aborted");
        failUnsent.accept(e);
    }

    private void transitionTo(TransactionState next) {
        TransactionState from = state;
        if (!from.mayTransitionTo(next)) {
            throw new IllegalStateException("Invalid transaction state transition from " + from + " to " + next
                    + " (transactional.id " + config.transactionalId() + ")");
        }
        log.debug("Transactional.id {}: {} -> {}", config.transactionalId(), from, next);
        state = next;
    }

    private KafkaException abortableError(String operation, RuntimeException cause) {
        return new KafkaException("Cannot " + operation + ": the current transaction of transactional.id "
                + config.transactionalId() + " failed and must be aborted (abortTransaction()); cause: "
                + (cause == null ? "unknown" : cause.getMessage()), cause);
    }

    private KafkaException fatalError(String operation, RuntimeException cause) {
        String what = cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException
                ? "a newer producer with the same transactional.id fenced this one"
                : cause instanceof InvalidPidMappingException
                ? "the coordinator no longer knows this producer's id (it expired: transactional.id.expiration.ms)"
                : cause instanceof AuthorizationException ? "it is not authorized" : "it hit a fatal error";
        if (cause instanceof ApiException api && (cause instanceof ProducerFencedException
                || cause instanceof InvalidProducerEpochException)) {
            // Keep the type: applications catch ProducerFencedException to know they were replaced.
            return api;
        }
        return new KafkaException("Cannot " + operation + ": the producer with transactional.id "
                + config.transactionalId() + " cannot go on because " + what + "; close it (and create a new one "
                + "if this instance should still run). Cause: " + (cause == null ? "unknown" : cause.getMessage()),
                cause);
    }

    // =============================================================================================================
    // I/O thread: sending
    // =============================================================================================================

    private <R extends Response> void send(Node node, Request<R> request,
                                           io.samsa.network.ResponseCallback<R> callback, long nowMs) {
        requestInFlight = true;
        client.send(node, request, nowMs, callback);
    }

    /** Whether the coordinator (else any connected broker) runs transaction version 2. */
    private boolean coordinatorSupportsTransactionV2() {
        NodeApiVersions v = coordinator == null ? null : client.apiVersions(coordinator.id());
        return v != null && v.finalizedFeatureLevel(NodeApiVersions.TRANSACTION_VERSION) >= 2;
    }

    /** Whether the coordinator speaks InitProducerId v3+ (Kafka 2.5+), which can bump an epoch (KIP-360). */
    private boolean coordinatorSupportsEpochBump() {
        NodeApiVersions v = coordinator == null ? null : client.apiVersions(coordinator.id());
        try {
            return v == null || v.latestUsableVersion(io.samsa.protocol.ApiKey.INIT_PRODUCER_ID) >= 3;
        } catch (UnsupportedVersionException e) {
            return false;
        }
    }

    private TxnOffsetCommitRequest txnOffsetCommit(GroupOffsets g) {
        TxnOffsetCommitRequest.Builder b = TxnOffsetCommitRequest.builder(config.transactionalId(), g.groupId(),
                idempotence.producerId(), idempotence.epoch());
        if (g.generationId() != TxnOffsetCommitRequest.UNKNOWN_GENERATION_ID
                || !TxnOffsetCommitRequest.UNKNOWN_MEMBER_ID.equals(g.memberId()) || g.groupInstanceId() != null) {
            b.groupMetadata(g.generationId(), g.memberId(), g.groupInstanceId());
        }
        for (Offset o : g.offsets()) {
            b.add(o.partition().topic(), o.partition().partition(), o.offset(), o.leaderEpoch(), o.metadata());
        }
        return b.build();
    }

    /** {@code request} sent at no more than {@code maxVersion} (see {@link Request#maxVersion()}). */
    public static <R extends Response> Request<R> capped(Request<R> request, short maxVersion) {
        if (maxVersion == Short.MAX_VALUE) {
            return request;
        }
        return new Request<>() {
            @Override
            public io.samsa.protocol.ApiKey apiKey() {
                return request.apiKey();
            }

            @Override
            public void write(ProtocolWriter w, short version) {
                request.write(w, version);
            }

            @Override
            public R readResponse(ProtocolReader r, short version) {
                return request.readResponse(r, version);
            }

            @Override
            public short maxVersion() {
                return maxVersion;
            }

            @Override
            public boolean expectsResponse() {
                return request.expectsResponse();
            }

            @Override
            public String toString() {
                return request + " (at most v" + maxVersion + ")";
            }
        };
    }
}
