package io.samsa.clients.producer;

import io.samsa.clients.consumer.ConsumerGroupMetadata;
import io.samsa.clients.consumer.OffsetAndMetadata;
import io.samsa.common.KafkaException;
import io.samsa.common.TopicPartition;
import io.samsa.common.errors.ProducerFencedException;
import io.samsa.common.errors.TimeoutException;
import io.samsa.common.serialization.StringSerializer;
import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consume-transform-produce, exactly once, through a crash: Apache Kafka's consumer reads a topic at
 * {@code read_committed}, a transactional Samsa producer copies each record to another topic and commits the
 * consumer's offsets in the same transaction, while the broker that coordinates the transaction is killed with
 * SIGKILL and later restarted (3 nodes, replication factor 3). A transaction that fails is aborted and the consumer
 * rewinds to the committed offsets, as a real service does. The copy, read at {@code read_committed}, holds every
 * source record exactly once.
 */
class TransactionFailoverIT {
    private static final int RECORDS = 30_000;
    private static final int PARTITIONS = 3;
    private static final String TRANSACTIONAL_ID = "ctp-txn";
    private static final String GROUP = "ctp-group";
    private static final long DEADLINE_NS = TimeUnit.MINUTES.toNanos(5);

    @Test
    void copiesATopicExactlyOnceWhileTheTransactionCoordinatorIsKilled(
            @KafkaCluster(nodes = 3, shared = false) EmbeddedKafkaCluster kafka) throws Exception {
        String source = "ctp-source";
        String sink = "ctp-sink";
        kafka.createTopic(source, PARTITIONS, 3);
        kafka.createTopic(sink, PARTITIONS, 3);
        fill(kafka, source);

        AtomicInteger commits = new AtomicInteger();
        CompletableFuture<Integer> killed = new CompletableFuture<>();
        CompletableFuture<Void> restarted = new CompletableFuture<>();
        Thread chaos = new Thread(() -> killAndRestartCoordinator(kafka, commits, killed, restarted), "chaos");
        chaos.start();
        int aborts;
        try {
            aborts = copy(kafka, source, sink, commits, killed, restarted);
        } finally {
            chaos.interrupt();
            chaos.join(TimeUnit.MINUTES.toMillis(2));
        }
        assertThat(killed).as("the coordinator was killed while the copy ran").isCompleted();
        assertThat(restarted).as("and restarted").isCompleted();

        Map<String, Object> readCommitted = new HashMap<>(kafka.clientConfigs());
        readCommitted.put("isolation.level", "read_committed");
        List<ConsumerRecord<String, String>> copied = KafkaClients.readAll(readCommitted, sink, PARTITIONS, RECORDS,
                new StringDeserializer(), new StringDeserializer());
        Set<String> values = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (ConsumerRecord<String, String> r : copied) {
            if (!values.add(r.value())) {
                duplicates.add(r.value());
            }
        }
        assertThat(duplicates).as("copied twice (%d aborted transactions)", aborts).isEmpty();
        assertThat(values).as("copied once").hasSize(RECORDS);
        for (int i = 0; i < RECORDS; i += 997) {
            assertThat(values).contains("v-" + i);
        }
    }

    /** The consume-transform-produce loop; returns how many transactions it aborted. */
    private static int copy(EmbeddedKafkaCluster kafka, String source, String sink, AtomicInteger commits,
                            CompletableFuture<Integer> killed, CompletableFuture<Void> restarted) {
        Map<String, Object> consumerConfig = new HashMap<>(kafka.clientConfigs());
        consumerConfig.put("group.id", GROUP);
        consumerConfig.put("isolation.level", "read_committed");
        consumerConfig.put("enable.auto.commit", false);
        consumerConfig.put("auto.offset.reset", "earliest");
        consumerConfig.put("max.poll.records", 500);
        Map<String, Object> producerConfig = new HashMap<>(kafka.clientConfigs());
        producerConfig.put("transactional.id", TRANSACTIONAL_ID);
        producerConfig.put("max.block.ms", 60_000);
        int aborts = 0;
        long deadline = System.nanoTime() + DEADLINE_NS;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new StringDeserializer());
             KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                     new StringSerializer())) {
            consumer.subscribe(List.of(source));
            producer.initTransactions();
            while (System.nanoTime() < deadline) {
                if (copiedEverything(consumer, source) && restarted.isDone()) {
                    return aborts;
                }
                ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(500));
                if (polled.isEmpty()) {
                    continue;
                }
                try {
                    producer.beginTransaction();
                    for (ConsumerRecord<String, String> r : polled) {
                        producer.send(new ProducerRecord<>(sink, r.key(), r.value()));
                    }
                    producer.sendOffsetsToTransaction(positions(consumer, polled), groupMetadata(consumer));
                    commit(producer, deadline);
                    commits.incrementAndGet();
                } catch (ProducerFencedException e) {
                    throw new AssertionError("nothing else uses " + TRANSACTIONAL_ID, e);
                } catch (KafkaException e) {
                    // The transaction failed (a record, the offsets, the commit): its work is discarded and
                    // redone from the last committed position.
                    aborts++;
                    abort(producer, deadline);
                    rewind(consumer);
                }
            }
            throw new AssertionError("the copy did not finish in time: " + commits.get() + " commits, " + aborts
                    + " aborts, coordinator killed " + killed.isDone() + ", restarted " + restarted.isDone());
        }
    }

    /** A commit that timed out is retried by calling commit again (its outcome is decided at the coordinator). */
    private static void commit(KafkaProducer<?, ?> producer, long deadline) {
        while (true) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    private static void abort(KafkaProducer<?, ?> producer, long deadline) {
        while (true) {
            try {
                producer.abortTransaction();
                return;
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    private static void rewind(KafkaConsumer<String, String> consumer) {
        Set<org.apache.kafka.common.TopicPartition> assigned = consumer.assignment();
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                consumer.committed(assigned, Duration.ofSeconds(60));
        for (org.apache.kafka.common.TopicPartition tp : assigned) {
            org.apache.kafka.clients.consumer.OffsetAndMetadata om = committed.get(tp);
            if (om == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, om.offset());
            }
        }
    }

    private static boolean copiedEverything(KafkaConsumer<String, String> consumer, String source) {
        Set<org.apache.kafka.common.TopicPartition> assigned = consumer.assignment();
        if (assigned.size() < PARTITIONS) {
            return false;
        }
        Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(assigned, Duration.ofSeconds(60));
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                consumer.committed(assigned, Duration.ofSeconds(60));
        for (org.apache.kafka.common.TopicPartition tp : assigned) {
            org.apache.kafka.clients.consumer.OffsetAndMetadata om = committed.get(tp);
            if (om == null || om.offset() < ends.get(tp)) {
                return false;
            }
        }
        return true;
    }

    /** The next offset to read of every partition in the batch: what the transaction commits for the group. */
    private static Map<TopicPartition, OffsetAndMetadata> positions(KafkaConsumer<String, String> consumer,
                                                                   ConsumerRecords<String, String> polled) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (org.apache.kafka.common.TopicPartition tp : polled.partitions()) {
            List<ConsumerRecord<String, String>> records = polled.records(tp);
            long next = records.get(records.size() - 1).offset() + 1;
            out.put(new TopicPartition(tp.topic(), tp.partition()), new OffsetAndMetadata(next));
        }
        return out;
    }

    private static ConsumerGroupMetadata groupMetadata(KafkaConsumer<String, String> consumer) {
        org.apache.kafka.clients.consumer.ConsumerGroupMetadata g = consumer.groupMetadata();
        return new ConsumerGroupMetadata(g.groupId(), g.generationId(), g.memberId(), g.groupInstanceId());
    }

    /**
     * Once a few transactions have committed, kills the transaction coordinator's node; once more have committed
     * without it (or a minute passed), starts it again.
     */
    private static void killAndRestartCoordinator(EmbeddedKafkaCluster kafka, AtomicInteger commits,
                                                  CompletableFuture<Integer> killed, CompletableFuture<Void> restarted) {
        try {
            awaitCommits(commits, 10, TimeUnit.MINUTES.toNanos(2));
            int coordinator;
            try (Admin admin = Admin.create(new HashMap<>(kafka.clientConfigs()))) {
                coordinator = admin.describeTransactions(List.of(TRANSACTIONAL_ID)).description(TRANSACTIONAL_ID)
                        .get(60, TimeUnit.SECONDS).coordinatorId();
            }
            int before = commits.get();
            kafka.killNode(coordinator);
            killed.complete(coordinator);
            awaitCommits(commits, before + 10, TimeUnit.MINUTES.toNanos(1));
            kafka.restartNode(coordinator);
            restarted.complete(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            killed.completeExceptionally(e);
            restarted.completeExceptionally(e);
        }
    }

    private static void awaitCommits(AtomicInteger commits, int atLeast, long timeoutNs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNs;
        while (commits.get() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(50); // polling a counter the copy loop advances; no condition to wait on
        }
    }

    private static void fill(EmbeddedKafkaCluster kafka, String topic) throws Exception {
        Map<String, Object> config = new HashMap<>(kafka.clientConfigs());
        try (KafkaProducer<String, String> p = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                p.send(new ProducerRecord<>(topic, "k-" + i, "v-" + i));
            }
            p.flush();
        }
    }
}
