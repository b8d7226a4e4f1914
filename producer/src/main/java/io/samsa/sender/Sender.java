package io.samsa.sender;

import io.samsa.accumulator.BatchDrainer;
import io.samsa.accumulator.DeliveryTimeouts;
import io.samsa.accumulator.ProducerBatch;
import io.samsa.accumulator.RecordJournal;
import io.samsa.accumulator.ReadyCheckResult;
import io.samsa.accumulator.RecordAccumulator;
import io.samsa.common.utils.ExponentialBackoff;
import io.samsa.common.Node;
import io.samsa.common.utils.Time;
import io.samsa.common.TopicPartition;
import io.samsa.common.errors.ApiException;
import io.samsa.common.errors.ClosedException;
import io.samsa.common.errors.Errors;
import io.samsa.common.errors.RetriableException;
import io.samsa.common.KafkaException;
import io.samsa.idempotence.IdempotenceManager;
import io.samsa.common.Cluster;
import io.samsa.metadata.MetadataManager;
import io.samsa.common.TopicMetadata;
import io.samsa.network.ClientRequest;
import io.samsa.network.IoService;
import io.samsa.network.NetworkClient;
import io.samsa.protocol.InitProducerIdRequest;
import io.samsa.protocol.InitProducerIdResponse;
import io.samsa.protocol.ProduceRequest;
import io.samsa.protocol.ProduceResponse;
import io.samsa.protocol.Request;
import io.samsa.transaction.TransactionManager;
import io.samsa.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Moves batches from the accumulator to the brokers and settles every batch's fate: one {@link IoService} on
 * the producer's single I/O thread, beside the {@link MetadataManager}.
 *
 * <p>Each turn: obtain a producer id if idempotent (InitProducerId), expire batches past
 * {@code delivery.timeout.ms} - queued ones and those whose request is still outstanding
 * ({@link DeliveryTimeouts}) - ask the drainer which leaders have sendable data, connect to them, drain
 * at most one batch per partition per broker into one Produce request per broker (up to
 * {@code max.request.size}), and send. Responses settle batches: acknowledged; retried with backoff on
 * retriable errors (refreshing metadata when leadership may have moved); split and resent on
 * MESSAGE_TOO_LARGE; failed for good otherwise. Idempotence keeps the sequence rules
 * ({@link IdempotenceManager}).
 *
 * <p><b>Threading.</b> Everything here runs on the I/O thread and owns its fields, as do the accumulator's
 * {@link BatchDrainer} and {@link DeliveryTimeouts} it drives; the accumulator's queues are the only structure
 * shared with application threads, and they do their own locking.
 */
public final class Sender implements IoService {
    private static final Logger log = LoggerFactory.getLogger(Sender.class);

    /**
     * Settings, already validated by the configuration table; names are the Kafka producer config keys.
     *
     * @param retryBackoff                  {@code retry.backoff.ms} up to {@code retry.backoff.max.ms}: here for
     *                                      InitProducerId (batches back off in the drainer with the same rule)
     * @param strictOrderWithoutIdempotence {@code max.in.flight.requests.per.connection=1} without idempotence:
     *                                      one batch in flight per partition
     */
    public record Config(short acks, int requestTimeoutMs, int maxRequestSize, int retries,
                         ExponentialBackoff retryBackoff, boolean strictOrderWithoutIdempotence) {
    }

    private final Config config;
    private final NetworkClient client;
    private final MetadataManager metadata;
    private final RecordAccumulator accumulator;
    private final BatchDrainer drainer;
    private final DeliveryTimeouts timeouts;
    private final IdempotenceManager idempotence;
    /** Null unless the producer is transactional; then it owns the producer id (not this class). */
    private final TransactionManager transactions;
    /** The spool's journal, or null; set before the I/O thread starts. */
    private RecordJournal journal;
    private final SenderListener listener;
    private final Time time;

    private final Map<Integer, Long> throttledUntilMs = new HashMap<>();
    private boolean initInFlight;
    private long nextInitAttemptMs;
    private int initFailures;
    private int inFlightRequests;
    /** Scratch for {@link #publishBusyNodes}: the ids of the ready brokers found busy. */
    private int[] busyScratch = new int[4];

    /**
     * @param idempotence  null for a producer without idempotence
     * @param transactions null unless the producer is transactional (then {@code idempotence} is its)
     */
    public Sender(Config config, NetworkClient client, MetadataManager metadata, RecordAccumulator accumulator,
                  IdempotenceManager idempotence, TransactionManager transactions, SenderListener listener,
                  Time time) {
        this.config = config;
        this.client = client;
        this.metadata = metadata;
        this.accumulator = accumulator;
        this.drainer = accumulator.drainer();
        this.timeouts = accumulator.deliveryTimeouts();
        this.idempotence = idempotence;
        this.transactions = transactions;
        this.listener = listener == null ? SenderListener.NONE : listener;
        this.time = time;
    }

    /** Produce requests written and not yet answered. I/O thread. */
    public int inFlightRequests() {
        return inFlightRequests;
    }

    @Override
    public long poll(long nowMs) {
        long wait = Long.MAX_VALUE;
        if (idempotence != null) {
            KafkaException fatal = idempotence.fatalError();
            if (fatal != null) {
                accumulator.busyNodes().clear();
                accumulator.abortAll(fatal);
                return Long.MAX_VALUE;
            }
            if (transactions != null) {
                // The transaction coordinator gives and bumps the producer id and epoch, never this producer.
                wait = Math.min(wait, transactions.poll(nowMs));
            } else {
                if (idempotence.maybeBump()) {
                    nextInitAttemptMs = nowMs; // epoch exhausted: a new producer id
                }
                if (!idempotence.hasProducerId()) {
                    wait = Math.min(wait, maybeInitProducerId(nowMs));
                }
            }
        }

        for (ProducerBatch b : timeouts.expire(nowMs, this::lastErrorFor)) {
            // Queued batches only: one expired in flight keeps its sequence in flight until its request ends.
            if (idempotence != null && b.hasBeenSent()) {
                idempotence.onFailed(b, "expired after being sent (its fate is unknown)");
            }
            if (transactions != null) {
                // Now, on this thread: the batch is done, so an EndTxn could otherwise commit without it.
                transactions.reportError(new TimeoutException("A batch of " + b.topicPartition() + " expired "
                        + "(delivery.timeout.ms) in the transaction"));
            }
        }

        Cluster cluster = metadata.cluster();
        ReadyCheckResult ready = drainer.ready(cluster, nowMs);
        if (!ready.unknownLeaderTopics().isEmpty()) {
            metadata.addTopics(ready.unknownLeaderTopics());
            metadata.requestUpdate();
        }
        wait = Math.min(wait, ready.nextReadyCheckDelayMs());

        Set<Node> sendable = new HashSet<>();
        for (Node node : ready.readyNodes()) {
            Long throttled = throttledUntilMs.get(node.id());
            if (throttled != null) {
                if (throttled > nowMs) {
                    wait = Math.min(wait, throttled - nowMs);
                    drainer.recordReadiness(node.id(), nowMs, false);
                    continue;
                }
                throttledUntilMs.remove(node.id());
            }
            boolean canSend = client.ready(node, nowMs);
            drainer.recordReadiness(node.id(), nowMs, canSend);
            if (canSend) {
                sendable.add(node);
            } else {
                long delay = client.connectionDelay(node.id(), nowMs);
                if (delay > 0) {
                    wait = Math.min(wait, delay);
                }
                // Otherwise a connection is being set up or the in-flight limit is reached: network events wake us.
            }
        }

        if (!sendable.isEmpty()) {
            Map<Integer, List<ProducerBatch>> drained =
                    drainer.drain(cluster, sendable, config.maxRequestSize(), nowMs);
            for (Map.Entry<Integer, List<ProducerBatch>> e : drained.entrySet()) {
                sendProduceRequest(cluster, cluster.node(e.getKey()), e.getValue(), nowMs);
            }
            // More may be ready right away (a broker had more than one request's worth), or partitions wait to
            // join the transaction.
            if (!drained.isEmpty() || (transactions != null && transactions.hasPartitionsToAdd())) {
                wait = 0;
            }
        }
        publishBusyNodes(ready);
        long expiry = timeouts.nextExpiryMs();
        if (expiry != Long.MAX_VALUE) {
            wait = Math.min(wait, Math.max(0, expiry - nowMs));
        }
        return wait;
    }

    /**
     * Tells appending threads which brokers are not worth waking this thread for
     * ({@link io.samsa.accumulator.BusyNodes}): those with data ready whose connection, after this round's sends,
     * waits for the network. Only brokers checked this round are named, so the set is never older than the last
     * round; everything else is woken for.
     */
    private void publishBusyNodes(ReadyCheckResult ready) {
        int n = 0;
        for (Node node : ready.readyNodes()) {
            if (client.awaitsNetwork(node.id())) {
                if (n == busyScratch.length) {
                    busyScratch = Arrays.copyOf(busyScratch, n * 2);
                }
                busyScratch[n++] = node.id();
            }
        }
        // "All busy": no other broker had data ready or lingering, and no data waits for a leader.
        boolean all = n > 0 && n == ready.readyNodes().size() && ready.nextReadyCheckDelayMs() == Long.MAX_VALUE
                && ready.unknownLeaderTopics().isEmpty();
        accumulator.busyNodes().publish(busyScratch, n, all);
    }

    /**
     * Why a partition's data may not have gone out: its leader's connection failing, else (no leader known) the
     * metadata requests failing. Null when neither failed. I/O thread.
     */
    private KafkaException lastErrorFor(TopicPartition tp) {
        Node leader = metadata.cluster().leaderFor(tp);
        KafkaException e = leader == null ? null : client.lastError(leader.id());
        return e != null ? e : metadata.lastError();
    }

    /** Notes every batch identity in the spool's journal from now on ({@code spool.dir}); before the I/O thread starts. */
    public void setJournal(RecordJournal journal) {
        this.journal = journal;
    }

    // ---- produce ----------------------------------------------------------------------------------------

    private void sendProduceRequest(Cluster cluster, Node node, List<ProducerBatch> batches, long nowMs) {
        ProduceRequest.Builder request = ProduceRequest.builder(config.acks(), config.requestTimeoutMs());
        if (transactions != null) {
            request.transactionalId(transactions.transactionalId());
        }
        Map<TopicPartition, ProducerBatch> byPartition = new HashMap<>(batches.size() * 2);
        Map<UUID, String> topicNames = new HashMap<>();
        int records = 0;
        long bytes = 0;
        for (ProducerBatch b : batches) {
            TopicPartition tp = b.topicPartition();
            if (idempotence != null) {
                idempotence.prepareSend(b);
            } else if (config.strictOrderWithoutIdempotence()) {
                drainer.mutePartition(tp); // one batch in flight per partition keeps order without sequences
            }
            if (journal != null && b.spoolIdentityChanged()) {
                journal.batchSending(b);
            }
            TopicMetadata tm = cluster.topic(tp.topic());
            UUID topicId = tm == null ? null : tm.topicId();
            if (topicId != null && (topicId.getMostSignificantBits() != 0 || topicId.getLeastSignificantBits() != 0)) {
                topicNames.put(topicId, tp.topic());
            } else {
                topicId = null;
            }
            request.add(tp.topic(), topicId, tp.partition(), b.records());
            listener.onBatchSent(tp.topic(), b.recordCount(), b.sizeInBytes(), b.maxRecordBytes(),
                    Math.max(1, b.attempts()), nowMs - b.createdMs());
            listener.onBatchCompression(tp.topic(), b.uncompressedSizeInBytes(), b.sizeInBytes());
            byPartition.put(tp, b);
            b.onRequestSent();
            records += b.recordCount();
            bytes += b.sizeInBytes();
        }
        if (journal != null) {
            journal.requestReady();
        }
        inFlightRequests++;
        Collection<ProducerBatch> sent = byPartition.values();
        timeouts.onRequestSent(sent);
        listener.onRequestSent(node.id(), batches.size(), records, bytes);
        Request<ProduceResponse> built = request.build();
        if (transactions != null && !transactions.transactionV2()) {
            // The Produce version tells the broker the transaction protocol: v12+ would mean version 2.
            built = TransactionManager.capped(built, ProduceRequest.LAST_VERSION_BEFORE_TRANSACTION_V2);
        }
        client.send(node, built, nowMs, (req, response, error) -> {
            inFlightRequests--;
            // Answered, or failed with its connection closed: the network no longer holds these batches' bytes.
            timeouts.onRequestFinished(sent);
            for (ProducerBatch b : sent) {
                b.onRequestFinished();
            }
            onProduceResponse(req, byPartition, topicNames, response, error);
        });
    }

    private void onProduceResponse(ClientRequest<ProduceResponse> req, Map<TopicPartition, ProducerBatch> batches,
                                   Map<UUID, String> topicNames, ProduceResponse response, KafkaException error) {
        long now = time.milliseconds();
        listener.onResponse(req.node().id(), now - req.createdMs());
        if (error != null) {
            boolean retriable = error instanceof RetriableException;
            if (retriable) {
                metadata.requestUpdate(); // the broker may be gone: find the new leaders
            }
            for (ProducerBatch b : batches.values()) {
                if (b.expiredInFlight()) {
                    settleExpired(b, error);
                } else if (retriable) {
                    retryOrFail(b, error, now);
                } else {
                    failForGood(b, error);
                }
                unmute(b);
            }
            return;
        }
        if (response == null) {
            // acks=0: written is all we will ever know.
            for (ProducerBatch b : batches.values()) {
                if (b.expiredInFlight()) {
                    settleExpired(b, null);
                } else {
                    acknowledge(b, -1L, -1L);
                }
                unmute(b);
            }
            return;
        }
        if (response.throttleTimeMs() > 0) {
            throttledUntilMs.put(req.node().id(), now + response.throttleTimeMs());
            listener.onThrottle(req.node().id(), response.throttleTimeMs());
        }
        Set<TopicPartition> newLeaders = applyLeaderHints(response, topicNames);
        for (ProduceResponse.TopicResponse tr : response.responses()) {
            String topic = tr.name() != null ? tr.name() : topicNames.get(tr.topicId());
            for (ProduceResponse.PartitionResponse pr : tr.partitions()) {
                ProducerBatch b = topic == null ? null : batches.remove(new TopicPartition(topic, pr.index()));
                if (b == null) {
                    log.warn("Produce response from {} names {}-{} which the request did not carry", req.node(),
                            topic != null ? topic : tr.topicId(), pr.index());
                    continue;
                }
                onPartitionResponse(req, b, pr, newLeaders.contains(b.topicPartition()), now);
                unmute(b);
            }
        }
        for (ProducerBatch b : batches.values()) {
            KafkaException e = new KafkaException("The Produce response from " + req.node() + " (" + req.describe()
                    + ") did not mention " + b.topicPartition() + "; its " + b.recordCount()
                    + " record(s) may or may not have been written");
            if (b.expiredInFlight()) {
                settleExpired(b, e);
            } else {
                failForGood(b, e);
            }
            unmute(b);
        }
    }

    /**
     * KIP-951: partitions refused for leadership reasons may name their new leader; applying that at once sends
     * the retry to it without a metadata round trip. Returns the partitions whose leader changed that way.
     */
    private Set<TopicPartition> applyLeaderHints(ProduceResponse response, Map<UUID, String> topicNames) {
        Map<TopicPartition, ProduceResponse.LeaderIdAndEpoch> hints = null;
        for (ProduceResponse.TopicResponse tr : response.responses()) {
            for (ProduceResponse.PartitionResponse pr : tr.partitions()) {
                if (pr.error().invalidMetadata() && pr.currentLeader().leaderId() >= 0) {
                    String topic = tr.name() != null ? tr.name() : topicNames.get(tr.topicId());
                    if (topic != null) {
                        if (hints == null) {
                            hints = new HashMap<>();
                        }
                        hints.put(new TopicPartition(topic, pr.index()), pr.currentLeader());
                    }
                }
            }
        }
        return hints == null ? Set.of() : metadata.applyLeaderHints(hints, response.nodeEndpoints());
    }

    private void onPartitionResponse(ClientRequest<ProduceResponse> req, ProducerBatch b,
                                     ProduceResponse.PartitionResponse pr, boolean newLeaderKnown, long now) {
        Errors error = pr.error();
        TopicPartition tp = b.topicPartition();
        if (b.expiredInFlight()) {
            // Its records already failed on delivery.timeout.ms: no completion, no retry, no split.
            settleExpired(b, error == Errors.NONE || error == Errors.DUPLICATE_SEQUENCE_NUMBER ? null
                    : apiError(tp, pr));
            return;
        }
        switch (error) {
            case NONE -> acknowledge(b, pr.baseOffset(), pr.logAppendTimeMs());
            case DUPLICATE_SEQUENCE_NUMBER -> acknowledge(b, -1L, -1L); // written before; offset unknown
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE -> {
                if (b.recordCount() > 1) {
                    if (idempotence != null) {
                        idempotence.onSplit(b);
                    }
                    int target = Math.max(b.sizeInBytes() / 2, 1);
                    int parts = drainer.splitAndReenqueue(b, target, now);
                    listener.onBatchSplit();
                    log.debug("{} was too large for {}; split into {} batches", b, req.node(), parts);
                } else {
                    failForGood(b, Errors.exception("Produce to " + tp + " failed: the record of "
                            + b.sizeInBytes() + " bytes (as a batch) is larger than the broker accepts (topic "
                            + "max.message.bytes / broker message.max.bytes)", tp.topic(), error, pr.errorCode(),
                            pr.errorMessage()));
                }
            }
            case OUT_OF_ORDER_SEQUENCE_NUMBER, UNKNOWN_PRODUCER_ID -> {
                if (idempotence == null) {
                    failForGood(b, apiError(tp, pr));
                } else {
                    if (error == Errors.UNKNOWN_PRODUCER_ID || idempotence.isNextExpected(b)
                            || idempotence.isBehindAcknowledged(b)) {
                        // A real gap (or the broker forgot us): start sequences afresh under a new epoch.
                        idempotence.requestBump(error.name() + " for " + tp + " at sequence " + b.baseSequence());
                    }
                    retryOrFail(b, apiError(tp, pr), now);
                }
            }
            case INVALID_PRODUCER_EPOCH, PRODUCER_FENCED -> {
                failForGood(b, apiError(tp, pr));
            }
            default -> {
                if (error.invalidMetadata() && !newLeaderKnown) {
                    metadata.requestUpdate();
                }
                if (error.retriable()) {
                    // A batch whose new leader the response named goes there at once: nothing to back off from.
                    retryOrFail(b, apiError(tp, pr), newLeaderKnown ? 0 : -1, now);
                } else {
                    failForGood(b, apiError(tp, pr));
                }
            }
        }
    }

    private static ApiException apiError(TopicPartition tp, ProduceResponse.PartitionResponse pr) {
        StringBuilder context = new StringBuilder("Produce to ").append(tp).append(" failed");
        if (!pr.recordErrors().isEmpty()) {
            context.append(" (record errors: ");
            for (ProduceResponse.RecordError re : pr.recordErrors()) {
                context.append("#").append(re.batchIndex()).append(re.message() == null ? "" : " " + re.message())
                        .append("; ");
            }
            context.setLength(context.length() - 2);
            context.append(")");
        }
        // TOPIC_AUTHORIZATION_FAILED becomes a TopicAuthorizationException naming the topic (security).
        return Errors.exception(context.toString(), tp.topic(), pr.error(), pr.errorCode(), pr.errorMessage());
    }

    private void acknowledge(ProducerBatch b, long baseOffset, long logAppendTime) {
        if (idempotence != null) {
            idempotence.onAcknowledged(b);
        }
        // Counted before completing: completion wakes flush(), and a caller reading the metrics right after
        // flush() must see these records acknowledged. (A batch a forced close aborted meanwhile is not.)
        if (!b.isDone()) {
            listener.onAcknowledged(b.recordCount(), time.milliseconds() - b.createdMs());
        }
        b.complete(baseOffset, logAppendTime);
    }

    /**
     * The late answer for a batch whose records already failed on {@code delivery.timeout.ms} while its request was
     * outstanding ({@link ProducerBatch#expiredInFlight}). The records are not touched again (each completes
     * exactly once) and the batch is not retried (its records' life is over). Only the idempotent sequence is
     * settled: a success means the broker wrote the batch, so the acknowledged sequence moves past it and later
     * batches line up; an error (any: nothing will carry this sequence again) is the final failure of a batch with
     * a sequence, so the epoch is bumped and sequences restart once nothing is in flight - without that, later
     * batches would be refused as OUT_OF_ORDER_SEQUENCE_NUMBER forever.
     *
     * @param error null for a success (or DUPLICATE_SEQUENCE_NUMBER: written before)
     */
    private void settleExpired(ProducerBatch b, RuntimeException error) {
        if (error == null) {
            if (idempotence != null) {
                idempotence.onAcknowledged(b);
            }
            // The caller was told these records timed out (their fate unknown, as Apache's TimeoutException
            // means); the broker has in fact written them. Worth a line: duplicates upstream may follow.
            log.info("{} record(s) for {} that had expired on delivery.timeout.ms={} while their request was"
                    + " outstanding were written by the broker after all", b.recordCount(), b.topicPartition(),
                    timeouts.deliveryTimeoutMs());
        } else {
            if (idempotence != null) {
                idempotence.onFailed(b, "failed after its records expired in flight: " + error.getMessage());
            }
            log.debug("The request of {} (records expired in flight) ended with: {}", b, error.getMessage());
        }
    }

    private void retryOrFail(ProducerBatch b, KafkaException cause, long now) {
        retryOrFail(b, cause, -1, now);
    }

    /** @param backoffMs the retry backoff, or -1 for the usual exponential one */
    private void retryOrFail(ProducerBatch b, KafkaException cause, long backoffMs, long now) {
        if (timeouts.expired(b, now)) {
            failForGood(b, timeouts.timeout(b, now, "; last error: " + cause.getMessage(), cause));
            return;
        }
        if (b.attempts() > config.retries()) {
            failForGood(b, cause);
            return;
        }
        if (idempotence != null) {
            idempotence.onRetry(b);
        }
        log.debug("Retrying {} (attempt {}): {}", b, b.attempts() + 1, cause.getMessage());
        listener.onRetry(b.topicPartition().topic(), b.recordCount());
        if (backoffMs < 0) {
            drainer.reenqueue(b, now);
        } else {
            drainer.reenqueue(b, now, backoffMs);
        }
    }

    private void failForGood(ProducerBatch b, RuntimeException cause) {
        if (idempotence != null) {
            idempotence.onFailed(b, "failed: " + cause.getMessage());
        }
        if (transactions != null) {
            transactions.reportError(cause); // before the batch is done, so before any EndTxn
        }
        b.fail(cause);
    }

    private void unmute(ProducerBatch b) {
        if (idempotence == null && config.strictOrderWithoutIdempotence()) {
            drainer.unmutePartition(b.topicPartition());
        }
    }

    // ---- producer id ------------------------------------------------------------------------------------

    private long maybeInitProducerId(long nowMs) {
        if (initInFlight) {
            return Long.MAX_VALUE;
        }
        if (nowMs < nextInitAttemptMs) {
            return nextInitAttemptMs - nowMs;
        }
        Node node = client.leastLoadedNode(metadata.cluster().nodes(), nowMs);
        if (node == null) {
            metadata.requestUpdate();
            return 50; // until metadata knows a broker or a connection completes
        }
        initInFlight = true;
        client.send(node, InitProducerIdRequest.idempotent(), nowMs, this::onInitProducerId);
        return Long.MAX_VALUE;
    }

    private void onInitProducerId(ClientRequest<InitProducerIdResponse> req, InitProducerIdResponse resp,
                                  KafkaException error) {
        initInFlight = false;
        long now = time.milliseconds();
        if (error == null && resp.error() == Errors.NONE) {
            initFailures = 0;
            idempotence.setProducerId(resp.producerId(), resp.producerEpoch());
            return;
        }
        if (error == null && (resp.error() == Errors.CLUSTER_AUTHORIZATION_FAILED
                || resp.error() == Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED)) {
            idempotence.setFatal(Errors.exception("The idempotent producer cannot get a producer id from "
                    + req.node() + ": it lacks the IDEMPOTENT_WRITE permission on the cluster (grant it, or set "
                    + "enable.idempotence=false)", null, resp.error(), resp.errorCode(), null));
            accumulator.abortAll(idempotence.fatalError());
            return;
        }
        if (error instanceof ClosedException) {
            return;
        }
        initFailures++;
        nextInitAttemptMs = now + config.retryBackoff().backoff(initFailures - 1L);
        log.debug("InitProducerId to {} failed ({} in a row): {}", req.node(), initFailures,
                error != null ? error.getMessage() : Errors.describe(resp.errorCode()));
        if (error != null) {
            metadata.requestUpdate();
        }
    }

    // ---- authentication failure (security) --------------------------------------------------------------

    /**
     * The producer could not authenticate to a broker: fail every queued batch with that error now instead of
     * retrying until {@code delivery.timeout.ms} (the same credentials fail the same way). Batches in flight
     * settle through their own responses. Later sends are accepted and tried again: the credentials may have
     * been fixed on the broker meanwhile. I/O thread.
     *
     * @return how many batches failed
     */
    public int failQueuedBatches(KafkaException cause) {
        List<ProducerBatch> queued = drainer.removeQueuedBatches();
        for (ProducerBatch b : queued) {
            failForGood(b, cause);
            unmute(b);
        }
        return queued.size();
    }

    // ---- close ------------------------------------------------------------------------------------------

    /** The I/O thread stops: whatever is still queued fails (in-flight requests fail as the network closes). */
    @Override
    public void close() {
        accumulator.abortAll(new ClosedException("The producer was closed before these records were sent"));
    }
}
