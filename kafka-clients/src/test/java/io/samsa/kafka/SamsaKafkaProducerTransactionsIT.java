package io.samsa.kafka;

import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SamsaKafkaProducer}'s transactions on a real broker, used through Apache's {@link Producer} interface with
 * Apache's types only, as Apache-typed code uses them, and read back with Apache's consumer at
 * {@code read_committed}: committed records are visible exactly once, aborted ones never; a consume-transform-produce
 * loop with Apache's consumer commits its group's offsets through {@code sendOffsetsToTransaction} with the
 * consumer's own group metadata, and an aborted transaction's offsets are not committed; stale group metadata is
 * refused with Apache's consumer {@code CommitFailedException}; a second producer with the same id fences the
 * first, which then gets Apache's {@code ProducerFencedException} from its calls and its records' futures.
 */
@KafkaCluster
class SamsaKafkaProducerTransactionsIT {
    private static final long WAIT_SECONDS = 60;

    private static Producer<String, String> producer(KafkaTestCluster kafka, String transactionalId) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put("transactional.id", transactionalId);
        config.put("max.block.ms", 60_000);
        config.put("linger.ms", 5);
        return new SamsaKafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> read(KafkaTestCluster kafka, String topic, int partitions,
                                                             int expected, String isolation) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        return KafkaClients.readAll(config, topic, partitions, expected, new StringDeserializer(),
                new StringDeserializer());
    }

    @Test
    void committedRecordsAreVisibleAndAbortedOnesNever(KafkaTestCluster kafka) throws Exception {
        String topic = "adapter-txn-commit-abort";
        kafka.createTopic(topic, 3, 1);
        try (Producer<String, String> producer = producer(kafka, "adapter-commit-abort")) {
            producer.initTransactions();

            producer.beginTransaction();
            List<CompletableFuture<RecordMetadata>> callbacks = new ArrayList<>();
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                CompletableFuture<RecordMetadata> called = new CompletableFuture<>();
                callbacks.add(called);
                futures.add(producer.send(new ProducerRecord<>(topic, "k" + i, "committed-" + i), (md, e) -> {
                    if (e == null) {
                        called.complete(md);
                    } else {
                        called.completeExceptionally(e);
                    }
                }));
            }
            producer.commitTransaction();
            // The commit returns once every record is acknowledged and its callback has run.
            assertThat(callbacks).allSatisfy(c -> assertThat(c).isCompleted());
            assertThat(futures).allSatisfy(f -> assertThat(f.isDone()).isTrue());
            assertThat(futures.get(0).get().hasOffset()).isTrue();

            producer.beginTransaction();
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "aborted-" + i));
            }
            producer.flush(); // written to the log, then aborted: read_committed consumers must skip them
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "last", "committed-last"));
            producer.commitTransaction();
        }
        List<ConsumerRecord<String, String>> committed = read(kafka, topic, 3, 101, "read_committed");
        assertThat(committed).extracting(ConsumerRecord::value).doesNotHaveDuplicates().hasSize(101)
                .allMatch(v -> v.startsWith("committed-"));
        assertThat(read(kafka, topic, 3, 151, "read_uncommitted")).extracting(ConsumerRecord::value)
                .filteredOn(v -> v.startsWith("aborted-")).hasSize(50);
    }

    /**
     * Apache's consume-transform-produce loop: an Apache consumer in a group (read_committed, no auto-commit) reads
     * the input; each poll's records are transformed and sent in a transaction together with the consumer's
     * positions and {@code groupMetadata()}, all Apache types. The first transaction is aborted: neither its
     * output nor its offsets count, and the consumer goes back to the committed position.
     */
    @Test
    void sendOffsetsToTransactionCommitsTheGroupsOffsetsWithTheTransactionOnly(KafkaTestCluster kafka)
            throws Exception {
        String input = "adapter-txn-ctp-in";
        String output = "adapter-txn-ctp-out";
        String group = "adapter-txn-ctp-group";
        int records = 40;
        kafka.createTopic(input, 1, 1);
        kafka.createTopic(output, 1, 1);
        TopicPartition in = new TopicPartition(input, 0);
        try (Producer<String, String> plain = new SamsaKafkaProducer<>(new HashMap<>(kafka.clientConfigs()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                plain.send(new ProducerRecord<>(input, "k" + i, "v" + i));
            }
            plain.flush();
        }

        Map<String, Object> consumerConfig = new HashMap<>(kafka.clientConfigs());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 7);
        try (Producer<String, String> producer = producer(kafka, "adapter-ctp");
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                     new StringDeserializer())) {
            producer.initTransactions();
            consumer.subscribe(List.of(input));
            boolean abortedOne = false;
            long processed = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS * 2);
            while (processed < records && System.nanoTime() < deadline) {
                List<ConsumerRecord<String, String>> batch = new ArrayList<>();
                consumer.poll(Duration.ofMillis(200)).forEach(batch::add);
                if (batch.isEmpty()) {
                    continue;
                }
                ConsumerGroupMetadata groupMetadata = consumer.groupMetadata();
                assertThat(groupMetadata.generationId()).isPositive();
                producer.beginTransaction();
                for (ConsumerRecord<String, String> r : batch) {
                    producer.send(new ProducerRecord<>(output, r.key(), r.value().toUpperCase()
                            + (abortedOne ? "" : "-aborted")));
                }
                Map<TopicPartition, OffsetAndMetadata> positions = Map.of(in,
                        new OffsetAndMetadata(consumer.position(in), Optional.empty(), "adapter"));
                producer.sendOffsetsToTransaction(positions, groupMetadata);
                if (!abortedOne) {
                    producer.abortTransaction();
                    abortedOne = true;
                    assertThat(committedOffsets(kafka, group)).isEmpty();
                    // As an application does after an abort: back to the last committed position (none: the start).
                    consumer.seekToBeginning(List.of(in));
                    continue;
                }
                producer.commitTransaction();
                processed = consumer.position(in);
            }
            assertThat(processed).isEqualTo(records);
        }
        OffsetAndMetadata committed = committedOffsets(kafka, group).get(in);
        assertThat(committed.offset()).isEqualTo(records);
        assertThat(committed.metadata()).isEqualTo("adapter");
        List<ConsumerRecord<String, String>> out = read(kafka, output, 1, records, "read_committed");
        assertThat(out).extracting(ConsumerRecord::value).hasSize(records).doesNotHaveDuplicates()
                .allMatch(v -> v.matches("V\\d+"));
    }

    /**
     * Offsets from a consumer whose generation is not the group's are refused by the group coordinator (KIP-447):
     * Apache's consumer {@code CommitFailedException}, the type Kafka Streams catches to treat the task as
     * migrated. The transaction then has to be aborted, and the producer goes on.
     */
    @Test
    void staleGroupMetadataIsApachesCommitFailedException(KafkaTestCluster kafka) throws Exception {
        String topic = "adapter-txn-stale-group";
        kafka.createTopic(topic, 1, 1);
        try (Producer<String, String> producer = producer(kafka, "adapter-stale-group")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "doomed"));
            ConsumerGroupMetadata stale = new ConsumerGroupMetadata("adapter-txn-no-such-generation", 5,
                    "member-that-left", Optional.empty());
            assertThatThrownBy(() -> producer.sendOffsetsToTransaction(
                    Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(1)), stale))
                    .isExactlyInstanceOf(CommitFailedException.class);
            assertThatThrownBy(producer::commitTransaction).isExactlyInstanceOf(KafkaException.class)
                    .hasMessageContaining("aborted");
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "after"));
            producer.commitTransaction();
        }
        assertThat(read(kafka, topic, 1, 1, "read_committed")).extracting(ConsumerRecord::value)
                .containsExactly("after");
    }

    @Test
    void aNewProducerWithTheSameIdFencesTheOldWithApachesException(KafkaTestCluster kafka) throws Exception {
        String topic = "adapter-txn-fence";
        kafka.createTopic(topic, 1, 1);
        try (Producer<String, String> zombie = producer(kafka, "adapter-fence");
             Producer<String, String> successor = producer(kafka, "adapter-fence")) {
            zombie.initTransactions();
            zombie.beginTransaction();
            zombie.send(new ProducerRecord<>(topic, "z", "zombie")).get(WAIT_SECONDS, TimeUnit.SECONDS);

            successor.initTransactions(); // fences the zombie and aborts its open transaction
            successor.beginTransaction();
            successor.send(new ProducerRecord<>(topic, "s", "successor"));
            successor.commitTransaction();

            assertThatThrownBy(zombie::commitTransaction).isInstanceOf(ProducerFencedException.class);
            // Fatal: later calls say so, and a record sent now fails its callback and future with it, as on
            // Apache's producer (an ApiException from send goes to the future, not thrown).
            assertThatThrownBy(zombie::beginTransaction).isInstanceOf(ProducerFencedException.class);
            CompletableFuture<Exception> given = new CompletableFuture<>();
            Future<RecordMetadata> late = zombie.send(new ProducerRecord<>(topic, "z", "late"),
                    (md, e) -> given.complete(e));
            assertThat(given.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ProducerFencedException.class);
            assertThatThrownBy(() -> late.get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ProducerFencedException.class);
        }
        assertThat(read(kafka, topic, 1, 1, "read_committed")).extracting(ConsumerRecord::value)
                .containsExactly("successor");
    }

    private static Map<TopicPartition, OffsetAndMetadata> committedOffsets(KafkaTestCluster kafka, String group)
            throws Exception {
        try (Admin admin = Admin.create(new HashMap<>(kafka.clientConfigs()))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
