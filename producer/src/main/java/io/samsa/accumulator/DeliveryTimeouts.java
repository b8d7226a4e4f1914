package io.samsa.accumulator;

import io.samsa.common.TopicPartition;
import io.samsa.common.errors.TimeoutException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The one place where {@code delivery.timeout.ms} is settled for batches: a record's whole life, from its batch's
 * creation to its outcome, waiting, attempts and backoffs included. It ends the same way wherever the batch is:
 *
 * <ul>
 *   <li><b>queued</b> (never sent, or waiting to be retried): taken out of its queue and failed;</li>
 *   <li><b>in flight</b> (a produce request holding it is outstanding): its records fail now
 *       ({@link ProducerBatch#expireInFlight}); the request's answer, when it comes, settles only the sender's
 *       bookkeeping (the idempotent sequence), and the bytes stay charged until then (KAFKA-19012). A record's
 *       life must not stretch to its deadline plus {@code request.timeout.ms} because its last attempt went out
 *       late (Apache's producer does the same: {@code getExpiredInflightBatches});</li>
 *   <li><b>coming back</b> from a retriable error: failed instead of re-queued ({@link #expired}, with
 *       {@link #timeout} naming the last error).</li>
 * </ul>
 * Every message names the records, the partition, the time passed and {@code delivery.timeout.ms}.
 *
 * <p><b>Threads.</b> I/O thread only. The queued sweep takes each partition's lock briefly, as a drain does.
 */
public final class DeliveryTimeouts {
    /** Per partition, record order; partitions in any consistent order. */
    private static final Comparator<ProducerBatch> RECORD_ORDER = (a, b) -> {
        int c = a.topicPartition().topic().compareTo(b.topicPartition().topic());
        if (c == 0) {
            c = Integer.compare(a.topicPartition().partition(), b.topicPartition().partition());
        }
        return c != 0 ? c : Long.compare(a.firstRecordNo(), b.firstRecordNo());
    };

    private final long deliveryTimeoutMs;
    private final QueueTable table;
    /**
     * The batches of the produce requests written and not yet finished, one collection per request: a request's
     * batches leave together, so finishing one removes one entry among at most
     * {@code max.in.flight.requests.per.connection} per broker.
     */
    private final List<Collection<ProducerBatch>> inFlight = new ArrayList<>();
    /** The earliest deadline of a queued batch, as of the last sweep. */
    private long nextQueuedExpiryMs = Long.MAX_VALUE;
    /**
     * No batch of {@link #inFlight} expires before this (a lower bound: batches leaving only make the next scan
     * come early, and the scan recomputes it exactly).
     */
    private long nextInFlightExpiryMs = Long.MAX_VALUE;

    DeliveryTimeouts(long deliveryTimeoutMs, QueueTable table) {
        this.deliveryTimeoutMs = deliveryTimeoutMs;
        this.table = table;
    }

    public long deliveryTimeoutMs() {
        return deliveryTimeoutMs;
    }

    /** Whether the batch's records' life is over at {@code nowMs}. */
    public boolean expired(ProducerBatch batch, long nowMs) {
        return nowMs - batch.createdMs() >= deliveryTimeoutMs;
    }

    /**
     * The error a batch fails with when its time is up.
     *
     * @param how   what happened to it, appended to the message (e.g. "; last error: ...")
     * @param cause the last error, or null
     */
    public TimeoutException timeout(ProducerBatch batch, long nowMs, String how, Throwable cause) {
        return new TimeoutException("Expiring " + batch.recordCount() + " record(s) for " + batch.topicPartition()
                + ": " + (nowMs - batch.createdMs()) + " ms has passed since batch creation, delivery.timeout.ms="
                + deliveryTimeoutMs + how, cause);
    }

    /** A produce request holding {@code batches} was handed to the network. */
    public void onRequestSent(Collection<ProducerBatch> batches) {
        inFlight.add(batches);
        for (ProducerBatch b : batches) {
            nextInFlightExpiryMs = Math.min(nextInFlightExpiryMs, b.createdMs() + deliveryTimeoutMs);
        }
    }

    /** The request that held {@code batches} finished (answered, or failed with its connection). */
    public void onRequestFinished(Collection<ProducerBatch> batches) {
        for (int i = inFlight.size() - 1; i >= 0; i--) {
            if (inFlight.get(i) == batches) { // by identity: the collections do not define equality
                inFlight.remove(i);
                return;
            }
        }
    }

    /**
     * Fails every batch whose {@code delivery.timeout.ms} has passed, queued or in flight. Within a partition they
     * fail in record order whichever list they come from (a retried batch waiting in its queue may be older than
     * a newer one in flight), so that a partition's callbacks still run in send order.
     *
     * @return the queued batches failed (for the sender's idempotence bookkeeping: a queued batch that had been
     *         sent gave up its sequence); the in-flight ones are not in it, their request's answer settles that
     */
    public List<ProducerBatch> expire(long nowMs) {
        return expire(nowMs, tp -> null);
    }

    /**
     * {@link #expire(long)}, each failure carrying the last error behind it: why a batch that never went out
     * could not go (its leader's connection failing, say), which the bare "expiring" would hide.
     *
     * @param lastError the last error known for a partition's sends, or null
     */
    public List<ProducerBatch> expire(long nowMs, Function<TopicPartition, ? extends Throwable> lastError) {
        List<ProducerBatch> queued = expiredQueued(nowMs);
        List<ProducerBatch> flying = expiredInFlight(nowMs);
        List<ProducerBatch> all = queued;
        if (!flying.isEmpty()) {
            all = new ArrayList<>(queued.size() + flying.size());
            all.addAll(queued);
            all.addAll(flying);
            all.sort(RECORD_ORDER);
        }
        for (ProducerBatch b : all) {
            boolean outstanding = b.hasRequestOutstanding();
            String how = outstanding ? " (sent " + b.attempts() + " time(s); the last request is still unanswered)"
                    : b.hasBeenSent() ? " (sent " + b.attempts() + " time(s) without success)" : " (never sent)";
            Throwable cause = lastError.apply(b.topicPartition());
            if (cause != null) {
                how += "; last error: " + cause.getMessage();
            }
            TimeoutException e = timeout(b, nowMs, how, cause);
            if (outstanding) {
                b.expireInFlight(e);
            } else {
                b.fail(e);
            }
        }
        return queued;
    }

    /** The earliest moment a batch may expire (queued ones as of the last sweep), or {@link Long#MAX_VALUE}. */
    public long nextExpiryMs() {
        return Math.min(nextQueuedExpiryMs, nextInFlightExpiryMs);
    }

    /** Takes the expired batches out of their queues, sealed, without failing them. */
    private List<ProducerBatch> expiredQueued(long nowMs) {
        List<ProducerBatch> expired = List.of();
        long next = Long.MAX_VALUE;
        for (TopicQueues t : table.topics()) {
            for (PartitionQueue q : t.queues) {
                if (q == null || q.size() == 0) {
                    continue;
                }
                synchronized (q) {
                    ProducerBatch b;
                    // Queues are in creation order, so the first batch that has time left ends the sweep.
                    while ((b = q.peekFirst()) != null) {
                        if (!expired(b, nowMs)) {
                            next = Math.min(next, b.createdMs() + deliveryTimeoutMs);
                            break;
                        }
                        q.pollFirst();
                        b.seal();
                        if (expired.isEmpty()) {
                            expired = new ArrayList<>();
                        }
                        expired.add(b);
                    }
                }
            }
        }
        nextQueuedExpiryMs = next;
        return expired;
    }

    /** The not yet failed batches of outstanding requests whose time is up; scans only when one may be. */
    private List<ProducerBatch> expiredInFlight(long nowMs) {
        if (nowMs < nextInFlightExpiryMs) {
            return List.of();
        }
        List<ProducerBatch> expired = List.of();
        long next = Long.MAX_VALUE;
        for (Collection<ProducerBatch> request : inFlight) {
            for (ProducerBatch b : request) {
                if (b.isDone()) {
                    continue; // expired at an earlier scan (or aborted by a forced close): waiting for its request
                }
                if (expired(b, nowMs)) {
                    if (expired.isEmpty()) {
                        expired = new ArrayList<>();
                    }
                    expired.add(b);
                } else {
                    next = Math.min(next, b.createdMs() + deliveryTimeoutMs);
                }
            }
        }
        nextInFlightExpiryMs = next;
        return expired;
    }
}
