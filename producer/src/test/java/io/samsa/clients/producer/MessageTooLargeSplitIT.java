package io.samsa.clients.producer;

import io.samsa.common.Metric;
import io.samsa.common.MetricName;
import io.samsa.common.serialization.StringSerializer;
import io.samsa.common.errors.ApiException;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A topic whose {@code max.message.bytes} is far below {@code batch.size}: the broker refuses our batches with
 * MESSAGE_TOO_LARGE, the producer splits them and sends the halves, and every record arrives once, in order.
 * A single record over the limit cannot be split and fails naming the limit.
 */
@KafkaCluster
class MessageTooLargeSplitIT {

    @Test
    void batchesTheBrokerFindsTooLargeAreSplitAndEveryRecordArrivesOnceInOrder(KafkaTestCluster kafka)
            throws Exception {
        kafka.createTopic("split-small", 1, 1, Map.of("max.message.bytes", "2048"));
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("batch.size", 32_768);
        config.put("linger.ms", 100); // batches grow well past 2 KB before they go
        int n = 3_000;
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>(n);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < n; i++) {
                futures.add(producer.send(new ProducerRecord<>("split-small", 0, "k" + i, "v" + i + "-".repeat(80))));
            }
            producer.flush();
            for (int i = 0; i < n; i++) {
                assertThat(futures.get(i).get(30, TimeUnit.SECONDS).offset()).as("offset of record %d", i)
                        .isEqualTo(i);
            }
            double splits = metric(producer.metrics(), "batch-split-total");
            assertThat(splits).as("batches split after MESSAGE_TOO_LARGE").isGreaterThan(0);

            CompletableFuture<RecordMetadata> tooBig =
                    producer.send(new ProducerRecord<>("split-small", 0, "big", "x".repeat(4_000)));
            assertThatThrownBy(() -> tooBig.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(ApiException.class)
                    .hasMessageContaining("split-small-0").hasMessageContaining("max.message.bytes");
        }
        List<ConsumerRecord<byte[], byte[]>> back = KafkaClients.readAll(kafka.clientConfigs(), "split-small", 1, n);
        assertThat(back).hasSize(n);
        for (int i = 0; i < n; i++) {
            ConsumerRecord<byte[], byte[]> r = back.get(i);
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("k" + i);
            assertThat(r.offset()).isEqualTo(i);
        }
    }

    private static double metric(Map<MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElseThrow();
    }
}
