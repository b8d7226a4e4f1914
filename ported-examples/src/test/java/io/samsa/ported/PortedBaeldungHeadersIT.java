package io.samsa.ported;

import com.baeldung.kafka.headers.KafkaMessageHeaders;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs Baeldung's custom-headers program ({@code com.baeldung.kafka.headers.KafkaMessageHeaders}, its producer half
 * ported by its imports): two records with key "message", value "Hello World" and one header website=baeldung.com,
 * the same {@code List<Header>} given to both, the second with an explicit timestamp, to topic {@code baeldung},
 * which the broker creates on first use (as the tutorial's broker does). The tutorial's own check (its live test)
 * reads them back and compares key, value and headers; Apache's consumer does that here.
 *
 * <p>The program connects to {@code localhost:9092}, written into its code, so the test forwards that port to the
 * embedded broker ({@link PortForwarder}); if the port is taken the test is skipped, saying so. The program never
 * closes its producer: it sends and returns, as the original does before it consumes. The test reads the records back
 * with no flush, then closes the program's producer so its threads do not outlive the test.
 */
@KafkaCluster
class PortedBaeldungHeadersIT {
    private static final String TOPIC = "baeldung";

    @KafkaCluster
    static KafkaTestCluster kafka;

    @Test
    void publishesTwoRecordsCarryingTheWebsiteHeader() throws Exception {
        String[] broker = kafka.bootstrapServers().split(",")[0].split(":");
        PortForwarder forwarder;
        try {
            forwarder = PortForwarder.open("localhost", 9092,
                    new InetSocketAddress(broker[0], Integer.parseInt(broker[1])));
        } catch (IOException e) {
            Assumptions.abort("KafkaMessageHeaders connects to localhost:9092, which this machine already uses: " + e);
            return;
        }
        List<ConsumerRecord<String, String>> back;
        long before;
        long after;
        try (forwarder; CapturedOutput output = CapturedOutput.start()) {
            try {
                before = System.currentTimeMillis();
                KafkaMessageHeaders.main(new String[0]);
                after = System.currentTimeMillis();
                back = KafkaClients.readAll(kafka.clientConfigs(), TOPIC, 1, 2,
                        new StringDeserializer(), new StringDeserializer());
            } finally {
                closeTheProgramsProducer();
            }
            assertThat(output.out()).as("stdout").isEmpty();
            assertThat(output.errWithoutLogLines()).as("stderr").isEmpty();
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
    }

    /** The program keeps its producer in a private static field and never closes it; the test does, bounded. */
    private static void closeTheProgramsProducer() throws ReflectiveOperationException {
        Field field = KafkaMessageHeaders.class.getDeclaredField("producer");
        field.setAccessible(true);
        Object producer = field.get(null);
        if (producer != null) {
            ((io.samsa.clients.producer.KafkaProducer<?, ?>) producer).close(Duration.ofSeconds(30));
        }
    }
}
