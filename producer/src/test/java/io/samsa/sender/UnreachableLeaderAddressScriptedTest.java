package io.samsa.sender;

import io.samsa.clients.producer.KafkaProducer;
import io.samsa.clients.producer.ProducerRecord;
import io.samsa.clients.producer.RecordMetadata;
import io.samsa.common.config.LogCapture;
import io.samsa.common.serialization.StringSerializer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Metadata answer that names the partition leader at an address no socket can reach (a port outside 0..65535,
 * a host name with spaces) makes each connection attempt to it fail with an error that names the node, while the
 * producer keeps serving: metadata keeps being refreshed, the log names the problem a bounded number of times,
 * and once the cluster answers sanely the records go out.
 *
 * <p>Scripted ({@link ScriptedCluster}): a real broker cannot be made to advertise such an address.
 */
@Timeout(60)
class UnreachableLeaderAddressScriptedTest {

    @ParameterizedTest(name = "leader advertised at {0}:{1}")
    @CsvSource({"127.0.0.1, 65536, port out of range", "bad host name, 0, cannot resolve host bad host name"})
    void theProducerKeepsServingAndRecoversOnceMetadataNamesAReachableLeader(String host, int port, String why)
            throws Exception {
        try (ScriptedCluster cluster = new ScriptedCluster()) {
            cluster.producerIds.add(new long[] {1, 0});
            cluster.brokerOneHost = host;
            cluster.brokerOnePort = port != 0 ? port : cluster.port(1);
            Map<String, Object> config = new HashMap<>();
            config.put("bootstrap.servers", cluster.bootstrap());
            config.put("linger.ms", 0);
            config.put("metadata.max.age.ms", 200); // refreshes keep coming: the test sees they do
            @SuppressWarnings("unchecked")
            KafkaProducer<String, String>[] created = new KafkaProducer[1];
            @SuppressWarnings("unchecked")
            CompletableFuture<RecordMetadata>[] before = new CompletableFuture[1];
            try {
                // From the producer's start: its first look for a producer id may already try the leader.
                String log = LogCapture.during(() -> {
                    created[0] = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
                    before[0] = created[0].send(new ProducerRecord<>(ScriptedCluster.TOPIC, "before"));
                    await(() -> cluster.metadataRequests.get() >= 1, "the first metadata request");
                    int seen = cluster.metadataRequests.get();
                    // Refreshes after the bad answer: the metadata request in flight always ends.
                    await(() -> cluster.metadataRequests.get() >= seen + 5, "five more metadata requests");
                });
                KafkaProducer<String, String> producer = created[0];

                String leader = "node 1 (" + host + ":" + cluster.brokerOnePort + ")";
                assertThat(log).as("the failed attempt names the node and the cause")
                        .contains("Cannot connect to " + leader).contains(why);
                assertThat(LogCapture.count(log, leader)).as("lines about the node, rate limited:\n" + log)
                        .isBetween(1, 2);
                assertThat(log).as("nothing escaped to the I/O loop").doesNotContain("Unexpected error in I/O thread")
                        .doesNotContain("\tat ");
                assertThat(before[0]).as("no reachable leader yet").isNotDone();

                cluster.brokerOneHost = null; // the cluster answers sanely from now on
                int flipped = cluster.metadataRequests.get();
                // Two more requests: at least one was answered entirely after the flip.
                await(() -> cluster.metadataRequests.get() >= flipped + 2, "a sane metadata answer");
                CompletableFuture<RecordMetadata> after =
                        producer.send(new ProducerRecord<>(ScriptedCluster.TOPIC, "after"));
                int offset = 0;
                while (offset < 2) { // one request with both records, or one each
                    ScriptedCluster.Produce p = cluster.nextProduce();
                    assertThat(p.nodeId).as("the leader, at its real address").isEqualTo(1);
                    p.ok(offset);
                    offset += p.batch.recordCount();
                }
                assertThat(before[0].get(15, TimeUnit.SECONDS).offset()).isZero();
                assertThat(after.get(15, TimeUnit.SECONDS).offset()).isEqualTo(1);
            } finally {
                if (created[0] != null) {
                    created[0].close(Duration.ofSeconds(5));
                }
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            try {
                Thread.sleep(10); // polling interval; the deadline above bounds the wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
