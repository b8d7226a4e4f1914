package io.samsa.ported;

import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs Confluent's getting-started producer ({@code examples.ProducerExample}) in both {@link Variant}s (ported by its
 * imports; upstream's text through the adapter) the way the guide has readers run it: {@code main} given the path of
 * {@code getting-started-local.properties}, the guide's file (test resource {@code confluent/}, verbatim) with its
 * {@code localhost:<PLAINTEXT PORTS>} placeholder filled in with the embedded broker's address, as the guide tells
 * readers to do. The program sends ten random (user, item) events to topic {@code purchases}, printing one line per
 * acknowledged event from its callback. The topic name is the program's own, so each run has a broker of its own.
 */
class PortedConfluentProducerExampleIT {
    private static final String TOPIC = "purchases";
    private static final int PARTITIONS = 3;
    private static final String PLACEHOLDER = "localhost:<PLAINTEXT PORTS>";
    private static final Pattern PRODUCED =
            Pattern.compile("Produced event to topic purchases: key = (\\S+) *value = (.+)");
    private static final List<String> USERS = List.of("eabara", "jsmith", "sgarcia", "jbernard", "htanaka", "awalther");
    private static final List<String> ITEMS = List.of("book", "alarm clock", "t-shirts", "gift card", "batteries");

    private static String guideProperties() throws Exception {
        try (InputStream in = Objects.requireNonNull(
                PortedConfluentProducerExampleIT.class.getResourceAsStream("/confluent/getting-started-local.properties"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theClassicExampleReadsTheGuidesPropertiesFileAndProducesTenEvents(
            Variant variant, @KafkaCluster(shared = false) KafkaTestCluster kafka, @TempDir Path dir) throws Exception {
        // The guide creates the topic before running the producer (with one partition; three here, so that the
        // partition each key lands on is checked).
        kafka.createTopic(TOPIC, PARTITIONS, 1);
        String guide = guideProperties();
        assertThat(guide).contains("bootstrap.servers=" + PLACEHOLDER)
                .contains("key.deserializer=org.apache.kafka.common.serialization.StringDeserializer");
        Path config = dir.resolve("getting-started.properties");
        Files.writeString(config, guide.replace(PLACEHOLDER, kafka.bootstrapServers()));

        List<String> out;
        List<String> err;
        try (CapturedOutput output = CapturedOutput.start()) {
            variant.<Variant.Main>pick(examples.ProducerExample::main, adapter.examples.ProducerExample::main)
                    .run(new String[] {config.toString()});
            out = output.out();
            err = output.errWithoutLogLines();
        }

        // try-with-resources closed the producer before main returned, and close() waits for the callbacks: all ten
        // lines are there (the summary is printed before close, so it may come before or among them).
        assertThat(err).as("stderr (ex.printStackTrace() in the callback)").isEmpty();
        assertThat(out).hasSize(11).contains("10 events were produced to topic purchases");
        List<String[]> printed = new ArrayList<>();
        for (String line : out) {
            if (!line.equals("10 events were produced to topic purchases")) {
                Matcher m = PRODUCED.matcher(line);
                assertThat(m.matches()).as("stdout line: %s", line).isTrue();
                assertThat(USERS).contains(m.group(1));
                assertThat(ITEMS).contains(m.group(2));
                assertThat(line).as("%-10s pads the key").contains(String.format("key = %-10s value", m.group(1)));
                printed.add(new String[] {m.group(1), m.group(2)});
            }
        }
        assertThat(printed).hasSize(10);

        List<ConsumerRecord<String, String>> back = KafkaClients.readAll(kafka.clientConfigs(), TOPIC, PARTITIONS, 10,
                new StringDeserializer(), new StringDeserializer());
        assertThat(back).hasSize(10);
        // Callbacks run in send order per partition, and offsets are send order: per partition, the printed events
        // and the records read back are the same sequence.
        Map<Integer, List<String>> printedByPartition = new HashMap<>();
        for (String[] event : printed) {
            printedByPartition.computeIfAbsent(apachePartition(event[0]), p -> new ArrayList<>())
                    .add(event[0] + "=" + event[1]);
        }
        Map<Integer, List<String>> readByPartition = new HashMap<>();
        for (ConsumerRecord<String, String> r : back) {
            assertThat(r.partition()).as("partition of key %s", r.key()).isEqualTo(apachePartition(r.key()));
            readByPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.key() + "=" + r.value());
        }
        assertThat(readByPartition).isEqualTo(printedByPartition);
    }

    /**
     * The current guide's version has its properties inline, bootstrap servers included: readers replace the
     * placeholder in the code. Unedited it compiles (a static wildcard import of ProducerConfig ported by the rule)
     * and stops at construction, naming the address, as Apache's producer does. (Apache's producer throws
     * KafkaException "Failed to construct kafka producer" with the ConfigException as its cause; Samsa's producer and
     * the adapter throw the ConfigException itself, a KafkaException too.)
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void theCurrentGuidesExampleUneditedStopsAtTheBootstrapPlaceholder(Variant variant) {
        assertThatThrownBy(() -> variant.<Variant.Main>pick(io.confluent.developer.ProducerExample::main,
                adapter.io.confluent.developer.ProducerExample::main).run(new String[0]))
                .isInstanceOf(variant.pick(io.samsa.common.config.ConfigException.class,
                        org.apache.kafka.common.config.ConfigException.class))
                .hasMessageContaining(PLACEHOLDER);
    }

    private static int apachePartition(String key) {
        return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), PARTITIONS);
    }
}
