package io.samsa.client;

import io.samsa.common.Node;
import io.samsa.common.PartitionInfo;
import io.samsa.common.header.Header;
import io.samsa.common.header.internals.RecordHeader;
import io.samsa.common.errors.Errors;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.common.Cluster;
import io.samsa.common.TopicMetadata;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.NodeApiVersions;
import io.samsa.protocol.ProduceRequest;
import io.samsa.protocol.ProduceResponse;
import io.samsa.protocol.record.RecordBatchBuilder;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The foundation's acceptance scenario, shared by the tests that run it on each Kafka version: connect,
 * negotiate versions, fetch metadata for a 3-partition topic, send one record batch per partition in a single
 * Produce request per leader (acks=all), get offsets back, and read every record back with Apache Kafka's own
 * consumer: keys, values, headers and timestamps equal, byte for byte.
 */
final class RoundTripScenario {
    static final int RECORDS_PER_PARTITION = 25;

    /** What we sent to one partition, and the offset the broker gave its first record. */
    record Sent(int partition, long baseOffset, List<Rec> records) {
    }

    record Rec(long timestamp, byte[] key, byte[] value, Header[] headers) {
    }

    private RoundTripScenario() {
    }

    /**
     * @param expectedProduceVersion the exact Produce version the broker must negotiate, or 3 to accept any
     */
    static void run(KafkaTestCluster kafka, String topic, short expectedProduceVersion) throws Exception {
        kafka.createTopic(topic, 3, 1);
        try (BrokerClient client = BrokerClient.create(kafka.bootstrapServers())) {
            Cluster cluster = client.metadata(List.of(topic), Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS);
            TopicMetadata tm = cluster.topic(topic);
            assertThat(Errors.forCode(tm.errorCode())).isEqualTo(Errors.NONE);
            assertThat(tm.partitionCount()).isEqualTo(3);
            assertThat(cluster.nodes()).hasSize(kafka.nodeIds().size());

            // One Produce request per leader, carrying a batch for each partition it leads. A freshly created
            // topic can answer NOT_LEADER_OR_FOLLOWER for a moment (the broker publishes metadata before its
            // replica manager has taken leadership): retriable, nothing written, so resend after a refresh, as a
            // producer would.
            long baseTs = System.currentTimeMillis() - 60_000;
            Map<Integer, List<Rec>> content = new TreeMap<>();
            for (PartitionInfo p : tm.partitions()) {
                content.put(p.partition(), records(p.partition(), baseTs));
            }
            List<Sent> sent = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sent.size() < content.size()) {
                assertThat(System.nanoTime()).as("all partitions acknowledged within 60 s").isLessThan(deadline);
                Set<Integer> done = sent.stream().map(Sent::partition).collect(Collectors.toSet());
                Map<Integer, List<PartitionInfo>> byLeader = tm.partitions().stream()
                        .filter(p -> !done.contains(p.partition()) && p.leader() != null)
                        .collect(Collectors.groupingBy(p -> p.leader().id()));
                boolean retry = false;
                for (Map.Entry<Integer, List<PartitionInfo>> e : byLeader.entrySet()) {
                    Node leader = cluster.node(e.getKey());
                    ProduceRequest.Builder request = ProduceRequest.builder((short) -1, 30_000);
                    for (PartitionInfo p : e.getValue()) {
                        request.add(topic, tm.topicId(), p.partition(), batchOf(content.get(p.partition())));
                    }
                    ProduceResponse response = client.send(leader.id(), request.build()).get(60, TimeUnit.SECONDS);
                    NodeApiVersions versions = client.apiVersions(leader.id()).get(10, TimeUnit.SECONDS);
                    if (expectedProduceVersion > 3) {
                        assertThat(versions.latestUsableVersion(ApiKey.PRODUCE)).isEqualTo(expectedProduceVersion);
                    } else {
                        assertThat(versions.latestUsableVersion(ApiKey.PRODUCE)).isGreaterThanOrEqualTo((short) 3);
                    }
                    assertThat(response.responses()).hasSize(1);
                    for (ProduceResponse.PartitionResponse pr : response.responses().get(0).partitions()) {
                        if (pr.error() != Errors.NONE && pr.error().retriable()) {
                            retry = true;
                            continue;
                        }
                        assertThat(pr.error()).as("partition %d", pr.index()).isEqualTo(Errors.NONE);
                        assertThat(pr.baseOffset()).isGreaterThanOrEqualTo(0);
                        sent.add(new Sent(pr.index(), pr.baseOffset(), content.get(pr.index())));
                    }
                }
                if (retry || byLeader.isEmpty()) {
                    Thread.sleep(100); // retry backoff
                    cluster = client.refreshMetadata(List.of(topic), Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS);
                    tm = cluster.topic(topic);
                }
            }
            assertThat(sent).extracting(Sent::partition).containsExactlyInAnyOrder(0, 1, 2);
            assertReadBack(kafka, topic, sent);
        }
    }

    static List<Rec> records(int partition, long baseTs) {
        List<Rec> out = new ArrayList<>();
        for (int i = 0; i < RECORDS_PER_PARTITION; i++) {
            byte[] key = i % 7 == 3 ? null : ("key-" + partition + "-" + i).getBytes(StandardCharsets.UTF_8);
            byte[] value = i % 11 == 5 ? null : ("value-" + partition + "-" + i + "-ünïcödé").getBytes(StandardCharsets.UTF_8);
            Header[] headers = i % 2 == 0
                    ? new Header[] {new RecordHeader("trace", new byte[] {(byte) i, 0, (byte) 0xff}),
                                    new RecordHeader("empty-value", null)}
                    : new Header[0];
            // Timestamps go back and forth so that deltas are negative too.
            long ts = baseTs + (i % 3 == 0 ? -i * 13L : i * 7L);
            out.add(new Rec(ts, key, value, headers));
        }
        return out;
    }

    static ByteBuffer batchOf(List<Rec> recs) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        RecordBatchBuilder builder = new RecordBatchBuilder(buffer);
        for (Rec r : recs) {
            builder.append(r.timestamp(), r.key(), r.value(), r.headers());
        }
        return builder.close(-1L, (short) -1, -1, false);
    }

    static void assertReadBack(KafkaTestCluster kafka, String topic, List<Sent> sent) {
        int expected = sent.stream().mapToInt(s -> s.records().size()).sum();
        // every one of the topic's 3 partitions was sent to (checked by the caller)
        List<ConsumerRecord<byte[], byte[]>> read = KafkaClients.readAll(kafka.clientConfigs(), topic, 3, expected);
        assertThat(read).as("records read back").hasSize(expected);
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> got = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : read) {
            got.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
        }
        for (Sent s : sent) {
            List<ConsumerRecord<byte[], byte[]>> back = got.get(s.partition());
            assertThat(back).hasSize(s.records().size());
            for (int i = 0; i < back.size(); i++) {
                ConsumerRecord<byte[], byte[]> r = back.get(i);
                Rec w = s.records().get(i);
                assertThat(r.offset()).isEqualTo(s.baseOffset() + i);
                assertThat(r.timestamp()).isEqualTo(w.timestamp());
                assertThat(r.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
                assertThat(r.key()).isEqualTo(w.key());
                assertThat(r.value()).isEqualTo(w.value());
                org.apache.kafka.common.header.Header[] hs = r.headers().toArray();
                assertThat(hs).hasSameSizeAs(w.headers());
                for (int h = 0; h < hs.length; h++) {
                    assertThat(hs[h].key()).isEqualTo(w.headers()[h].key());
                    assertThat(hs[h].value()).isEqualTo(w.headers()[h].value());
                }
            }
        }
    }
}
