package io.samsa.ported;

import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs Baeldung's custom-headers program ({@code com.baeldung.kafka.headers.KafkaMessageHeaders}) in both
 * {@link Variant}s: two records with key "message", value "Hello World" and one header website=baeldung.com, the same
 * {@code List<Header>} given to both, the second with an explicit timestamp, to topic {@code baeldung}. The
 * tutorial's own check (its live test) reads them back and compares key, value and headers; Apache's consumer does
 * that here. The topic name is the program's own, so each run has a broker of its own.
 *
 * <p>The core port is the producer half (Samsa has no consumer): the broker creates the topic on first use, as the
 * tutorial's broker does. The adapter run is the whole program: after sending, its own Apache consumer (group
 * "ConsumerGroup1", subscribed after the sends) polls up to a minute and logs each record's key, value and headers at
 * INFO (shown by simplelogger.properties). A new group starts at the log end (auto.offset.reset=latest), after the
 * records it was written to read; so the test creates the topic and commits offset 0 for the group first, as if the
 * group had read nothing yet, and checks what the program logged.
 *
 * <p>The program connects to {@code localhost:9092}, written into its code, so the test forwards that port to the
 * embedded broker ({@link PortForwarder}); if the port is taken the test is skipped, saying so. The program never
 * closes its clients: the test reads the records back with no flush, then closes them so their threads do not outlive
 * the test.
 */
class PortedBaeldungHeadersIT {
    private static final String TOPIC = "baeldung";
    private static final String GROUP = "ConsumerGroup1";
    private static final Pattern PROGRAM_LOG_LINE = Pattern.compile(
            "\\S+ \\[.+\\] INFO adapter\\.com\\.baeldung\\.kafka\\.headers\\.KafkaMessageHeaders - (.*)");

    @ParameterizedTest
    @EnumSource(Variant.class)
    void publishesTwoRecordsCarryingTheWebsiteHeader(Variant variant,
                                                     @KafkaCluster(shared = false) KafkaTestCluster kafka)
            throws Exception {
        String[] broker = kafka.bootstrapServers().split(",")[0].split(":");
        PortForwarder forwarder;
        try {
            forwarder = PortForwarder.open("localhost", 9092,
                    new InetSocketAddress(broker[0], Integer.parseInt(broker[1])));
        } catch (IOException e) {
            Assumptions.abort("KafkaMessageHeaders connects to localhost:9092, which this machine already uses: " + e);
            return;
        }
        if (variant == Variant.ADAPTER) {
            groupHasReadNothing(kafka);
        }
        Class<?> program = variant.pick(com.baeldung.kafka.headers.KafkaMessageHeaders.class,
                adapter.com.baeldung.kafka.headers.KafkaMessageHeaders.class);
        List<ConsumerRecord<String, String>> back;
        List<String> logged;
        long before;
        long after;
        try (forwarder; CapturedOutput output = CapturedOutput.start()) {
            try {
                before = System.currentTimeMillis();
                variant.<Variant.Main>pick(com.baeldung.kafka.headers.KafkaMessageHeaders::main,
                        adapter.com.baeldung.kafka.headers.KafkaMessageHeaders::main).run(new String[0]);
                after = System.currentTimeMillis();
                back = KafkaClients.readAll(kafka.clientConfigs(), TOPIC, 1, 2,
                        new StringDeserializer(), new StringDeserializer());
            } finally {
                closeTheProgramsClients(program);
            }
            assertThat(output.out()).as("stdout").isEmpty();
            assertThat(output.errWithoutLogLines()).as("stderr").isEmpty();
            logged = output.err().stream().map(PROGRAM_LOG_LINE::matcher).filter(Matcher::matches)
                    .map(m -> m.group(1)).toList();
        }

        assertThat(back).hasSize(2);
        for (int i = 0; i < 2; i++) {
            ConsumerRecord<String, String> r = back.get(i);
            assertThat(r.partition()).isZero();
            assertThat(r.offset()).isEqualTo(i);
            assertThat(r.key()).isEqualTo("message");
            assertThat(r.value()).isEqualTo("Hello World");
            Header[] headers = r.headers().toArray();
            assertThat(headers).hasSize(1);
            assertThat(headers[0].key()).isEqualTo("website");
            assertThat(new String(headers[0].value(), StandardCharsets.UTF_8)).isEqualTo("baeldung.com");
            // record1's timestamp is the producer's at send, record2's the program's System.currentTimeMillis().
            assertThat(r.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
            assertThat(r.timestamp()).isBetween(before, after);
        }
        // consumeMessageWithCustomHeaders(): key, value, then each header's key and value, per record read.
        assertThat(logged).as("what the program's consumer logged").isEqualTo(variant.pick(List.of(), List.of(
                "message", "Hello World", "website", "baeldung.com",
                "message", "Hello World", "website", "baeldung.com")));
    }

    /** Creates the topic and commits offset 0 for the program's consumer group. */
    private static void groupHasReadNothing(KafkaTestCluster kafka) {
        kafka.createTopic(TOPIC, 1, 1);
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        try (KafkaConsumer<byte[], byte[]> group = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            group.commitSync(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(0)), Duration.ofSeconds(60));
        }
    }

    /** The program keeps its clients in private static fields and never closes them; the test does, bounded. */
    private static void closeTheProgramsClients(Class<?> program) throws ReflectiveOperationException {
        for (Field field : program.getDeclaredFields()) {
            if (AutoCloseable.class.isAssignableFrom(field.getType())) {
                field.setAccessible(true);
                Object client = field.get(null);
                if (client != null) {
                    client.getClass().getMethod("close", Duration.class).invoke(client, Duration.ofSeconds(30));
                }
            }
        }
    }
}
