package io.samsa.network;

import io.samsa.common.utils.ExponentialBackoff;
import io.samsa.common.KafkaException;

import java.util.HashMap;
import java.util.Map;

/**
 * Per broker: when the next connection attempt may start, how long its set-up may take, and why the last one
 * failed. The state of a broker outlives the connections it describes.
 *
 * <p>Both waits grow with the broker's consecutive failures (attempts that never became ready, and the drop
 * of a working connection, which counts as the first): the wait before reconnecting is
 * {@code reconnect.backoff.ms} doubling up to {@code reconnect.backoff.max.ms} with +/-20% jitter, so that
 * clients that lost a broker together do not come back in lockstep (KIP-144); the set-up timeout of the next
 * attempt is {@code socket.connection.setup.timeout.ms} doubling up to
 * {@code socket.connection.setup.timeout.max.ms} (KIP-601), so that a slow broker gets longer each time
 * instead of being abandoned at the same point again and again. A connection that becomes ready resets both.
 *
 * <p><b>Threading.</b> Owned by the I/O thread, like the {@link NetworkClient} that holds it.
 */
final class ReconnectBackoff {
    private final ExponentialBackoff reconnect;
    private final ExponentialBackoff setupTimeout;
    private final Map<Integer, NodeState> nodes = new HashMap<>();

    private static final class NodeState {
        int failures;
        long nextAttemptMs;
        KafkaException lastError;
    }

    ReconnectBackoff(NetworkConfig config) {
        this(new ExponentialBackoff(config.reconnectBackoffMs(), 2, config.reconnectBackoffMaxMs(),
                ExponentialBackoff.KAFKA_JITTER),
                new ExponentialBackoff(config.connectionSetupTimeoutMs(), 2, config.connectionSetupTimeoutMaxMs(), 0));
    }

    ReconnectBackoff(ExponentialBackoff reconnect, ExponentialBackoff setupTimeout) {
        this.reconnect = reconnect;
        this.setupTimeout = setupTimeout;
    }

    /** Milliseconds until a new attempt to the node may start (0: now). */
    long delayMs(int nodeId, long nowMs) {
        NodeState s = nodes.get(nodeId);
        return s == null ? 0 : Math.max(0, s.nextAttemptMs - nowMs);
    }

    /** How long the next attempt to the node may take from TCP connect to ready. */
    int setupTimeoutMs(int nodeId) {
        NodeState s = nodes.get(nodeId);
        return (int) setupTimeout.backoff(s == null ? 0 : s.failures);
    }

    /**
     * An attempt to the node failed, or its connection dropped: the next attempt waits.
     *
     * @return the wait before the next attempt, in milliseconds
     */
    long onFailure(int nodeId, KafkaException error, long nowMs) {
        NodeState s = nodes.computeIfAbsent(nodeId, id -> new NodeState());
        long wait = reconnect.backoff(s.failures);
        s.failures++;
        s.lastError = error;
        s.nextAttemptMs = nowMs + wait;
        return wait;
    }

    /** The node's connection is ready: the next failure starts from the initial waits again. */
    void onReady(int nodeId) {
        NodeState s = nodes.get(nodeId);
        if (s != null) {
            s.failures = 0;
            s.lastError = null;
        }
    }

    /** Consecutive failures of the node since it was last ready. */
    int failures(int nodeId) {
        NodeState s = nodes.get(nodeId);
        return s == null ? 0 : s.failures;
    }

    /** The error that ended the last attempt to the node, or null if it has been ready since. */
    KafkaException lastError(int nodeId) {
        NodeState s = nodes.get(nodeId);
        return s == null ? null : s.lastError;
    }
}
