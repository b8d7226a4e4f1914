package io.samsa.accumulator;

import java.util.HashMap;
import java.util.Map;

/**
 * Which brokers have had data ready for them but could not take it for longer than
 * {@code partitioner.availability.timeout.ms}, so that the adaptive {@link StickyPartitioner} stops sending new
 * unkeyed records to their partitions (KIP-794). A broker that is slow or unreachable but still leader would
 * otherwise keep receiving its share, which piles up in the accumulator until it times out.
 *
 * <p>How it is fed: each time the sender finds a broker with data ready to send, it calls {@link #record} with
 * whether the broker's connection could take a request then. The broker is unavailable when the last such
 * time is more than the timeout after the last time it could. When building the queue lengths for
 * {@link StickyPartitioner#updateLoad}, the accumulator leaves out partitions whose leader
 * {@link #isUnavailable}. Only in effect with adaptive partitioning, as in Apache Kafka.
 *
 * <p><b>Threads.</b> Not thread-safe: owned by the sender thread, which both feeds and reads it.
 */
public final class LeaderAvailability {
    private static final class NodeTimes {
        long readyMs;
        long drainMs;

        NodeTimes(long nowMs) {
            readyMs = nowMs;
            drainMs = nowMs;
        }
    }

    private final long timeoutMs;
    private final Map<Integer, NodeTimes> nodes = new HashMap<>();

    /** @param timeoutMs {@code partitioner.availability.timeout.ms}; 0 turns the exclusion off */
    public LeaderAvailability(long timeoutMs) {
        if (timeoutMs < 0) {
            throw new IllegalArgumentException("partitioner.availability.timeout.ms must be >= 0, got " + timeoutMs);
        }
        this.timeoutMs = timeoutMs;
    }

    /** False when the timeout is 0: nothing is recorded and no broker is ever unavailable. */
    public boolean enabled() {
        return timeoutMs > 0;
    }

    /**
     * The sender found data ready for {@code nodeId} at {@code nowMs}.
     *
     * @param canDrain whether the broker's connection could take a request at that moment
     */
    public void record(int nodeId, long nowMs, boolean canDrain) {
        if (!enabled()) {
            return;
        }
        NodeTimes t = nodes.computeIfAbsent(nodeId, id -> new NodeTimes(nowMs));
        if (canDrain) {
            t.drainMs = nowMs;
        }
        t.readyMs = nowMs;
    }

    /** True when the broker has had data ready but no way to send it for longer than the timeout. */
    public boolean isUnavailable(int nodeId) {
        if (!enabled()) {
            return false;
        }
        NodeTimes t = nodes.get(nodeId);
        return t != null && t.readyMs - t.drainMs > timeoutMs;
    }

    /** Forgets a broker (it left the cluster). */
    public void remove(int nodeId) {
        nodes.remove(nodeId);
    }
}
