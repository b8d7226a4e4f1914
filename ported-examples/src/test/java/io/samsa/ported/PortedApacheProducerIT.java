package io.samsa.ported;

import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.junit.KafkaCluster;
import io.samsa.testsupport.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs Apache Kafka's example producer ({@code kafka.examples.Producer}) as Apache's {@code KafkaConsumerProducerDemo}
 * does, in both {@link Variant}s (ported by its imports; upstream's text through the adapter): a thread sending
 * Integer keys 0..n-1 with values "test" + key, in async mode (callback per record) or sync mode
 * ({@code send().get()}), with or without idempotence; the demo's own call is async or sync without idempotence. What
 * the program printed is checked against what Apache's consumer reads back.
 *
 * <p>Its transactional producer too, driven as Apache's ExactlyOnceMessageProcessor drives it (and run() given a
 * transactional id, which refuses its first send as with Apache's producer), and its failure path given a topic the
 * client may not write, where the typed exception (Samsa's in the port, Apache's through the adapter) must reach the
 * places Apache's code handles it.
 */
@KafkaCluster
class PortedApacheProducerIT {
    private static final long DEADLINE_MS = 120_000;
    private static final int PARTITIONS = 3;
    /** Utils.maybePrintRecord's line, printed by the thread that saw the acknowledgement. */
    private static final Pattern SAMPLE = Pattern.compile(
            "(.+) - Sample: record\\((\\d+), (test\\d+)\\), partition\\((.+)-(\\d+)\\), offset\\((\\d+)\\)");
    private static final Pattern SENT = Pattern.compile("producer - Sent (\\d+) records");

    @KafkaCluster
    static KafkaTestCluster kafka;

    /** What a run of the program left: its printed lines, and whether it ended and counted down its latch. */
    private record Run(List<String> out, List<String> err, CountDownLatch latch) {
        int sent() {
            Matcher m = SENT.matcher(out.get(out.size() - 1));
            assertThat(m.matches()).as("last line of stdout: %s", out).isTrue();
            return Integer.parseInt(m.group(1));
        }
    }

    /** The variant's program thread (a {@code kafka.examples.Producer} of its package), named "producer". */
    private static Thread program(Variant variant, String bootstrap, String topic, boolean isAsync,
                                  String transactionalId, boolean idempotence, int numRecords,
                                  int transactionTimeoutMs, CountDownLatch latch) {
        return variant == Variant.CORE
                ? new kafka.examples.Producer("producer", bootstrap, topic, isAsync, transactionalId, idempotence,
                        numRecords, transactionTimeoutMs, latch)
                : new adapter.kafka.examples.Producer("producer", bootstrap, topic, isAsync, transactionalId,
                        idempotence, numRecords, transactionTimeoutMs, latch);
    }

    /** Starts the program's thread and waits, bounded, for it to end; stops it and fails if it does not. */
    private static Run run(Variant variant, String bootstrap, String topic, boolean isAsync, String transactionalId,
                           boolean idempotence, int numRecords, int transactionTimeoutMs) throws Exception {
        CountDownLatch latch = new CountDownLatch(1);
        Thread producer = program(variant, bootstrap, topic, isAsync, transactionalId, idempotence, numRecords,
                transactionTimeoutMs, latch);
        try (CapturedOutput output = CapturedOutput.start()) {
            producer.start();
            producer.join(DEADLINE_MS);
            if (producer.isAlive()) {
                if (producer instanceof kafka.examples.Producer core) {
                    core.shutdown();
                } else {
                    ((adapter.kafka.examples.Producer) producer).shutdown();
                }
                producer.join(DEADLINE_MS);
                fail("the producer thread was still running after %d ms; stdout tail: %s", DEADLINE_MS,
                        tail(output.out()));
            }
            return new Run(output.out(), output.errWithoutLogLines(), latch);
        }
    }

    private static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 20), lines.size());
    }

    /** The partition Apache's producer picks for an Integer key: murmur2 of IntegerSerializer's four bytes. */
    private static int apachePartition(int key) {
        return BuiltInPartitioner.partitionForKey(new IntegerSerializer().serialize("t", key), PARTITIONS);
    }

    @ParameterizedTest(name = "{0}: async={1}, idempotence={2}")
    @CsvSource({"CORE, true, true", "CORE, false, true", "CORE, true, false", "CORE, false, false",
            "ADAPTER, true, true", "ADAPTER, false, true", "ADAPTER, true, false", "ADAPTER, false, false"})
    void sendsEveryRecordWhereApachesProducerWouldAndPrintsItsSamples(Variant variant, boolean isAsync,
                                                                      boolean idempotence) throws Exception {
        String topic = variant.topic("apache-" + (isAsync ? "async" : "sync") + (idempotence ? "-idempotent" : ""));
        kafka.createTopic(topic, PARTITIONS, 1);
        int numRecords = isAsync ? 1_000 : 200;

        Run run = run(variant, kafka.bootstrapServers(), topic, isAsync, null, idempotence, numRecords, -1);

        assertThat(run.latch().getCount()).as("the program's latch").isZero();
        assertThat(run.err()).as("what the program printed to stderr").isEmpty();
        assertThat(run.sent()).isEqualTo(numRecords);

        List<ConsumerRecord<Integer, String>> back = KafkaClients.readAll(kafka.clientConfigs(), topic, PARTITIONS,
                numRecords, new IntegerDeserializer(), new StringDeserializer());
        assertThat(back).hasSize(numRecords);
        Map<Integer, ConsumerRecord<Integer, String>> byKey = new HashMap<>();
        Map<Integer, List<Integer>> keysByPartition = new HashMap<>();
        for (ConsumerRecord<Integer, String> r : back) {
            assertThat(byKey.put(r.key(), r)).as("key %d read twice", r.key()).isNull();
            assertThat(r.value()).isEqualTo("test" + r.key());
            assertThat(r.partition()).as("partition of key %d", r.key()).isEqualTo(apachePartition(r.key()));
            keysByPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.key());
        }
        assertThat(byKey.keySet()).hasSize(numRecords).allMatch(k -> k >= 0 && k < numRecords);
        // One producer thread, sends in key order: each partition holds its keys in that order, offsets from 0.
        keysByPartition.values().forEach(keys -> assertThat(keys).isSorted());
        assertThat(keysByPartition).hasSize(PARTITIONS);

        // maybePrintRecord prints every (numRecords / 10)th key, from the callback (async) or after get() (sync),
        // with the partition and offset the producer was told.
        List<String> samples = run.out().subList(0, run.out().size() - 1);
        assertThat(samples).hasSize(10);
        for (int i = 0; i < samples.size(); i++) {
            Matcher m = SAMPLE.matcher(samples.get(i));
            assertThat(m.matches()).as("line %d of stdout: %s", i, samples.get(i)).isTrue();
            int key = Integer.parseInt(m.group(2));
            ConsumerRecord<Integer, String> r = byKey.get(key);
            assertThat(key % (numRecords / 10)).isZero();
            assertThat(m.group(3)).isEqualTo("test" + key);
            assertThat(m.group(4)).isEqualTo(topic);
            assertThat(Integer.parseInt(m.group(5))).as("printed partition of key %d", key).isEqualTo(r.partition());
            assertThat(Long.parseLong(m.group(6))).as("printed offset of key %d", key).isEqualTo(r.offset());
            if (!isAsync) {
                assertThat(m.group(1)).as("sync mode prints on the sending thread").isEqualTo("producer");
            }
        }
        assertThat(samples.stream().map(l -> Integer.parseInt(SAMPLE.matcher(l).replaceAll("$2"))))
                .as("sample keys").containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 10).map(i -> i * numRecords / 10).boxed().toList());
    }

    /**
     * The program's transactional parameters only feed the configuration, and run() never calls
     * initTransactions(): with a transactional id, its first send is refused with an IllegalStateException naming
     * initTransactions (Apache's producer refuses it too, after waiting for the topic's metadata), which run()'s
     * catch-all reports. Its transactional producer is for ExactlyOnceMessageProcessor (next test).
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void runWithATransactionalIdHasItsFirstSendRefusedAsOnApachesProducer(Variant variant) throws Exception {
        String topic = variant.topic("apache-transactional");
        kafka.createTopic(topic, 1, 1);

        Run run = run(variant, kafka.bootstrapServers(), topic, true, variant.topic("ported-example-tx"), true, 10,
                30_000);

        assertThat(run.latch().getCount()).isZero();
        assertThat(run.sent()).isZero();
        assertThat(run.err()).isNotEmpty();
        assertThat(run.err().get(0)).isEqualTo("producer - Unhandled exception");
        assertThat(run.err().get(1)).startsWith("java.lang.IllegalStateException: ").contains("initTransactions");
        assertThat(KafkaClients.readAll(kafka.clientConfigs(), topic, 1, 0)).isEmpty();
    }

    /**
     * The program's transactional producer as Apache's ExactlyOnceMessageProcessor (same examples directory) uses
     * it: made by createKafkaProducer() with a transactional id, idempotence and a 10 s transaction timeout; then
     * initTransactions, and for each poll of a read_committed consumer with a static group member (Apache's, in
     * both variants: the port has no consumer), beginTransaction, a send per record (value + "-ok"),
     * sendOffsetsToTransaction with the consumer's positions and groupMetadata(), commitTransaction. The input is
     * what the program itself sent (as KafkaExactlyOnceDemo has it do). One transaction is aborted first. Read at
     * read_committed, the output holds each input record once, transformed, and nothing of the aborted one; the
     * group's committed offset is the input's end.
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void itsTransactionalProducerCommitsWhatTheExactlyOnceProcessorSends(Variant variant) throws Exception {
        String input = variant.topic("apache-eos-input");
        String output = variant.topic("apache-eos-output");
        String group = variant.topic("processor-group");
        kafka.createTopic(input, 1, 1);
        kafka.createTopic(output, 1, 1);
        int numRecords = 100;
        Run sent = run(variant, kafka.bootstrapServers(), input, true, null, true, numRecords, -1);
        assertThat(sent.sent()).isEqualTo(numRecords);

        Map<String, Object> consumerConfig = new HashMap<>(kafka.clientConfigs());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerConfig.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "giid-" + group);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 30);
        long processed = 0;
        try (TransactionalCalls producer = transactionalProducer(variant, kafka.bootstrapServers(), output,
                "tid-" + group);
             KafkaConsumer<Integer, String> consumer = new KafkaConsumer<>(consumerConfig,
                     new IntegerDeserializer(), new StringDeserializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(output, -1, "aborted");
            producer.abortTransaction();

            consumer.subscribe(List.of(input));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
            while (processed < numRecords && System.nanoTime() < deadline) {
                ConsumerRecords<Integer, String> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                for (ConsumerRecord<Integer, String> r : records) {
                    producer.send(output, r.key(), r.value() + "-ok");
                }
                Map<TopicPartition, Long> positions = new HashMap<>();
                for (TopicPartition tp : consumer.assignment()) {
                    positions.put(tp, consumer.position(tp));
                }
                producer.sendOffsetsToTransaction(positions, consumer.groupMetadata());
                producer.commitTransaction();
                processed += records.count();
            }
        }
        assertThat(processed).isEqualTo(numRecords);

        Map<String, Object> readCommitted = new HashMap<>(kafka.clientConfigs());
        readCommitted.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<Integer, String>> out = KafkaClients.readAll(readCommitted, output, 1, numRecords,
                new IntegerDeserializer(), new StringDeserializer());
        assertThat(out).hasSize(numRecords);
        assertThat(out).extracting(ConsumerRecord::key).doesNotHaveDuplicates()
                .allMatch(k -> k >= 0 && k < numRecords);
        assertThat(out).allSatisfy(r -> assertThat(r.value()).isEqualTo("test" + r.key() + "-ok"));
        try (Admin admin = Admin.create(new HashMap<>(kafka.clientConfigs()))) {
            Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                            .get(DEADLINE_MS, TimeUnit.MILLISECONDS);
            assertThat(committed.get(new TopicPartition(input, 0)).offset()).isEqualTo(numRecords);
        }
    }

    /**
     * The calls ExactlyOnceMessageProcessor makes on its producer, in the test's (Apache's) terms, made on either
     * variant's producer: the port's gets Samsa's offsets and group metadata, as the import rule maps them.
     */
    private interface TransactionalCalls extends AutoCloseable {
        void initTransactions();

        void beginTransaction();

        void send(String topic, Integer key, String value);

        void sendOffsetsToTransaction(Map<TopicPartition, Long> positions, ConsumerGroupMetadata groupMetadata);

        void commitTransaction();

        void abortTransaction();

        @Override
        void close();
    }

    /** The program's createKafkaProducer() with a transactional id, as ExactlyOnceMessageProcessor calls it. */
    private static TransactionalCalls transactionalProducer(Variant variant, String bootstrap, String outputTopic,
                                                            String transactionalId) {
        Thread program = program(variant, bootstrap, outputTopic, true, transactionalId, true, -1, 10_000, null);
        if (program instanceof kafka.examples.Producer core) {
            io.samsa.clients.producer.KafkaProducer<Integer, String> p = core.createKafkaProducer();
            return new TransactionalCalls() {
                @Override
                public void initTransactions() {
                    p.initTransactions();
                }

                @Override
                public void beginTransaction() {
                    p.beginTransaction();
                }

                @Override
                public void send(String topic, Integer key, String value) {
                    p.send(new io.samsa.clients.producer.ProducerRecord<>(topic, key, value));
                }

                @Override
                public void sendOffsetsToTransaction(Map<TopicPartition, Long> positions, ConsumerGroupMetadata g) {
                    Map<io.samsa.common.TopicPartition, io.samsa.clients.consumer.OffsetAndMetadata> offsets =
                            new HashMap<>();
                    positions.forEach((tp, position) -> offsets.put(
                            new io.samsa.common.TopicPartition(tp.topic(), tp.partition()),
                            new io.samsa.clients.consumer.OffsetAndMetadata(position, null)));
                    p.sendOffsetsToTransaction(offsets, new io.samsa.clients.consumer.ConsumerGroupMetadata(
                            g.groupId(), g.generationId(), g.memberId(), g.groupInstanceId()));
                }

                @Override
                public void commitTransaction() {
                    p.commitTransaction();
                }

                @Override
                public void abortTransaction() {
                    p.abortTransaction();
                }

                @Override
                public void close() {
                    p.close();
                }
            };
        }
        org.apache.kafka.clients.producer.Producer<Integer, String> p =
                ((adapter.kafka.examples.Producer) program).createKafkaProducer();
        return new TransactionalCalls() {
            @Override
            public void initTransactions() {
                p.initTransactions();
            }

            @Override
            public void beginTransaction() {
                p.beginTransaction();
            }

            @Override
            public void send(String topic, Integer key, String value) {
                p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key, value));
            }

            @Override
            public void sendOffsetsToTransaction(Map<TopicPartition, Long> positions, ConsumerGroupMetadata g) {
                Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets = new HashMap<>();
                positions.forEach((tp, position) -> offsets.put(tp,
                        new org.apache.kafka.clients.consumer.OffsetAndMetadata(position, null)));
                p.sendOffsetsToTransaction(offsets, g);
            }

            @Override
            public void commitTransaction() {
                p.commitTransaction();
            }

            @Override
            public void abortTransaction() {
                p.abortTransaction();
            }

            @Override
            public void close() {
                p.close();
            }
        };
    }

    /**
     * A topic the client may not write: every Produce for it is refused with TOPIC_AUTHORIZATION_FAILED. In async
     * mode the program's callback gets a {@code TopicAuthorizationException}, which is not a
     * {@code RetriableException}, so it calls shutdown() and the send loop stops: with numRecords =
     * Integer.MAX_VALUE that is the only way the thread can end without "Unhandled exception". The program prints
     * only the message, so a record sent with the program's own producer (its createKafkaProducer()) shows the type
     * a callback is given: Samsa's in the port, Apache's through the adapter.
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void aTopicItMayNotWriteReachesTheCallbackAsANonRetriableAuthorizationError(Variant variant,
            @KafkaCluster(brokerConfig = {
                    "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                    "allow.everyone.if.no.acl.found=true"}) EmbeddedKafkaCluster secured) throws Exception {
        String topic = denyWrites(secured, variant.topic("apache-denied-async"));

        Run run = run(variant, secured.bootstrapServers(), topic, true, null, true, Integer.MAX_VALUE, -1);

        assertThat(run.latch().getCount()).isZero();
        int sent = run.sent();
        System.out.printf("%s: %d records sent before the callback stopped the loop%n", topic, sent);
        assertThat(sent).as("records sent before the callback stopped the loop").isPositive()
                .isLessThan(Integer.MAX_VALUE);
        assertThat(run.out()).as("stdout: no record was acknowledged").hasSize(1);
        // Every record sent failed, each through the callback's printErr, all with the authorization error.
        assertThat(run.err()).doesNotContain("producer - Unhandled exception");
        assertThat(run.err()).hasSize(sent);
        // (The message is Samsa's, naming the partition and the broker's error; Apache's reads "Not authorized to
        // access topics: [...]". The program prints it and decides by type.)
        assertThat(run.err()).allSatisfy(line -> assertThat(line).matches(".+ - .*" + topic + ".*")
                .containsIgnoringCase("authorization failed"));
        assertThat(KafkaClients.readAll(secured.clientConfigs(), topic, 1, 0)).as("records in %s", topic).isEmpty();

        Exception given = callbackException(variant, secured.bootstrapServers(), topic);
        assertThat(given.getClass().getName()).isEqualTo(variant.exception("errors.TopicAuthorizationException"));
        assertThat(given).isNotInstanceOf(variant.pick(io.samsa.common.errors.RetriableException.class,
                org.apache.kafka.common.errors.RetriableException.class));
    }

    /** The exception the callback of one record sent to the topic with the program's own producer is given. */
    private static Exception callbackException(Variant variant, String bootstrap, String topic) throws Exception {
        CompletableFuture<Exception> given = new CompletableFuture<>();
        Thread program = program(variant, bootstrap, topic, true, null, true, 1, -1, new CountDownLatch(1));
        if (program instanceof kafka.examples.Producer core) {
            try (var producer = core.createKafkaProducer()) {
                producer.send(new io.samsa.clients.producer.ProducerRecord<>(topic, 0, "probe"),
                        (metadata, e) -> given.complete(e));
            }
        } else {
            try (var producer = ((adapter.kafka.examples.Producer) program).createKafkaProducer()) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, "probe"),
                        (metadata, e) -> given.complete(e));
            }
        }
        return given.get(DEADLINE_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * The same topic in sync mode: send().get() throws ExecutionException, whose cause is the typed
     * {@code TopicAuthorizationException}. syncSend's catch clauses name the unwrapped types, so the
     * ExecutionException leaves syncSend (it declares it) and reaches run()'s catch-all, which prints it: the same
     * path this example takes with Apache's producer, whose future also wraps the error.
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void aTopicItMayNotWriteFailsSyncSendWithTheTypedCauseInsideExecutionException(Variant variant,
            @KafkaCluster(brokerConfig = {
                    "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                    "allow.everyone.if.no.acl.found=true"}) EmbeddedKafkaCluster secured) throws Exception {
        String topic = denyWrites(secured, variant.topic("apache-denied-sync"));

        Run run = run(variant, secured.bootstrapServers(), topic, false, null, true, 10, -1);

        String denied = variant.exception("errors.TopicAuthorizationException: ");
        assertThat(run.latch().getCount()).isZero();
        assertThat(run.sent()).isZero();
        assertThat(run.err().get(0)).isEqualTo("producer - Unhandled exception");
        assertThat(run.err().get(1)).startsWith("java.util.concurrent.ExecutionException: " + denied).contains(topic);
        assertThat(run.err()).anySatisfy(line -> assertThat(line).startsWith("Caused by: " + denied).contains(topic));
        assertThat(KafkaClients.readAll(secured.clientConfigs(), topic, 1, 0)).as("records in %s", topic).isEmpty();
    }

    /**
     * Creates the topic and lets the anonymous client (every client of the plaintext listener) see and read it but not
     * write to it; returns its name. Once a topic has ACLs, allow.everyone.if.no.acl.found no longer covers it.
     */
    private static String denyWrites(EmbeddedKafkaCluster cluster, String topic) {
        cluster.createTopic(topic, 1, 1);
        cluster.createAcl("User:ANONYMOUS", "TOPIC", topic, "LITERAL", "DESCRIBE", "ALLOW");
        cluster.createAcl("User:ANONYMOUS", "TOPIC", topic, "LITERAL", "READ", "ALLOW");
        cluster.createAcl("User:ANONYMOUS", "TOPIC", topic, "LITERAL", "WRITE", "DENY");
        return topic;
    }
}
