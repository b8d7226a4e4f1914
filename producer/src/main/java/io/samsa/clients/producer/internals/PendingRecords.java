package io.samsa.clients.producer.internals;

import io.samsa.accumulator.BatchMemory;
import io.samsa.accumulator.RecordAccumulator;
import io.samsa.accumulator.RecordCompletion;
import io.samsa.common.TopicPartition;
import io.samsa.common.header.Header;
import io.samsa.common.errors.ClosedException;
import io.samsa.common.errors.Errors;
import io.samsa.common.errors.TimeoutException;
import io.samsa.common.Cluster;
import io.samsa.common.KafkaException;
import io.samsa.metadata.MetadataManager;
import io.samsa.common.TopicMetadata;
import io.samsa.network.IoService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records sent to a topic whose metadata is not known yet. This is how {@code send()} never waits for metadata:
 * the record is serialized, charged to {@code buffer.memory}, and parked here; when the topic's partitions
 * are known the I/O thread routes and appends it, in send order. Apache's producer blocks {@code send()} for
 * up to {@code max.block.ms} instead.
 *
 * <p>A parked record fails with a {@link TimeoutException} naming the topic when its
 * {@code delivery.timeout.ms} passes before the topic appears (unknown topic, no broker reachable), and at once
 * when the broker reports a non-retriable topic error (e.g. authorization, invalid name).
 *
 * <p>Ordering: while a topic has parked records, later sends to it are parked too (see
 * {@link #hasPending(String)}), so the fast path cannot overtake them.
 *
 * <p>Threads: {@link #park} from application threads; {@link #poll} and {@link #close} on the I/O thread;
 * {@link #awaitEmpty} from a thread in {@code flush()}. Queues are concurrent; counts are atomic.
 */
public final class PendingRecords implements IoService {
    private static final Logger log = LoggerFactory.getLogger(PendingRecords.class);

    /** One parked record: everything needed to route and append it later. */
    public record Pending(String topic, Integer partition, Object key, byte[] keyBytes, Object value,
                          byte[] valueBytes, Header[] headers, long timestamp, RecordCompletion completion,
                          int reservedBytes, long createdMs) {
    }

    private static final class TopicQueue {
        final ConcurrentLinkedQueue<Pending> records = new ConcurrentLinkedQueue<>();
        final AtomicInteger count = new AtomicInteger();
    }

    private final Map<String, TopicQueue> topics = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final Object emptyMonitor = new Object();
    private final RecordAccumulator accumulator;
    private final MetadataManager metadata;
    private final PartitionChooser router;
    private final long deliveryTimeoutMs;
    /**
     * Set by {@link #close} before it fails what is parked. A {@link #park} that raced with close (the record's
     * memory reserved just before, the record added just after close's sweep) sees it and takes its record back.
     */
    private volatile boolean closed;
    private volatile String closeReason = "";

    public PendingRecords(RecordAccumulator accumulator, MetadataManager metadata, PartitionChooser router,
                          long deliveryTimeoutMs) {
        this.accumulator = accumulator;
        this.metadata = metadata;
        this.router = router;
        this.deliveryTimeoutMs = deliveryTimeoutMs;
    }

    /** True while records for the topic are parked: a new send must queue behind them. Any thread. */
    public boolean hasPending(String topic) {
        TopicQueue q = topics.get(topic);
        return q != null && q.count.get() > 0;
    }

    public int size() {
        return total.get();
    }

    /**
     * Parks a record whose memory ({@code reservedBytes}) is already reserved. Application thread.
     *
     * <p>After {@link #close} nothing is parked: the record fails at once with a {@link ClosedException} (on this
     * thread's hand-over to the callbacks) and its memory is released, so no future is left behind that nobody
     * will complete. Race with close, without a lock: the record is added first, then {@link #closed} is read;
     * close sets {@link #closed} first, then sweeps the queues. Either the sweep finds the record, or this read
     * sees {@code closed} (both volatile/CAS: sequentially consistent). Both may happen; then whichever removes the
     * record from the queue (an atomic remove/poll) completes it - exactly once.
     *
     * @return false if the producer was closing and the record was failed instead
     */
    public boolean park(Pending p) {
        TopicQueue q = topics.computeIfAbsent(p.topic(), t -> new TopicQueue());
        q.count.incrementAndGet();
        total.incrementAndGet();
        q.records.add(p);
        if (closed && q.records.remove(p)) {
            accumulator.memory().release(p.reservedBytes());
            complete(p, closedError(p.topic()));
            done(q);
            return false;
        }
        return true;
    }

    @Override
    public long poll(long nowMs) {
        if (total.get() == 0) {
            return Long.MAX_VALUE;
        }
        long wait = Long.MAX_VALUE;
        Cluster cluster = metadata.cluster();
        for (Map.Entry<String, TopicQueue> e : topics.entrySet()) {
            TopicQueue q = e.getValue();
            if (q.count.get() == 0) {
                continue;
            }
            String topic = e.getKey();
            TopicMetadata tm = cluster.topic(topic);
            if (tm == null || tm.hasError() || tm.partitionCount() == 0) {
                metadata.addTopics(java.util.List.of(topic));
                Errors error = tm == null ? Errors.NONE : Errors.forCode(tm.errorCode());
                if (error != Errors.NONE && !error.retriable()) {
                    failAll(q, Errors.exception("Cannot send to topic " + topic, topic, error, tm.errorCode(), null));
                    continue;
                }
                wait = Math.min(wait, expire(q, topic, tm, nowMs));
                continue;
            }
            wait = Math.min(wait, appendAll(q, topic, tm, cluster, nowMs));
        }
        return wait;
    }

    private long appendAll(TopicQueue q, String topic, TopicMetadata tm, Cluster cluster, long nowMs) {
        BatchMemory memory = accumulator.memory();
        Pending p;
        while ((p = q.records.peek()) != null) {
            int partition;
            try {
                partition = router.partition(topic, p.partition(), p.key(), p.keyBytes(), p.value(), p.valueBytes(),
                        cluster, tm.partitionCount());
            } catch (RuntimeException ex) {
                q.records.poll();
                memory.release(p.reservedBytes());
                complete(p, ex);
                done(q);
                continue;
            }
            int appended;
            try {
                appended = accumulator.tryAppend(topic, partition, p.timestamp(), p.keyBytes(), p.valueBytes(),
                        p.headers(), p.completion(), cluster);
                if (appended < 0) {
                    // Our own reservation may be what is missing: hand it back and try once more.
                    memory.release(p.reservedBytes());
                    appended = accumulator.tryAppend(topic, partition, p.timestamp(), p.keyBytes(), p.valueBytes(),
                            p.headers(), p.completion(), cluster);
                    if (appended < 0) {
                        memory.reserveForced(p.reservedBytes()); // keep it charged; retry when memory frees
                        return 5;
                    }
                } else {
                    memory.release(p.reservedBytes());
                }
            } catch (RuntimeException ex) {
                q.records.poll();
                memory.release(p.reservedBytes());
                complete(p, ex);
                done(q);
                continue;
            }
            q.records.poll();
            done(q);
        }
        return Long.MAX_VALUE;
    }

    private long expire(TopicQueue q, String topic, TopicMetadata tm, long nowMs) {
        Pending p;
        while ((p = q.records.peek()) != null) {
            long deadline = p.createdMs() + deliveryTimeoutMs;
            if (nowMs < deadline) {
                return deadline - nowMs;
            }
            q.records.poll();
            accumulator.memory().release(p.reservedBytes());
            // The metadata's last failure says why the topic never arrived: a listener that is not Kafka or not
            // plaintext, refused connections, a missing ACL. Without it the user sees only "not present".
            KafkaException why = metadata.lastError();
            complete(p, new TimeoutException("Topic " + topic + " not present in metadata after "
                    + (nowMs - p.createdMs()) + " ms (delivery.timeout.ms=" + deliveryTimeoutMs + ")"
                    + (tm == null ? "" : "; the broker reports " + Errors.forCode(tm.errorCode()).name())
                    + (why == null ? "" : "; last error: " + why.getMessage()), why));
            done(q);
        }
        return Long.MAX_VALUE;
    }

    private void failAll(TopicQueue q, RuntimeException error) {
        Pending p;
        while ((p = q.records.poll()) != null) {
            accumulator.memory().release(p.reservedBytes());
            complete(p, error);
            done(q);
        }
    }

    /**
     * A parked record left: call after its completion was handed to the callback thread, so that a flush()
     * woken by the count reaching zero finds the completion queued and waits for it.
     */
    private void done(TopicQueue q) {
        q.count.decrementAndGet();
        if (total.decrementAndGet() == 0) {
            synchronized (emptyMonitor) {
                emptyMonitor.notifyAll();
            }
        }
    }

    private static void complete(Pending p, RuntimeException error) {
        TopicPartition tp = new TopicPartition(p.topic(), p.partition() == null ? -1 : p.partition());
        try {
            p.completion().onCompletion(tp, -1L, p.timestamp(), p.keyBytes() == null ? -1 : p.keyBytes().length,
                    p.valueBytes() == null ? -1 : p.valueBytes().length, error);
        } catch (RuntimeException e) {
            log.error("Completion of a record for {} threw", tp, e);
        }
    }

    /** Waits until nothing is parked, at most {@code timeoutMs}. @return false on timeout */
    public boolean awaitEmpty(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        synchronized (emptyMonitor) {
            while (total.get() > 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                emptyMonitor.wait(Math.min(left, 100)); // re-check the count: park() does not notify
            }
        }
        return true;
    }

    /**
     * Fails every parked record with {@code error} (the producer cannot authenticate, so their metadata will
     * not come). Later records park again as usual. I/O thread.
     */
    public void failAll(RuntimeException error) {
        for (TopicQueue q : topics.values()) {
            failAll(q, error);
        }
    }

    /**
     * Why the producer is closing, appended to the error of records still parked when it does (e.g. the close
     * timeout that ran out). Set by the closing thread before it stops the I/O thread, which reads it in
     * {@link #close()}; volatile for that hand-over.
     */
    public void setCloseReason(String reason) {
        this.closeReason = reason == null ? "" : reason;
    }

    /**
     * The producer is closing: whatever is still parked fails, naming its topic, and so does any record parked
     * later. I/O thread.
     */
    @Override
    public void close() {
        closed = true;
        topics.forEach((topic, q) -> failAll(q, closedError(topic)));
    }

    private ClosedException closedError(String topic) {
        return new ClosedException("The producer was closed before the metadata of topic " + topic + " was known "
                + "(the topic does not exist, or no broker answered for it), so the record was never sent"
                + closeReason);
    }

    /** For errors: the topics that have records waiting for metadata. */
    public java.util.Set<String> waitingTopics() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        topics.forEach((t, q) -> {
            if (q.count.get() > 0) {
                out.add(t);
            }
        });
        return out;
    }
}
