package io.samsa.sender;

import io.samsa.common.utils.Time;
import io.samsa.metadata.MetadataManager;
import io.samsa.network.NetworkClient;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives a {@link Sender} and its {@link MetadataManager} by hand on the test thread, one I/O round at a time
 * (what {@code IoThread} does in a loop), so that a test can check each round's outcome against a
 * {@link ScriptedCluster}. Every wait has a deadline.
 */
final class ManualRounds {
    private final NetworkClient client;
    private final MetadataManager metadata;
    private final Sender sender;
    private final ScriptedCluster brokers;

    ManualRounds(NetworkClient client, MetadataManager metadata, Sender sender, ScriptedCluster brokers) {
        this.client = client;
        this.metadata = metadata;
        this.sender = sender;
        this.brokers = brokers;
    }

    /** One I/O round: the services' polls, then the network's. */
    void round() {
        long now = Time.SYSTEM.milliseconds();
        long wait = Math.min(metadata.poll(now), sender.poll(now));
        client.poll(Math.min(20, Math.max(0, wait)));
    }

    /** Rounds until {@code condition} holds, failing after 15 s with {@code what}. */
    void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            round();
        }
    }

    /** Rounds until a Produce request reaches the scripted brokers; returns it, unanswered. */
    ScriptedCluster.Produce untilProduce() {
        ScriptedCluster.Produce[] got = new ScriptedCluster.Produce[1];
        until(() -> (got[0] = pollNow()) != null, "a Produce request");
        return got[0];
    }

    /** The next Produce request if one has arrived, else null. */
    ScriptedCluster.Produce pollNow() {
        try {
            return brokers.pollProduce(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
