package io.samsa.sender;

import io.samsa.accumulator.DrainHook;
import io.samsa.accumulator.LeaderAvailability;
import io.samsa.accumulator.RecordAccumulator;
import io.samsa.common.utils.Time;
import io.samsa.common.TopicPartition;
import io.samsa.metadata.BootstrapServers;
import io.samsa.metadata.MetadataManager;
import io.samsa.network.NetworkClient;
import io.samsa.clients.producer.ProducerConfig;
import io.samsa.clients.producer.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sender feeds {@link LeaderAvailability} ({@code partitioner.availability.timeout.ms}): a leader that has
 * data ready but cannot take a request for longer than the timeout becomes unavailable to the adaptive sticky
 * partitioner, and available again once it takes one.
 *
 * <p>Scripted ({@link ScriptedCluster}) and stepped by hand, one I/O round at a time: a real broker cannot be
 * made to hold its answer (and so its connection's only request slot) while the test watches the clock.
 */
@Timeout(60)
class LeaderAvailabilityScriptedTest {
    private static final long AVAILABILITY_TIMEOUT_MS = 100;
    private static final int LEADER = 1;

    private ScriptedCluster brokers;
    private NetworkClient client;
    private MetadataManager metadata;
    private RecordAccumulator accumulator;
    private LeaderAvailability availability;
    private Sender sender;
    private ManualRounds rounds;

    @BeforeEach
    void start() throws Exception {
        brokers = new ScriptedCluster();
        // One request per connection: a held answer keeps the leader from taking the next batch.
        client = new NetworkClient(TestConfigs.network(Map.of(
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1)), Time.SYSTEM);
        metadata = new MetadataManager(client, Time.SYSTEM, BootstrapServers.parse(brokers.bootstrap()),
                TestConfigs.metadata(Map.of()));
        availability = new LeaderAvailability(AVAILABILITY_TIMEOUT_MS);
        accumulator = new RecordAccumulator(TestConfigs.accumulator().batchSize(300).lingerMs(0).build(),
                Time.SYSTEM, DrainHook.NON_IDEMPOTENT, null, availability);
        sender = new Sender(TestConfigs.sender(Map.of(ProducerConfig.RETRIES_CONFIG, 0)), client, metadata,
                accumulator, null, null, null, Time.SYSTEM);
        rounds = new ManualRounds(client, metadata, sender, brokers);
        metadata.addTopics(List.of(ScriptedCluster.TOPIC));
        metadata.requestUpdate();
        rounds.until(() -> metadata.cluster().leaderFor(new TopicPartition(ScriptedCluster.TOPIC, 0)) != null,
                "the partition's leader");
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        brokers.close();
    }

    @Test
    void aLeaderThatCannotTakeReadyDataForTheTimeoutIsUnavailableUntilItTakesSome() throws Exception {
        long start = System.nanoTime(); // before the last time the leader could take a request
        append(0);
        ScriptedCluster.Produce first = rounds.untilProduce();
        append(1); // ready at once (linger.ms=0), but the only request slot is taken
        rounds.round();
        assertThat(availability.isUnavailable(LEADER)).as("just became unable to send").isFalse();

        rounds.until(() -> availability.isUnavailable(LEADER), "the leader to become unavailable");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .as("not before partitioner.availability.timeout.ms").isGreaterThanOrEqualTo(AVAILABILITY_TIMEOUT_MS);

        first.ok(0); // the slot frees: the ready batch goes out
        ScriptedCluster.Produce second = rounds.untilProduce();
        assertThat(availability.isUnavailable(LEADER)).as("it took a request again").isFalse();
        second.ok(1);
    }

    private void append(int i) throws InterruptedException {
        byte[] value = String.format("%0100d", i).getBytes(StandardCharsets.US_ASCII);
        accumulator.append(ScriptedCluster.TOPIC, 0, System.currentTimeMillis(), null, value, null, null,
                metadata.cluster(), 1_000);
    }
}
