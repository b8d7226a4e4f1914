package io.samsa.accumulator;

import io.samsa.common.Node;
import io.samsa.common.TopicPartition;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * What {@link BatchDrainer#ready} found: the brokers with at least one batch to send now, how long the
 * sender may sleep before another batch becomes sendable, and the partitions holding data whose leader is not
 * known (so the sender asks for metadata). Immutable.
 */
public final class ReadyCheckResult {
    private final Set<Node> readyNodes;
    private final long nextReadyCheckDelayMs;
    private final Set<TopicPartition> unknownLeaderPartitions;
    private final Set<String> unknownLeaderTopics;

    ReadyCheckResult(Set<Node> readyNodes, long nextReadyCheckDelayMs, Set<TopicPartition> unknownLeaderPartitions) {
        this.readyNodes = readyNodes.isEmpty() ? Set.of() : Collections.unmodifiableSet(readyNodes);
        this.nextReadyCheckDelayMs = nextReadyCheckDelayMs;
        // Made on every I/O round: the usual case (every leader known) allocates nothing more.
        if (unknownLeaderPartitions.isEmpty()) {
            this.unknownLeaderPartitions = Set.of();
            this.unknownLeaderTopics = Set.of();
        } else {
            this.unknownLeaderPartitions = Collections.unmodifiableSet(unknownLeaderPartitions);
            Set<String> topics = new HashSet<>();
            for (TopicPartition tp : unknownLeaderPartitions) {
                topics.add(tp.topic());
            }
            this.unknownLeaderTopics = Collections.unmodifiableSet(topics);
        }
    }

    /** Leaders with a sendable batch: pass them (those the sender can reach) to {@code drain}. */
    public Set<Node> readyNodes() {
        return readyNodes;
    }

    /**
     * Milliseconds until the next batch that is not sendable now becomes sendable (linger or retry backoff
     * elapses), or {@link Long#MAX_VALUE} when nothing is waiting. An append that starts or fills a batch wakes
     * the sender, so it can sleep this long.
     */
    public long nextReadyCheckDelayMs() {
        return nextReadyCheckDelayMs;
    }

    /** Partitions with queued data but no known leader. */
    public Set<TopicPartition> unknownLeaderPartitions() {
        return unknownLeaderPartitions;
    }

    /** The topics of {@link #unknownLeaderPartitions()}: what to ask metadata for. */
    public Set<String> unknownLeaderTopics() {
        return unknownLeaderTopics;
    }

    @Override
    public String toString() {
        return "ReadyCheckResult(readyNodes=" + readyNodes + ", nextReadyCheckDelayMs=" + nextReadyCheckDelayMs
                + ", unknownLeaders=" + unknownLeaderPartitions + ")";
    }
}
