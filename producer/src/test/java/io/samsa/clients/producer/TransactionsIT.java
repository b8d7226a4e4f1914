package io.samsa.clients.producer;

import io.samsa.clients.consumer.ConsumerGroupMetadata;
import io.samsa.clients.consumer.OffsetAndMetadata;
import io.samsa.common.KafkaException;
import io.samsa.common.TopicPartition;
import io.samsa.common.errors.ProducerFencedException;
import io.samsa.common.errors.TransactionAbortedException;
import io.samsa.common.serialization.StringSerializer;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
import io.samsa.transaction.TransactionState;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Transactions end to end on the embedded broker, read back with Apache Kafka's consumer at {@code read_committed}:
 * on Kafka 4.1 (transaction version 2: partitions join through Produce, the epoch bumps per transaction) and 3.9
 * (version 1: AddPartitionsToTxn, the epoch stays). Committed records are visible exactly once, aborted ones never;
 * a second producer with the same id fences the first; offsets sent to a transaction become the group's only on
 * commit; a failed record makes the transaction abortable and the producer goes on after the abort.
 */
@KafkaCluster
class TransactionsIT {
    private static final int PARTITIONS = 3;

    @Test
    void committedVisibleAbortedNeverOnKafka41(@KafkaCluster(version = "4.1") KafkaTestCluster kafka)
            throws Exception {
        commitAndAbort(kafka, "txn-41");
    }

    @Test
    void committedVisibleAbortedNeverOnKafka39(@KafkaCluster(version = "3.9") KafkaTestCluster kafka)
            throws Exception {
        commitAndAbort(kafka, "txn-39");
    }

    private static void commitAndAbort(KafkaTestCluster kafka, String topic) throws Exception {
        kafka.createTopic(topic, PARTITIONS, 1);
        try (KafkaProducer<String, String> p = producer(kafka, topic + "-id", Map.of())) {
            p.initTransactions();
            List<CompletableFuture<RecordMetadata>> committed = new ArrayList<>();
            p.beginTransaction();
            for (int i = 0; i < 300; i++) {
                committed.add(p.send(new ProducerRecord<>(topic, "k" + i, "committed-1-" + i)));
            }
            p.commitTransaction();
            // commit returns once every record is acknowledged: the futures are done, with offsets.
            assertThat(committed).allSatisfy(f -> assertThat(f).isCompleted());
            assertThat(committed.get(0).get().hasOffset()).isTrue();

            List<CompletableFuture<RecordMetadata>> aborted = new ArrayList<>();
            p.beginTransaction();
            for (int i = 0; i < 200; i++) {
                aborted.add(p.send(new ProducerRecord<>(topic, "k" + i, "aborted-" + i)));
            }
            p.flush(); // sent and acknowledged, then aborted: read_committed consumers must still skip them
            p.abortTransaction();

            p.beginTransaction();
            for (int i = 0; i < 100; i++) {
                p.send(new ProducerRecord<>(topic, "k" + i, "committed-2-" + i));
            }
            p.commitTransaction();
        }
        List<ConsumerRecord<String, String>> readCommitted = read(kafka, topic, 400, "read_committed");
        assertThat(readCommitted).extracting(ConsumerRecord::value).doesNotHaveDuplicates()
                .allMatch(v -> v.startsWith("committed-")).hasSize(400);
        // The aborted records are in the log: a read_uncommitted reader sees them.
        List<ConsumerRecord<String, String>> all = read(kafka, topic, 600, "read_uncommitted");
        assertThat(all).filteredOn(r -> r.value().startsWith("aborted-")).hasSize(200);
    }

    @Test
    void aNewProducerWithTheSameIdFencesTheOld(KafkaTestCluster kafka) throws Exception {
        String topic = "txn-fence";
        kafka.createTopic(topic, PARTITIONS, 1);
        try (KafkaProducer<String, String> zombie = producer(kafka, "fence-id", Map.of());
             KafkaProducer<String, String> successor = producer(kafka, "fence-id", Map.of())) {
            zombie.initTransactions();
            zombie.beginTransaction();
            zombie.send(new ProducerRecord<>(topic, "z", "zombie")).get(30, TimeUnit.SECONDS);

            successor.initTransactions(); // fences the zombie and aborts its open transaction
            successor.beginTransaction();
            successor.send(new ProducerRecord<>(topic, "s", "successor"));
            successor.commitTransaction();

            assertThatThrownBy(zombie::commitTransaction).isInstanceOf(ProducerFencedException.class);
            // Fatal: every later call says so, and so does send.
            assertThatThrownBy(zombie::beginTransaction).isInstanceOf(ProducerFencedException.class);
        }
        List<ConsumerRecord<String, String>> read = read(kafka, topic, 1, "read_committed");
        assertThat(read).extracting(ConsumerRecord::value).containsExactly("successor");
    }

    @Test
    void offsetsCommitWithTheTransactionOnly(KafkaTestCluster kafka) throws Exception {
        String topic = "txn-offsets";
        String group = "txn-offsets-group";
        kafka.createTopic(topic, 1, 1);
        kafka.createTopic("txn-offsets-source", 1, 1); // the group coordinator refuses offsets of unknown topics
        TopicPartition source = new TopicPartition("txn-offsets-source", 0);
        try (KafkaProducer<String, String> p = producer(kafka, "offsets-id", Map.of())) {
            p.initTransactions();

            p.beginTransaction();
            p.send(new ProducerRecord<>(topic, "a", "aborted"));
            p.sendOffsetsToTransaction(Map.of(source, new OffsetAndMetadata(7, "aborted")),
                    new ConsumerGroupMetadata(group));
            p.abortTransaction();
            assertThat(committedOffsets(kafka, group)).isEmpty();

            p.beginTransaction();
            p.send(new ProducerRecord<>(topic, "c", "committed"));
            p.sendOffsetsToTransaction(Map.of(source, new OffsetAndMetadata(42, "meta")),
                    new ConsumerGroupMetadata(group));
            p.commitTransaction();
        }
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets =
                committedOffsets(kafka, group);
        assertThat(offsets).hasSize(1);
        org.apache.kafka.clients.consumer.OffsetAndMetadata om =
                offsets.get(new org.apache.kafka.common.TopicPartition(source.topic(), 0));
        assertThat(om.offset()).isEqualTo(42);
        assertThat(om.metadata()).isEqualTo("meta");
    }

    @Test
    void aFailedRecordMakesTheTransactionAbortableAndTheProducerGoesOnAfterAbort(KafkaTestCluster kafka)
            throws Exception {
        String topic = "txn-abortable";
        kafka.createTopic(topic, 1, 1);
        try (KafkaProducer<String, String> p = producer(kafka, "abortable-id", Map.of("max.request.size", 4096))) {
            p.initTransactions();
            p.beginTransaction();
            CompletableFuture<RecordMetadata> ok = p.send(new ProducerRecord<>(topic, "k", "fine"));
            CompletableFuture<RecordMetadata> big = p.send(new ProducerRecord<>(topic, "k", "x".repeat(10_000)));
            assertThat(big).failsWithin(30, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                    .havingCause().withMessageContaining("max.request.size");

            assertThatThrownBy(p::commitTransaction).isInstanceOf(KafkaException.class)
                    .hasMessageContaining("must be aborted").hasMessageContaining("max.request.size");
            // Sends fail fast until the abort, naming the cause.
            assertThatThrownBy(() -> p.send(new ProducerRecord<>(topic, "k", "after")))
                    .isInstanceOf(KafkaException.class).hasMessageContaining("max.request.size");
            p.abortTransaction();
            // The record sent before the failure was either sent (then the abort discards it) or still queued
            // (then the abortable error failed it at once, as Apache's producer does): either way it is settled.
            try {
                ok.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(TransactionAbortedException.class)
                        .hasMessageContaining("max.request.size");
            }

            p.beginTransaction();
            p.send(new ProducerRecord<>(topic, "k", "next"));
            p.commitTransaction();
        }
        assertThat(read(kafka, topic, 1, "read_committed")).extracting(ConsumerRecord::value)
                .containsExactly("next");
    }

    /**
     * A commit refused because a record failed comes after that record's callback, even when the callback
     * thread is behind: a caller counting failures in its callbacks knows the cause when the refusal arrives (as
     * with Apache's producer, whose send() runs a record's callback before it returns when the record fails
     * there). The first record's callback holds the callback thread until the commit is waiting.
     */
    @Test
    void aRefusedCommitComesAfterTheFailedRecordsCallback(KafkaTestCluster kafka) throws Exception {
        String topic = "txn-callback-order";
        kafka.createTopic(topic, 1, 1);
        try (KafkaProducer<String, String> p = producer(kafka, "callback-order-id", Map.of("max.request.size", 4096))) {
            p.initTransactions();
            p.beginTransaction();
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            p.send(new ProducerRecord<>(topic, "k", "fine"), (md, e) -> {
                busy.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(busy.await(30, TimeUnit.SECONDS)).as("the first record's callback runs").isTrue();
            AtomicReference<Exception> failure = new AtomicReference<>();
            p.send(new ProducerRecord<>(topic, "k", "x".repeat(10_000)), (md, e) -> failure.set(e));
            // The I/O thread folds the failure in on its next turn: the commit then finds the transaction failed.
            long folded = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (p.transactionState() != TransactionState.ABORTABLE_ERROR && System.nanoTime() < folded) {
                LockSupport.parkNanos(100_000); // a poll, not a spin: the I/O thread needs one of the two cores
            }
            assertThat(p.transactionState()).isEqualTo(TransactionState.ABORTABLE_ERROR);
            Thread committer = Thread.currentThread();
            Thread releaser = new Thread(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline && committer.getState() != Thread.State.TIMED_WAITING
                        && committer.getState() != Thread.State.WAITING) {
                    LockSupport.parkNanos(100_000);
                }
                release.countDown();
            }, "releaser");
            releaser.start();
            try {
                assertThatThrownBy(p::commitTransaction).hasMessageContaining("must be aborted");
                assertThat(failure.get()).as("the failed record's callback ran before the refusal").isNotNull()
                        .hasMessageContaining("max.request.size");
            } finally {
                release.countDown();
                releaser.join(30_000);
            }
            p.abortTransaction();
        }
    }

    @Test
    void anAbortFailsRecordsNotYetSent(KafkaTestCluster kafka) throws Exception {
        String topic = "txn-abort-unsent";
        kafka.createTopic(topic, 1, 1);
        // A long linger keeps the records in their batch until the abort comes.
        try (KafkaProducer<String, String> p = producer(kafka, "abort-unsent-id", Map.of("linger.ms", 60_000))) {
            p.initTransactions();
            p.beginTransaction();
            CompletableFuture<RecordMetadata> waiting = p.send(new ProducerRecord<>(topic, "k", "lingering"));
            p.abortTransaction();
            assertThat(waiting).failsWithin(30, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(TransactionAbortedException.class);
        }
    }

    @Test
    void callsOutOfOrderAreRefusedWithTheReason(KafkaTestCluster kafka) throws Exception {
        String topic = "txn-misuse";
        kafka.createTopic(topic, 1, 1);
        try (KafkaProducer<String, String> p = producer(kafka, "misuse-id", Map.of())) {
            assertThatThrownBy(() -> p.send(new ProducerRecord<>(topic, "k", "v")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("initTransactions");
            assertThatThrownBy(p::beginTransaction).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("initTransactions");
            p.initTransactions();
            assertThatThrownBy(p::initTransactions).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> p.send(new ProducerRecord<>(topic, "k", "v")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("beginTransaction");
            assertThatThrownBy(p::commitTransaction).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("none is in progress");
            p.beginTransaction();
            assertThatThrownBy(p::beginTransaction).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already in progress");
            p.commitTransaction(); // nothing sent: nothing for the coordinator to end, still a clean commit
        }
        try (KafkaProducer<String, String> plain = new KafkaProducer<>(KafkaClientsConfig.of(kafka),
                new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(plain::initTransactions).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("transactional.id");
        }
    }

    @Test
    void theCoordinatorAbortsATransactionLeftOpenPastItsTimeout(@KafkaCluster(brokerConfig =
            "transaction.abort.timed.out.transaction.cleanup.interval.ms=500") KafkaTestCluster kafka)
            throws Exception {
        String topic = "txn-timeout";
        kafka.createTopic(topic, 1, 1);
        try (KafkaProducer<String, String> stalled = producer(kafka, "timeout-id",
                Map.of("transaction.timeout.ms", 2_000))) {
            stalled.initTransactions();
            stalled.beginTransaction();
            stalled.send(new ProducerRecord<>(topic, "k", "stalled")).get(30, TimeUnit.SECONDS);
            // An open transaction holds back what read_committed consumers may read of its partition (the last
            // stable offset): a later record becomes readable only once the coordinator aborted the stalled one.
            try (KafkaProducer<String, String> other = new KafkaProducer<>(KafkaClientsConfig.of(kafka),
                    new StringSerializer(), new StringSerializer())) {
                other.send(new ProducerRecord<>(topic, "k", "later")).get(30, TimeUnit.SECONDS);
            }
            assertThat(read(kafka, topic, 1, "read_committed")).extracting(ConsumerRecord::value)
                    .containsExactly("later");
            // The coordinator bumped the epoch when it aborted: this producer's commit is refused.
            assertThatThrownBy(stalled::commitTransaction).isInstanceOf(KafkaException.class);
        }
    }

    @Test
    void manySmallTransactionsInARow(KafkaTestCluster kafka) throws Exception {
        String topic = "txn-many";
        kafka.createTopic(topic, PARTITIONS, 1);
        int transactions = 2_000;
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        try (KafkaProducer<String, String> p = producer(kafka, "many-id", Map.of())) {
            p.initTransactions();
            for (int t = 0; t < transactions; t++) {
                p.beginTransaction();
                p.send(new ProducerRecord<>(topic, "k" + t, "t" + t + "-a"));
                p.send(new ProducerRecord<>(topic, "j" + t, "t" + t + "-b"));
                if (t % 10 == 9) {
                    p.abortTransaction();
                } else {
                    p.commitTransaction();
                }
            }
            // Every batch's memory came back to buffer.memory: nothing of 2,000 transactions is held.
            assertThat(metric(p, "buffer-available-bytes")).isEqualTo(metric(p, "buffer-total-bytes"));
            assertThat(metric(p, "txn-commit-time-ns-total")).isPositive();
            assertThat(metric(p, "txn-abort-time-ns-total")).isPositive();
        }
        int committed = transactions / 10 * 9 * 2;
        assertThat(read(kafka, topic, committed, "read_committed")).extracting(ConsumerRecord::value)
                .doesNotHaveDuplicates().hasSize(committed);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Set<Thread> leaked;
        do {
            leaked = new HashSet<>(Thread.getAllStackTraces().keySet());
            leaked.removeAll(before);
            leaked.removeIf(th -> !th.getName().startsWith("samsa-") || !th.isAlive());
        } while (!leaked.isEmpty() && System.nanoTime() < deadline);
        assertThat(leaked).as("producer threads still running after close").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------

    private static double metric(KafkaProducer<?, ?> p, String name) {
        return p.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElseThrow(() -> new AssertionError("no metric " + name));
    }

    static KafkaProducer<String, String> producer(KafkaTestCluster kafka, String transactionalId,
                                                  Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(KafkaClientsConfig.of(kafka));
        config.put("transactional.id", transactionalId);
        config.put("max.block.ms", 60_000);
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> read(KafkaTestCluster kafka, String topic, int expected,
                                                             String isolation) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        config.put("isolation.level", isolation);
        int partitions = kafka.describeTopic(topic).size();
        return KafkaClients.readAll(config, topic, partitions, expected, new StringDeserializer(),
                new StringDeserializer());
    }

    private static Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata>
            committedOffsets(KafkaTestCluster kafka, String group) throws Exception {
        try (Admin admin = Admin.create(new HashMap<>(kafka.clientConfigs()))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        }
    }

    /** The cluster's client settings as a producer config map. */
    static final class KafkaClientsConfig {
        static Map<String, Object> of(KafkaTestCluster kafka) {
            return new HashMap<>(kafka.clientConfigs());
        }
    }
}
