package io.samsa.sender;

import io.samsa.common.serialization.StringSerializer;
import io.samsa.clients.producer.KafkaProducer;
import io.samsa.clients.producer.ProducerRecord;
import io.samsa.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code metadata.max.idle.ms}: a topic nothing was sent to for that long is no longer asked for in metadata
 * requests, and the next send to it brings it back. Scripted so the test can see which topics each Metadata
 * request names (a real broker does not tell).
 */
class MetadataIdleScriptedTest {

    private static boolean lastAskedWithout(ScriptedCluster c, String topic, int after) {
        List<List<String>> asked = c.metadataTopicsAsked;
        for (int i = after; i < asked.size(); i++) {
            if (!asked.get(i).contains(topic)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void anIdleTopicStopsBeingFetchedAndComesBackOnTheNextSend() throws Exception {
        try (ScriptedCluster cluster = new ScriptedCluster()) {
            cluster.producerIds.add(new long[] {1, 0});
            Map<String, Object> config = new HashMap<>();
            config.put("bootstrap.servers", cluster.bootstrap());
            config.put("linger.ms", 0);
            config.put("metadata.max.idle.ms", 5_000); // the smallest allowed
            config.put("metadata.max.age.ms", 500); // refresh often, so the test sees what is asked
            try (KafkaProducer<String, String> producer =
                         new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                CompletableFuture<RecordMetadata> f0 = producer.send(new ProducerRecord<>(ScriptedCluster.TOPIC, "a"));
                cluster.nextProduce().ok(0);
                assertThat(f0.get(15, TimeUnit.SECONDS).offset()).isZero();
                int mark = cluster.metadataTopicsAsked.size();
                assertThat(cluster.metadataTopicsAsked.get(mark - 1)).contains(ScriptedCluster.TOPIC);

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!lastAskedWithout(cluster, ScriptedCluster.TOPIC, mark) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(lastAskedWithout(cluster, ScriptedCluster.TOPIC, mark))
                        .as("a metadata request without the idle topic, within 30 s").isTrue();

                // Sending again brings the topic back: the record waits for its metadata, then goes out.
                CompletableFuture<RecordMetadata> f1 = producer.send(new ProducerRecord<>(ScriptedCluster.TOPIC, "b"));
                cluster.nextProduce().ok(1);
                assertThat(f1.get(15, TimeUnit.SECONDS).offset()).isEqualTo(1);
                producer.close(Duration.ofSeconds(5));
            }
        }
    }
}
