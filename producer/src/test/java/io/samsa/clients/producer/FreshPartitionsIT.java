package io.samsa.clients.producer;

import io.samsa.common.serialization.ByteArraySerializer;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records sent to a topic the moment it is created: its partitions have leaders in the metadata, but the broker
 * creates their logs one after another, and answers {@code NOT_LEADER_OR_FOLLOWER} for those it has not created
 * yet (for thousands of partitions, seconds). Each such batch must be retried until its partition exists and then
 * delivered once, in order: every partition ends with exactly the offsets 0..n-1.
 */
@KafkaCluster
class FreshPartitionsIT {
    static final int PARTITIONS = 3_000;
    static final int PER_PARTITION = 20;

    @Test
    void recordsSentWhileTheBrokerStillCreatesThePartitionsAreEachDeliveredOnce(KafkaTestCluster kafka)
            throws Exception {
        String topic = "fresh";
        kafka.createTopic(topic, PARTITIONS, 1);
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("acks", "all");
        config.put("linger.ms", 5);
        List<List<CompletableFuture<RecordMetadata>>> sent = new ArrayList<>();
        double retried;
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int p = 0; p < PARTITIONS; p++) {
                sent.add(new ArrayList<>());
            }
            // Round after round over every partition, so that every partition is sent to from the first moment.
            for (int i = 0; i < PER_PARTITION; i++) {
                for (int p = 0; p < PARTITIONS; p++) {
                    sent.get(p).add(producer.send(new ProducerRecord<>(topic, p, null, new byte[]{(byte) i})));
                }
            }
            producer.flush();
            retried = CallbackOrderIT.metric(producer, "record-retry-total");
        }
        System.out.println("FreshPartitionsIT: records retried " + retried);
        assertThat(retried).as("the broker refused records while it created the partitions: the case was met")
                .isPositive();
        List<String> failures = new ArrayList<>(); // the first few, for the message
        int failed = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            TreeSet<Long> offsets = new TreeSet<>();
            for (CompletableFuture<RecordMetadata> f : sent.get(p)) {
                try {
                    offsets.add(f.get(0, TimeUnit.MILLISECONDS).offset()); // flush returned: all complete
                } catch (ExecutionException e) {
                    if (failed++ < 10) {
                        failures.add("partition " + p + ": " + e.getCause());
                    }
                }
            }
            if (failed == 0) {
                assertThat(offsets).as("partition %d: each record once, in order", p)
                        .hasSize(PER_PARTITION).first().isEqualTo(0L);
                assertThat(offsets.last()).as("partition %d", p).isEqualTo(PER_PARTITION - 1L);
            }
        }
        assertThat(failed).as("failed records; the first ones: %s", failures).isZero();
        kafka.deleteTopic(topic);
    }
}
