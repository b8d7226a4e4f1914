package io.samsa.demo;

import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs the README's demo ({@code mvn -pl demo exec:java} runs {@link Demo#main}) and checks what it prints:
 * each record's partition (murmur2 of its key, as Apache Kafka's producer would choose) and offset, the summary
 * line, then key0(value0)..key9(value9) read back by Apache's consumer. Also the demo given an external
 * cluster's address: a missing {@code test-topic} is created, one with other partitions or older records is
 * used and noted, an address where no broker answers is named. (The "external" clusters are embedded ones the
 * test owns, so it knows which topics they hold: hence {@code EmbeddedKafkaCluster}, skipped with
 * {@code -Dsamsa.bootstrap}.)
 */
class DemoIT {
    private static final Pattern SENT = Pattern.compile("key(\\d) -> partition (\\d+), offset (\\d+)");

    private static List<String> run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            Demo.run(args, out);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /**
     * Checks the ten "keyN -> partition P, offset O" lines starting at {@code first}, the summary and the read
     * back lines after them. With {@code freshOffsets} (an empty topic), offsets count from 0 in each partition
     * in key order; else they only increase.
     */
    private static void assertDemoOutput(List<String> lines, int first, int partitions, boolean freshOffsets) {
        Map<Integer, Long> nextOffset = new HashMap<>();
        for (int i = 0; i < Demo.RECORDS; i++) {
            Matcher m = SENT.matcher(lines.get(first + i));
            assertThat(m.matches()).as("line %d: %s", first + i, lines.get(first + i)).isTrue();
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(i);
            int partition = Integer.parseInt(m.group(2));
            long offset = Long.parseLong(m.group(3));
            assertThat(partition).as("key%d's partition (Apache's murmur2 over %d)", i, partitions)
                    .isEqualTo(BuiltInPartitioner.partitionForKey(("key" + i).getBytes(StandardCharsets.UTF_8),
                            partitions));
            Long expected = nextOffset.get(partition);
            if (freshOffsets) {
                assertThat(offset).as("key%d's offset", i).isEqualTo(expected == null ? 0 : expected);
            } else if (expected != null) {
                assertThat(offset).as("key%d's offset", i).isEqualTo(expected);
            }
            nextOffset.put(partition, offset + 1);
        }
        List<String> rest = lines.subList(first + Demo.RECORDS, lines.size());
        List<String> expected = new ArrayList<>();
        expected.add("10 records sent to topic test-topic");
        expected.add("Read back with Apache Kafka's consumer:");
        for (int i = 0; i < Demo.RECORDS; i++) {
            expected.add("key" + i + "(value" + i + ")");
        }
        assertThat(rest).containsExactlyElementsOf(expected);
    }

    @Test
    void theReadmeDemoOnItsOwnEmbeddedBroker() throws Exception {
        List<String> lines = run();
        assertThat(lines.get(0)).isEqualTo("Starting an embedded Apache Kafka broker (KRaft) ...");
        assertThat(lines.get(1)).matches("Kafka \\d+\\.\\d+\\.\\d+ is up at 127\\.0\\.0\\.1:\\d+ \\(\\d+[.,]\\d s\\)");
        assertDemoOutput(lines, 2, Demo.PARTITIONS, true);
    }

    @Test
    void anExternalClusterWithoutTheTopicGetsItCreated(@KafkaCluster(shared = false) EmbeddedKafkaCluster kafka)
            throws Exception {
        List<String> lines = run(kafka.bootstrapServers());
        assertThat(lines.get(0)).isEqualTo("Created topic test-topic (3 partitions) at " + kafka.bootstrapServers());
        assertDemoOutput(lines, 1, Demo.PARTITIONS, true);
        assertThat(kafka.describeTopic(Demo.TOPIC)).hasSize(Demo.PARTITIONS);

        // A second run finds the topic (no note, nothing created), appends after the first run's records and
        // reads back only its own ten.
        List<String> again = run(kafka.bootstrapServers());
        assertDemoOutput(again, 0, Demo.PARTITIONS, false);
        long[] firstOffsets = offsets(lines, 1);
        long[] secondOffsets = offsets(again, 0);
        for (int i = 0; i < Demo.RECORDS; i++) {
            assertThat(secondOffsets[i]).as("key%d's offset in the second run", i)
                    .isEqualTo(firstOffsets[i] + countOnPartitionOf(lines, 1, i));
        }
    }

    /** The offsets printed in the ten lines starting at {@code first}, by key number. */
    private static long[] offsets(List<String> lines, int first) {
        long[] out = new long[Demo.RECORDS];
        for (int i = 0; i < Demo.RECORDS; i++) {
            Matcher m = SENT.matcher(lines.get(first + i));
            assertThat(m.matches()).isTrue();
            out[i] = Long.parseLong(m.group(3));
        }
        return out;
    }

    /** How many of the ten lines starting at {@code first} went to key{@code key}'s partition. */
    private static long countOnPartitionOf(List<String> lines, int first, int key) {
        String partition = SENT.matcher(lines.get(first + key)).replaceAll("$2");
        return lines.subList(first, first + Demo.RECORDS).stream()
                .filter(l -> SENT.matcher(l).replaceAll("$2").equals(partition)).count();
    }

    @Test
    void anExistingTopicWithOtherPartitionsIsUsedAndNoted(@KafkaCluster(shared = false) EmbeddedKafkaCluster kafka)
            throws Exception {
        kafka.createTopic(Demo.TOPIC, 5, 1);
        List<String> lines = run(kafka.bootstrapServers());
        assertThat(lines.get(0)).isEqualTo("Note: test-topic at " + kafka.bootstrapServers()
                + " has 5 partitions, not 3: the records land on other partitions than the README shows.");
        assertDemoOutput(lines, 1, 5, true);
    }

    @Test
    void anAddressWhereNoBrokerAnswersIsNamed() {
        assertThatThrownBy(() -> run("127.0.0.1:1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No Kafka broker at 127.0.0.1:1 answered");
    }
}
