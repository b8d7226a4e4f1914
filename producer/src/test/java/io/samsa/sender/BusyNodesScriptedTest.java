package io.samsa.sender;

import io.samsa.accumulator.BusyNodes;
import io.samsa.accumulator.DrainHook;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the sender publishes in {@link BusyNodes} after each round, which appending threads trust to skip waking
 * it: a broker is named only while its connection waits for the network (here: its one request slot taken), and
 * never after - a stale entry would leave batches lingering until the I/O thread's next timer.
 *
 * <p>The sender is driven by hand, one I/O round at a time, on the test thread (what {@code IoThread} does in a
 * loop), so each round's outcome can be checked exactly. The broker is scripted ({@link ScriptedCluster})
 * because a real one cannot be made to hold an answer while the test looks.
 */
@Timeout(60)
class BusyNodesScriptedTest {
    private static final TopicPartition TP = new TopicPartition(ScriptedCluster.TOPIC, 0);

    private ScriptedCluster brokers;
    private NetworkClient client;
    private MetadataManager metadata;
    private RecordAccumulator accumulator;
    private Sender sender;
    private ManualRounds rounds;

    @BeforeEach
    void start() throws Exception {
        brokers = new ScriptedCluster();
        client = new NetworkClient(TestConfigs.network(Map.of()).withMaxInFlightRequestsPerConnection(1), Time.SYSTEM);
        metadata = new MetadataManager(client, Time.SYSTEM, BootstrapServers.parse(brokers.bootstrap()),
                TestConfigs.metadata(Map.of(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 20L,
                ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 100L)));
        // linger.ms of a minute: a batch goes out only when full (or followed by another). One request per
        // connection, without muting the partition (strict order off: retries are 0), so the slot alone decides.
        accumulator = new RecordAccumulator(TestConfigs.accumulator().batchSize(300).bufferMemory(1 << 20)
                .lingerMs(60_000).deliveryTimeoutMs(120_000).retryBackoffMs(100).retryBackoffMaxMs(1_000)
                .maxRequestSize(1 << 20).build(), Time.SYSTEM, DrainHook.NON_IDEMPOTENT, null, null);
        sender = new Sender(TestConfigs.sender(Map.of(ProducerConfig.RETRIES_CONFIG, 0)), client, metadata,
                accumulator, null, null, null, Time.SYSTEM);
        rounds = new ManualRounds(client, metadata, sender, brokers);
        metadata.addTopics(List.of(ScriptedCluster.TOPIC));
        metadata.requestUpdate();
        rounds.until(() -> metadata.cluster().leaderFor(TP) != null, "the partition's leader");
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        brokers.close();
    }

    private void append(int i) throws InterruptedException {
        byte[] value = String.format("%0100d", i).getBytes(StandardCharsets.US_ASCII);
        accumulator.append(ScriptedCluster.TOPIC, 0, System.currentTimeMillis(), null, value, null, null,
                metadata.cluster(), 1_000);
    }

    @Test
    void aBrokerIsNamedOnlyWhileItsRequestSlotsAreTaken() throws Exception {
        BusyNodes busy = accumulator.busyNodes();
        assertThat(busy.isEmpty()).isTrue();

        for (int i = 0; i < 5; i++) { // batches [0, 1] and [2, 3], full; [4] lingering
            append(i);
        }
        ScriptedCluster.Produce p0 = rounds.untilProduce();
        assertThat(p0.batch.recordCount()).isEqualTo(2);
        rounds.round();
        assertThat(busy.contains(1)).as("[2, 3] is ready for broker 1, whose only request slot is taken").isTrue();
        assertThat(busy.containsAndAllBusy(1)).as("and no other broker has data").isTrue();
        assertThat(busy.contains(2)).isFalse();

        p0.ok(0);
        ScriptedCluster.Produce p1 = rounds.untilProduce();
        assertThat(p1.batch.recordCount()).as("the answer freed the slot and [2, 3] took it").isEqualTo(2);
        rounds.round();
        assertThat(busy.isEmpty()).as("the slot is taken but nothing is ready ([4] lingers): no broker was checked,"
                + " none is named, appends wake the sender as before").isTrue();

        append(5);
        append(6); // [4, 5] full and followed by [6]
        rounds.round();
        assertThat(busy.contains(1)).as("ready again, slot still taken").isTrue();

        p1.ok(2);
        ScriptedCluster.Produce p2 = rounds.untilProduce();
        assertThat(p2.batch.recordCount()).isEqualTo(2);
        p2.ok(4);
        rounds.until(() -> sender.inFlightRequests() == 0, "the answer to [4, 5]");
        rounds.round();
        assertThat(busy.isEmpty()).as("the broker is idle ([6] lingers): a stale entry would hold back the"
                + " next full batch").isTrue();
        assertThat(brokers.pollProduce(0)).as("[6] lingers").isNull();
    }
}
